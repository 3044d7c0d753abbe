using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ExposureWeb.Data;
using ExposureWeb.Web.Tests.Alerts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ExposureWeb.Web.Tests.Quotas;

/// <summary>A quota over REST: a 4xx with a problem body that names the setting (never a 500), and nothing saved.</summary>
[Collection(QuotaAppCollection.Name)]
public sealed class QuotaApiTests(QuotaApp app)
{
    private static StringContent Csv(int rows) => new(QuotaApp.Csv(rows), Encoding.UTF8, "text/csv");

    private async Task<int> ManualCountAsync(int portfolioId)
    {
        await using var db = await app.Factory.Services.GetRequiredService<IDbContextFactory<ExposureDbContext>>().CreateDbContextAsync();
        return await db.ManualPositions.CountAsync(m => m.PortfolioId == portfolioId);
    }

    [Fact]
    public async Task ImportManualPositions_PastTheCap_409ProblemNothingSaved()
    {
        var user = await app.NewUserAsync();
        using var first = await user.Client.PostAsync($"/api/portfolios/{user.PortfolioId}/manual-positions/import", Csv(QuotaApp.ManualPositions));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(QuotaApp.ManualPositions, (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("imported").GetInt32());

        using var response = await user.Client.PostAsync($"/api/portfolios/{user.PortfolioId}/manual-positions/import", Csv(1));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Quota reached", problem.GetProperty("title").GetString());
        Assert.Equal("This portfolio holds 10 manual positions, the most allowed (Quotas:ManualPositionsPerPortfolio); delete some or raise the limit.",
            problem.GetProperty("detail").GetString());
        Assert.Equal(QuotaApp.ManualPositions, await ManualCountAsync(user.PortfolioId));
    }

    [Fact]
    public async Task AddManualPosition_AtTheCap_409Problem()
    {
        var user = await app.NewUserAsync();
        (await user.Client.PostAsync($"/api/portfolios/{user.PortfolioId}/manual-positions/import", Csv(QuotaApp.ManualPositions))).Dispose();

        using var response = await user.Client.PostAsJsonAsync($"/api/portfolios/{user.PortfolioId}/manual-positions",
            new { kind = "Spot", underlying = "ETH", quantity = 1 });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("(Quotas:ManualPositionsPerPortfolio)", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(QuotaApp.ManualPositions, await ManualCountAsync(user.PortfolioId));
    }

    [Fact]
    public async Task ImportManualPositions_MoreThanAllowedPerHour_429WithRetryAfter()
    {
        var user = await app.NewUserAsync();
        for (int i = 0; i < QuotaApp.ImportsPerHour; i++)
        {
            using var ok = await user.Client.PostAsync($"/api/portfolios/{user.PortfolioId}/manual-positions/import", Csv(1));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var response = await user.Client.PostAsync($"/api/portfolios/{user.PortfolioId}/manual-positions/import", Csv(1));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.InRange(response.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
        Assert.Contains("(Quotas:ManualPositionImportsPerHour)", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(QuotaApp.ImportsPerHour, await ManualCountAsync(user.PortfolioId));
    }

    [Fact]
    public async Task ImportManualPositions_AnotherWorkspacesPortfolio_404NothingSaved()
    {
        var owner = await app.NewUserAsync();
        var stranger = await app.NewUserAsync();

        using var response = await stranger.Client.PostAsync($"/api/portfolios/{owner.PortfolioId}/manual-positions/import", Csv(1));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, await ManualCountAsync(owner.PortfolioId));
    }

    [Fact]
    public async Task ListManualPositions_SecondPage_TheRowsAfterTheFirstPageWithTheTotal()
    {
        var user = await app.NewUserAsync();
        (await user.Client.PostAsync($"/api/portfolios/{user.PortfolioId}/manual-positions/import", Csv(7))).Dispose();

        var page = await user.Client.GetFromJsonAsync<JsonElement>($"/api/portfolios/{user.PortfolioId}/manual-positions?page=2&pageSize=3");

        Assert.Equal(7, page.GetProperty("total").GetInt32());
        Assert.Equal([4.0, 5.0, 6.0], page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("quantity").GetDouble()));
    }

    [Theory]
    [InlineData("?page=0")]
    [InlineData("?pageSize=501")]
    public async Task ListPositions_BadPaging_400SayingTheRange(string query)
    {
        var user = await app.NewUserAsync();

        using var response = await user.Client.GetAsync($"/api/portfolios/{user.PortfolioId}/positions{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("pageSize is 1 to 500", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateDashboard_WorkspaceAtTheCap_409ProblemNothingSaved()
    {
        var user = await app.NewUserAsync();
        // The portfolio's default dashboard counts: it is made on the first list.
        var held = (await user.Client.GetFromJsonAsync<JsonElement>("/api/dashboards")).EnumerateArray().Count(d => d.GetProperty("workspaceId").GetInt32() == user.WorkspaceId);
        for (int i = held; i < QuotaApp.Dashboards; i++)
        {
            using var ok = await user.Client.PostAsJsonAsync("/api/dashboards", new { workspaceId = user.WorkspaceId, name = $"desk {i}" });
            Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        }

        using var response = await user.Client.PostAsJsonAsync("/api/dashboards", new { workspaceId = user.WorkspaceId, name = "one too many" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("This workspace has 3 dashboards, the most allowed (Quotas:DashboardsPerWorkspace); delete some or raise the limit.",
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(QuotaApp.Dashboards, (await user.Client.GetFromJsonAsync<JsonElement>("/api/dashboards")).EnumerateArray().Count(d => d.GetProperty("workspaceId").GetInt32() == user.WorkspaceId));
    }

    [Fact]
    public async Task CreateShareLink_WorkspaceAtTheCap_409ProblemAndARevokedLinkFreesASlot()
    {
        var user = await app.NewUserAsync();
        var dashboards = await user.Client.GetFromJsonAsync<JsonElement>("/api/dashboards");
        var dashboardId = dashboards.EnumerateArray().First(d => d.GetProperty("workspaceId").GetInt32() == user.WorkspaceId).GetProperty("id").GetInt32();
        var ids = new List<int>();
        for (int i = 0; i < QuotaApp.ShareLinks; i++)
        {
            using var ok = await user.Client.PostAsJsonAsync($"/api/dashboards/{dashboardId}/share-links", new { label = $"link {i}" });
            Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
            ids.Add((await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("link").GetProperty("id").GetInt32());
        }

        using var full = await user.Client.PostAsJsonAsync($"/api/dashboards/{dashboardId}/share-links", new { label = "one too many" });
        using var revoked = await user.Client.DeleteAsync($"/api/share-links/{ids[0]}");
        using var again = await user.Client.PostAsJsonAsync($"/api/dashboards/{dashboardId}/share-links", new { label = "in the freed slot" });

        Assert.Equal(HttpStatusCode.Conflict, full.StatusCode);
        Assert.Equal("This workspace has 2 live share links, the most allowed (Quotas:ShareLinksPerWorkspace); revoke some or raise the limit.",
            (await full.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
    }

    [Fact]
    public async Task CreateAlertRule_WorkspaceAtTheCap_409ProblemNothingSaved()
    {
        var user = await app.NewUserAsync();
        for (int i = 0; i < QuotaApp.AlertRules; i++)
        {
            using var ok = await user.Client.PostAsync($"/api/portfolios/{user.PortfolioId}/alert-rules", Json(AlertTestData.HealthFactorRule($"rule {i}")));
            Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        }

        using var response = await user.Client.PostAsync($"/api/portfolios/{user.PortfolioId}/alert-rules", Json(AlertTestData.HealthFactorRule("one too many")));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("This workspace has 2 alert rules, the most allowed (Quotas:AlertRulesPerWorkspace); delete some or raise the limit.",
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(QuotaApp.AlertRules, (await user.Client.GetFromJsonAsync<JsonElement>($"/api/portfolios/{user.PortfolioId}/alert-rules")).GetArrayLength());
    }

    [Fact]
    public async Task ImportAlertRules_FilePastTheCap_409ProblemNothingSaved()
    {
        var user = await app.NewUserAsync();
        var file = $"[{AlertTestData.HealthFactorRule("a")},{AlertTestData.HealthFactorRule("b")},{AlertTestData.HealthFactorRule("c")}]";

        using var response = await user.Client.PostAsync($"/api/portfolios/{user.PortfolioId}/alert-rules/import", Json(file));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("the file adds 3: more than the 2 allowed (Quotas:AlertRulesPerWorkspace)",
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await user.Client.GetFromJsonAsync<JsonElement>($"/api/portfolios/{user.PortfolioId}/alert-rules")).GetArrayLength());
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");
}
