using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ExposureWeb.Web.Tests.Auth;

namespace ExposureWeb.Web.Tests.Workspaces;

/// <summary>Dashboards over REST on a real app with real sign-ins; fresh wallets per test, so nothing is shared between tests.</summary>
[Collection(AuthAppCollection.Name)]
public sealed class DashboardsApiTests(AuthApp app)
{
    private static readonly object EmptyVariables = new { portfolioId = (int?)null, underlying = (string?)null };

    private async Task<AuthApp.Session> NewUserAsync() => await app.SignInAsync(TestWallet.Fresh());

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    private static async Task<JsonElement> DefaultDashboardAsync(AuthApp.Session session)
    {
        var list = await session.Client.GetFromJsonAsync<JsonElement>("/api/dashboards");
        return list.EnumerateArray().Single(d => d.TryGetProperty("defaultForPortfolioId", out var p) && p.ValueKind == JsonValueKind.Number && p.GetInt32() == session.PortfolioId);
    }

    private static object Widget(string id, int x, int y, int w, int h, int? portfolioId = null) =>
        new { id, kind = "SummaryCards", x, y, w, h, portfolioId };

    [Fact]
    public async Task ListDashboards_NewUser_DefaultDashboardLaidOutLikeThePortfolioPage()
    {
        var alice = await NewUserAsync();

        var summary = await DefaultDashboardAsync(alice);
        var dashboard = await alice.Client.GetFromJsonAsync<JsonElement>($"/api/dashboards/{summary.GetProperty("id").GetInt32()}");

        var kinds = dashboard.GetProperty("layout").GetProperty("widgets").EnumerateArray().Select(w => w.GetProperty("kind").GetString()).ToList();
        Assert.Contains("SummaryCards", kinds);
        Assert.Contains("ExposureTable", kinds);
        Assert.Contains("Positions", kinds);
        Assert.Contains("GreeksHistory", kinds);
        Assert.Equal(alice.PortfolioId, dashboard.GetProperty("layout").GetProperty("variables").GetProperty("portfolioId").GetInt32());
    }

    [Fact]
    public async Task SaveDashboard_StaleVersion_409AndTheNewerLayoutKept()
    {
        var alice = await NewUserAsync();
        using var created = await alice.Client.PostAsJsonAsync("/api/dashboards", new { workspaceId = alice.WorkspaceId, name = "Desk" });
        var id = (await JsonAsync(created)).GetProperty("id").GetInt32();

        using var first = await alice.Client.PutAsJsonAsync($"/api/dashboards/{id}", new { version = 1, layout = new { widgets = new[] { Widget("a", 0, 0, 6, 2) }, variables = EmptyVariables } });
        using var stale = await alice.Client.PutAsJsonAsync($"/api/dashboards/{id}", new { version = 1, layout = new { widgets = new[] { Widget("b", 0, 0, 6, 2) }, variables = EmptyVariables } });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("changed by someone else", (await JsonAsync(stale)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var now = await alice.Client.GetFromJsonAsync<JsonElement>($"/api/dashboards/{id}");
        Assert.Equal(2, now.GetProperty("version").GetInt32());
        Assert.Equal("a", now.GetProperty("layout").GetProperty("widgets")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task SaveDashboard_OverlapOrForeignPortfolio_400NamingTheProblemAndNothingSaved()
    {
        var alice = await NewUserAsync();
        var bob = await NewUserAsync();
        using var created = await alice.Client.PostAsJsonAsync("/api/dashboards", new { workspaceId = alice.WorkspaceId, name = "Desk" });
        var id = (await JsonAsync(created)).GetProperty("id").GetInt32();

        using var overlap = await alice.Client.PutAsJsonAsync($"/api/dashboards/{id}", new { version = 1, layout = new { widgets = new[] { Widget("a", 0, 0, 6, 2), Widget("b", 3, 1, 6, 2) }, variables = EmptyVariables } });
        using var foreign = await alice.Client.PutAsJsonAsync($"/api/dashboards/{id}", new { version = 1, layout = new { widgets = new[] { Widget("a", 0, 0, 6, 2, bob.PortfolioId) }, variables = EmptyVariables } });
        using var unknownMember = await alice.Client.PutAsync($"/api/dashboards/{id}",
            new StringContent("""{"version":1,"layout":{"widgets":[],"variables":{"portfolioId":null,"underlying":null},"script":"x"}}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, overlap.StatusCode);
        Assert.Contains("\"a\" and \"b\" overlap", (await JsonAsync(overlap)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.Contains($"portfolio {bob.PortfolioId} is not in this dashboard's workspace", (await JsonAsync(foreign)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknownMember.StatusCode);
        Assert.Equal(1, (await alice.Client.GetFromJsonAsync<JsonElement>($"/api/dashboards/{id}")).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Dashboards_ViewerAndStranger_ReadOnlyAndMissing()
    {
        var alice = await NewUserAsync();
        var viewerWallet = TestWallet.Fresh();
        await alice.Client.PostAsJsonAsync($"/api/workspaces/{alice.WorkspaceId}/members", new { address = viewerWallet.Address.ToString(), role = "viewer" });
        var viewer = await app.SignInAsync(viewerWallet);
        var stranger = await NewUserAsync();
        var id = (await DefaultDashboardAsync(alice)).GetProperty("id").GetInt32();
        var save = new { version = 1, layout = new { widgets = Array.Empty<object>(), variables = EmptyVariables } };

        Assert.Equal(HttpStatusCode.OK, (await viewer.Client.GetAsync($"/api/dashboards/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.Client.PutAsJsonAsync($"/api/dashboards/{id}", save)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.Client.DeleteAsync($"/api/dashboards/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.Client.PostAsync($"/api/dashboards/{id}/duplicate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.Client.PostAsJsonAsync("/api/dashboards", new { workspaceId = alice.WorkspaceId, name = "mine" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"/api/dashboards/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.PutAsJsonAsync($"/api/dashboards/{id}", save)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.DeleteAsync($"/api/dashboards/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.PostAsync($"/api/dashboards/{id}/duplicate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.PostAsJsonAsync("/api/dashboards", new { workspaceId = alice.WorkspaceId, name = "theirs" })).StatusCode);
        Assert.DoesNotContain((await stranger.Client.GetFromJsonAsync<JsonElement>("/api/dashboards")).EnumerateArray(), d => d.GetProperty("id").GetInt32() == id);
        Assert.Contains("data-testid=\"dashboard-not-found\"", await stranger.Client.GetStringAsync($"/dashboards/{id}"), StringComparison.Ordinal);
        Assert.Equal(1, (await alice.Client.GetFromJsonAsync<JsonElement>($"/api/dashboards/{id}")).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task DuplicateAndDelete_CustomGoneDefaultReset()
    {
        var alice = await NewUserAsync();
        var defaultId = (await DefaultDashboardAsync(alice)).GetProperty("id").GetInt32();
        await alice.Client.PutAsJsonAsync($"/api/dashboards/{defaultId}", new { version = 1, layout = new { widgets = new[] { Widget("only", 0, 0, 12, 2) }, variables = EmptyVariables } });

        using var copy = await alice.Client.PostAsync($"/api/dashboards/{defaultId}/duplicate", null);
        var copyBody = await JsonAsync(copy);
        using var deleteCopy = await alice.Client.DeleteAsync($"/api/dashboards/{copyBody.GetProperty("id").GetInt32()}");
        using var resetDefault = await alice.Client.DeleteAsync($"/api/dashboards/{defaultId}");

        Assert.Equal(HttpStatusCode.Created, copy.StatusCode);
        Assert.EndsWith("(copy)", copyBody.GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, copyBody.GetProperty("layout").GetProperty("widgets").GetArrayLength());
        Assert.Equal(HttpStatusCode.NoContent, deleteCopy.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.Client.GetAsync($"/api/dashboards/{copyBody.GetProperty("id").GetInt32()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, resetDefault.StatusCode);
        var reset = await alice.Client.GetFromJsonAsync<JsonElement>($"/api/dashboards/{defaultId}");
        Assert.True(reset.GetProperty("layout").GetProperty("widgets").GetArrayLength() > 5);
    }
}
