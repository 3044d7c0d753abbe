namespace ExposureWeb.Web.Tests.Governance;

/// <summary>The governance endpoints in the OpenAPI document (no chain needed to describe them).</summary>
[Collection(SharedAppCollection.Name)]
public sealed class GovernanceOpenApiTests(SharedApp app)
{
    [Fact]
    public async Task OpenApiDocument_ListsTheGovernanceEndpoints()
    {
        var document = await app.Factory.CreateClient().GetStringAsync("/openapi/v1.json");

        foreach (var path in new[] { "/api/chains/{name}/governance/changes", "/api/governance/reports/{id}", "/api/governance/what-if", "/api/chains/{name}/governance/scan" })
        {
            Assert.Contains($"\"{path}\"", document, StringComparison.Ordinal);
        }
        Assert.Contains("\"Governance\"", document, StringComparison.Ordinal);
        Assert.Contains("\"timeLeftSeconds\"", document, StringComparison.Ordinal);
    }
}
