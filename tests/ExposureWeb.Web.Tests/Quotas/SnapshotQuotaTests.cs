using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ExposureWeb.Engine.Publishing;
using ExposureWeb.Web.Tests.Workspaces;
using Microsoft.Extensions.DependencyInjection;

namespace ExposureWeb.Web.Tests.Quotas;

/// <summary><c>Quotas:SnapshotsPerWorkspace</c> on a real app whose workspaces may hold two snapshots.</summary>
[Collection(QuotaAppCollection.Name)]
public sealed class SnapshotQuotaTests(QuotaApp app)
{
    [Fact]
    public async Task TakeSnapshot_PastTheCap_409NamingTheSettingAndNothingSaved()
    {
        var user = await app.NewUserAsync();
        await app.Factory.Services.GetRequiredService<IExposurePublisher>().PublishSnapshotAsync(SnapshotsApiTests.Exposure(user.PortfolioId, 7, 2_000), CancellationToken.None);
        var dashboards = await user.Client.GetFromJsonAsync<JsonElement>("/api/dashboards");
        var dashboardId = dashboards.EnumerateArray().First(d => d.GetProperty("workspaceId").GetInt32() == user.WorkspaceId).GetProperty("id").GetInt32();
        StringContent Body() => new("""{"expiry":"Never"}""", Encoding.UTF8, "application/json");
        for (var i = 0; i < QuotaApp.Snapshots; i++)
        {
            using var ok = await user.Client.PostAsync($"/api/dashboards/{dashboardId}/snapshots", Body());
            Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        }

        using var response = await user.Client.PostAsync($"/api/dashboards/{dashboardId}/snapshots", Body());

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(
            "This workspace holds 2 dashboard snapshots, the most allowed (Quotas:SnapshotsPerWorkspace); delete some or raise the limit.",
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(QuotaApp.Snapshots, (await user.Client.GetFromJsonAsync<JsonElement>($"/api/workspaces/{user.WorkspaceId}/snapshots")).GetArrayLength());
    }
}
