using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ExposureWeb.Data;
using ExposureWeb.Data.Quotas;
using ExposureWeb.Engine.Publishing;
using ExposureWeb.Engine.Snapshots;
using ExposureWeb.Jobs;
using ExposureWeb.Web.Tests.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Web.Tests.Workspaces;

/// <summary>
/// Dashboard snapshots over REST on a real app with real sign-ins and a real SQLite file. The engine's part is played by
/// the hub's publisher itself (its chain is a dead port): a snapshot published there is what the hub, REST and a snapshot see.
/// </summary>
[Collection(AuthAppCollection.Name)]
public sealed class SnapshotsApiTests(AuthApp app)
{
    private const string OneDay = """{"expiry":"OneDay"}""";

    private async Task<AuthApp.Session> NewUserAsync() => await app.SignInAsync(TestWallet.Fresh());

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>An exposure of 10 ETH at <paramref name="ethPrice"/> read at <paramref name="block"/>.</summary>
    public static ExposureSnapshot Exposure(int portfolioId, ulong block, double ethPrice) => new(
        portfolioId, "local", block, "0x" + new string('c', 64), DateTimeOffset.FromUnixTimeSeconds(1_700_000_000 + (long)block), DateTimeOffset.FromUnixTimeSeconds(1_700_000_001 + (long)block),
        [new AssetExposureRow("ETH", "spot", 10, ethPrice, 10 * ethPrice, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), 3600, DateTimeOffset.FromUnixTimeSeconds(1_700_003_660), null)],
        [])
    {
        ValueUsd = 10 * ethPrice,
    };

    private Task PublishAsync(ExposureSnapshot snapshot) =>
        app.Factory.Services.GetRequiredService<IExposurePublisher>().PublishSnapshotAsync(snapshot, CancellationToken.None);

    private static async Task<int> DefaultDashboardAsync(AuthApp.Session session)
    {
        var list = await session.Client.GetFromJsonAsync<JsonElement>("/api/dashboards");
        return list.EnumerateArray().Single(d => d.TryGetProperty("defaultForPortfolioId", out var p) && p.ValueKind == JsonValueKind.Number && p.GetInt32() == session.PortfolioId)
            .GetProperty("id").GetInt32();
    }

    private async Task<(AuthApp.Session Session, int DashboardId)> UserWithBlockAsync(ulong block = 123, double ethPrice = 3_000)
    {
        var session = await NewUserAsync();
        await PublishAsync(Exposure(session.PortfolioId, block, ethPrice));
        return (session, await DefaultDashboardAsync(session));
    }

    private static async Task<int> TakeAsync(AuthApp.Session session, int dashboardId, string body = OneDay)
    {
        using var response = await session.Client.PostAsync($"/api/dashboards/{dashboardId}/snapshots", Body(body));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await JsonAsync(response)).GetProperty("id").GetInt32();
    }

    [Fact]
    public async Task TakeSnapshot_ChainMovedAfterwards_SnapshotKeepsTheFrozenBlocksNumbers()
    {
        var (alice, dashboardId) = await UserWithBlockAsync(123, 3_000);

        using var taken = await alice.Client.PostAsync($"/api/dashboards/{dashboardId}/snapshots", Body("""{"expiry":"OneDay","name":"Before the move"}"""));
        var id = (await JsonAsync(taken)).GetProperty("id").GetInt32();
        await PublishAsync(Exposure(alice.PortfolioId, 124, 2_500));
        await Poll.UntilAsync(async () => await alice.Client.GetFromJsonAsync<JsonElement>($"/api/portfolios/{alice.PortfolioId}/exposure"),
            e => e.GetProperty("blockNumber").GetUInt64() == 124, "the live exposure at block 124");
        var snapshot = await alice.Client.GetFromJsonAsync<JsonElement>($"/api/snapshots/{id}");
        var list = await alice.Client.GetFromJsonAsync<JsonElement>($"/api/dashboards/{dashboardId}/snapshots");
        var workspaceList = await alice.Client.GetFromJsonAsync<JsonElement>($"/api/workspaces/{alice.WorkspaceId}/snapshots");
        var audit = await alice.Client.GetFromJsonAsync<JsonElement>($"/api/workspaces/{alice.WorkspaceId}/audit");

        Assert.Equal(HttpStatusCode.Created, taken.StatusCode);
        Assert.Equal($"/api/snapshots/{id}", taken.Headers.Location?.ToString());
        Assert.Equal("Before the move", snapshot.GetProperty("name").GetString());
        Assert.Equal(123UL, snapshot.GetProperty("blockNumber").GetUInt64());
        Assert.Equal("local", snapshot.GetProperty("chainName").GetString());
        var portfolio = snapshot.GetProperty("portfolios").EnumerateArray().Single();
        Assert.Equal(alice.PortfolioId, portfolio.GetProperty("portfolioId").GetInt32());
        Assert.Equal(123UL, portfolio.GetProperty("blockNumber").GetUInt64());
        Assert.Equal(30_000, portfolio.GetProperty("exposure").GetProperty("assets")[0].GetProperty("usdDelta").GetDouble());
        Assert.Equal(30_000, portfolio.GetProperty("exposure").GetProperty("valueUsd").GetDouble());
        Assert.True(snapshot.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(23));
        Assert.Equal(alice.PortfolioId, snapshot.GetProperty("layout").GetProperty("variables").GetProperty("portfolioId").GetInt32());
        Assert.Equal(id, list.EnumerateArray().Single().GetProperty("id").GetInt32());
        Assert.Contains(workspaceList.EnumerateArray(), s => s.GetProperty("id").GetInt32() == id);
        Assert.Equal("snapshot.taken", audit[0].GetProperty("action").GetString());
        Assert.Equal("Before the move", audit[0].GetProperty("subject").GetString());
    }

    [Fact]
    public async Task TakeSnapshot_NoPortfolioHasABlockYet_400SayingSoAndNothingSaved()
    {
        var alice = await NewUserAsync();
        var dashboardId = await DefaultDashboardAsync(alice);

        using var response = await alice.Client.PostAsync($"/api/dashboards/{dashboardId}/snapshots", Body(OneDay));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("no portfolio on this dashboard has been read at a block yet", (await JsonAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await alice.Client.GetFromJsonAsync<JsonElement>($"/api/dashboards/{dashboardId}/snapshots")).GetArrayLength());
    }

    [Fact]
    public async Task Snapshots_ViewerAndStranger_ViewerReadsButIsRefusedChangesStrangerFindsNothing()
    {
        var (alice, dashboardId) = await UserWithBlockAsync();
        var viewerWallet = TestWallet.Fresh();
        await alice.Client.PostAsJsonAsync($"/api/workspaces/{alice.WorkspaceId}/members", new { address = viewerWallet.Address.ToString(), role = "viewer" });
        var viewer = await app.SignInAsync(viewerWallet);
        var stranger = await NewUserAsync();
        var id = await TakeAsync(alice, dashboardId);

        Assert.Equal(HttpStatusCode.OK, (await viewer.Client.GetAsync($"/api/snapshots/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.Client.GetAsync($"/api/dashboards/{dashboardId}/snapshots")).StatusCode);
        using var viewerTake = await viewer.Client.PostAsync($"/api/dashboards/{dashboardId}/snapshots", Body(OneDay));
        Assert.Equal(HttpStatusCode.Forbidden, viewerTake.StatusCode);
        Assert.Contains("may view snapshots but not take or delete them", (await JsonAsync(viewerTake)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.Client.DeleteAsync($"/api/snapshots/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"/api/snapshots/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"/api/dashboards/{dashboardId}/snapshots")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"/api/workspaces/{alice.WorkspaceId}/snapshots")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.PostAsync($"/api/dashboards/{dashboardId}/snapshots", Body(OneDay))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.DeleteAsync($"/api/snapshots/{id}")).StatusCode);
        Assert.Contains("data-testid=\"snapshot-not-found\"", await stranger.Client.GetStringAsync($"/snapshots/{id}"), StringComparison.Ordinal);
        Assert.Contains("data-testid=\"snapshot-provenance\"", await viewer.Client.GetStringAsync($"/snapshots/{id}"), StringComparison.Ordinal);
        Assert.Equal(1, (await alice.Client.GetFromJsonAsync<JsonElement>($"/api/dashboards/{dashboardId}/snapshots")).GetArrayLength());
    }

    [Fact]
    public async Task TakeSnapshot_ForeignPortfolioVariable_400AndNothingSaved()
    {
        var (alice, dashboardId) = await UserWithBlockAsync();
        var bob = await NewUserAsync();
        await PublishAsync(Exposure(bob.PortfolioId, 200, 1_000));

        using var response = await alice.Client.PostAsync($"/api/dashboards/{dashboardId}/snapshots", Body($$"""{"expiry":"Never","portfolioId":{{bob.PortfolioId}}}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"portfolio {bob.PortfolioId} is not in this dashboard's workspace", (await JsonAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await alice.Client.GetFromJsonAsync<JsonElement>($"/api/dashboards/{dashboardId}/snapshots")).GetArrayLength());
    }

    [Theory]
    [InlineData("", "body")]
    [InlineData("{}", "expires")]
    [InlineData("""{"expiry":1}""", "expiry")]
    [InlineData("""{"expiry":"Tomorrow"}""", "expiry")]
    [InlineData("""{"expiry":"OneDay","script":"x"}""", "script")]
    [InlineData("""{"expiry":"OneDay",""", "body")]
    public async Task TakeSnapshot_BadBody_400NamingTheProblemAndNothingSaved(string body, string named)
    {
        var (alice, dashboardId) = await UserWithBlockAsync();

        using var response = await alice.Client.PostAsync($"/api/dashboards/{dashboardId}/snapshots", Body(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(named, (await JsonAsync(response)).GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, (await alice.Client.GetFromJsonAsync<JsonElement>($"/api/dashboards/{dashboardId}/snapshots")).GetArrayLength());
    }

    [Fact]
    public async Task TakeSnapshot_NameTooLong_400WithTheLimit()
    {
        var (alice, dashboardId) = await UserWithBlockAsync();

        using var response = await alice.Client.PostAsync($"/api/dashboards/{dashboardId}/snapshots", Body($$"""{"expiry":"Never","name":"{{new string('n', 101)}}"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most 100 characters", (await JsonAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetSnapshot_Expired_404AndTheCleanupDeletesIt()
    {
        var (alice, dashboardId) = await UserWithBlockAsync();
        var expired = await TakeAsync(alice, dashboardId, """{"expiry":"OneHour"}""");
        var kept = await TakeAsync(alice, dashboardId, """{"expiry":"Never"}""");
        var factory = app.Factory.Services.GetRequiredService<IDbContextFactory<ExposureDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            await db.DashboardSnapshots.Where(s => s.Id == expired).ExecuteUpdateAsync(s => s.SetProperty(x => x.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1)));
        }

        var get = await alice.Client.GetAsync($"/api/snapshots/{expired}");
        var delete = await alice.Client.DeleteAsync($"/api/snapshots/{expired}");
        var list = await alice.Client.GetFromJsonAsync<JsonElement>($"/api/dashboards/{dashboardId}/snapshots");
        await app.Factory.Services.GetRequiredService<SnapshotCleanupJob>().RunAsync(CancellationToken.None);

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal([kept], list.EnumerateArray().Select(s => s.GetProperty("id").GetInt32()));
        Assert.Contains("data-testid=\"snapshot-not-found\"", await alice.Client.GetStringAsync($"/snapshots/{expired}"), StringComparison.Ordinal);
        await using var after = await factory.CreateDbContextAsync();
        Assert.False(await after.DashboardSnapshots.AnyAsync(s => s.Id == expired));
        Assert.True(await after.DashboardSnapshots.AnyAsync(s => s.Id == kept));
        Assert.Null((await alice.Client.GetFromJsonAsync<JsonElement>($"/api/snapshots/{kept}")).GetProperty("expiresAt").GetString());
    }

    [Fact]
    public async Task DeleteSnapshot_Editor_204ThenMissingAndAudited()
    {
        var (alice, dashboardId) = await UserWithBlockAsync();
        var id = await TakeAsync(alice, dashboardId);

        using var deleted = await alice.Client.DeleteAsync($"/api/snapshots/{id}");
        using var again = await alice.Client.DeleteAsync($"/api/snapshots/{id}");
        var audit = await alice.Client.GetFromJsonAsync<JsonElement>($"/api/workspaces/{alice.WorkspaceId}/audit");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.Client.GetAsync($"/api/snapshots/{id}")).StatusCode);
        Assert.Equal(["snapshot.deleted", "snapshot.taken"], audit.EnumerateArray().Take(2).Select(a => a.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task DeleteDashboard_ItHadASnapshot_SnapshotStaysWithoutItsDashboard()
    {
        var (alice, _) = await UserWithBlockAsync();
        using var created = await alice.Client.PostAsJsonAsync("/api/dashboards", new
        {
            workspaceId = alice.WorkspaceId,
            name = "Desk",
            layout = new { widgets = new[] { new { id = "sum", kind = "SummaryCards", x = 0, y = 0, w = 12, h = 2 } }, variables = new { portfolioId = alice.PortfolioId, underlying = (string?)null } },
        });
        var dashboardId = (await JsonAsync(created)).GetProperty("id").GetInt32();
        var id = await TakeAsync(alice, dashboardId);

        Assert.Equal(HttpStatusCode.NoContent, (await alice.Client.DeleteAsync($"/api/dashboards/{dashboardId}")).StatusCode);
        var snapshot = await alice.Client.GetFromJsonAsync<JsonElement>($"/api/snapshots/{id}");

        Assert.Equal(JsonValueKind.Null, snapshot.GetProperty("dashboardId").ValueKind);
        Assert.Equal(30_000, snapshot.GetProperty("portfolios")[0].GetProperty("exposure").GetProperty("valueUsd").GetDouble());
        Assert.Contains((await alice.Client.GetFromJsonAsync<JsonElement>($"/api/workspaces/{alice.WorkspaceId}/snapshots")).EnumerateArray(), s => s.GetProperty("id").GetInt32() == id);
    }

    [Fact]
    public async Task OpenApi_Document_SnapshotEndpointsUnderTheirTag()
    {
        var document = await app.Factory.CreateClient().GetStringAsync("/openapi/v1.json");

        Assert.Contains("\"/api/dashboards/{id}/snapshots\"", document, StringComparison.Ordinal);
        Assert.Contains("\"/api/snapshots/{id}\"", document, StringComparison.Ordinal);
        Assert.Contains("\"Snapshots\"", document, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_NoSetting_500SnapshotsPerWorkspace()
    {
        Assert.Equal(500, app.Factory.Services.GetRequiredService<IOptions<QuotaOptions>>().Value.SnapshotsPerWorkspace);
    }
}
