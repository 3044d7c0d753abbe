using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ExposureWeb.Data;
using ExposureWeb.Data.Entities;
using ExposureWeb.Data.Governance;
using ExposureWeb.Engine.Publishing;
using ExposureWeb.Engine.Stress;
using ExposureWeb.Web.Tests.Alerts;
using ExposureWeb.Web.Tests.Auth;
using ExposureWeb.Web.Tests.Governance;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ExposureWeb.Web.Tests.Security;

/// <summary>Who asks: an HTTP client (with the session cookie, if any) and that cookie for the hub.</summary>
public sealed record MatrixCaller(HttpClient Client, string? SessionCookie);

/// <summary>The ids a request names: the resource (<see cref="Id"/>, swapped for a missing one) and a second id inside it.</summary>
public sealed record MatrixTarget(long Id, long? Sub = null);

/// <summary>
/// One workspace with everything the matrix asks about, made once for the whole matrix through the app's own API and
/// stores: its owner, an editor and a viewer who joined by invitation, a wallet of another workspace and an anonymous
/// client; a portfolio with a snapshot, a dashboard, an alert rule with a dead-lettered notification, a strategy, a
/// queued stress run and a schedule, a silence, a mute timing, a pending invitation, and two governance reports (a
/// proposal's, which every signed-in user reads for their own portfolios, and the owner's what-if). Changes that would
/// use up what they act on (delete, cancel, replay, remove a member) get a fresh one per request from the New… methods.
/// </summary>
public sealed class MatrixWorld : IDisposable
{
    /// <summary>An id no resource of any kind has in the test app.</summary>
    public const long MissingId = 987_654_321;

    private readonly AuthApp _app;
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];

    private MatrixWorld(AuthApp app) => _app = app;

    public ExposureWebFactory Factory => _app.Factory;

    public MatrixCaller Owner { get; private set; } = null!;
    public MatrixCaller Editor { get; private set; } = null!;
    public MatrixCaller Viewer { get; private set; } = null!;
    public MatrixCaller Stranger { get; private set; } = null!;
    public MatrixCaller Anonymous { get; private set; } = null!;

    /// <summary>No account: a browser that proved a wallet to <see cref="WalletsShareSecret"/>'s link (the proof cookie is all it holds).</summary>
    public MatrixCaller ShareViewer { get; private set; } = null!;

    /// <summary>The secret of an "anyone with the link" link to the dashboard.</summary>
    public string AnyoneShareSecret { get; private set; } = "";

    /// <summary>The secret of an "only these wallets" link to the dashboard, naming the share viewer's wallet.</summary>
    public string WalletsShareSecret { get; private set; } = "";

    public int OwnerId { get; private set; }
    public string OwnerAddress { get; private set; } = "";
    public int WorkspaceId { get; private set; }
    public int PortfolioId { get; private set; }
    public int DashboardId { get; private set; }
    public int DefaultDashboardId { get; private set; }
    public int SnapshotId { get; private set; }
    public int RuleId { get; private set; }
    public int StrategyId { get; private set; }
    public long StressRunId { get; private set; }
    public int ScheduleId { get; private set; }
    public int SilenceId { get; private set; }
    public int MuteTimingId { get; private set; }
    public int InvitationId { get; private set; }
    public int ProposalReportId { get; private set; }
    public int WhatIfReportId { get; private set; }

    public string WorkspaceName => $"Matrix workspace {_tag}";
    public string PortfolioName => $"Matrix book {_tag}";
    public string DashboardName => $"Matrix desk {_tag}";
    public string SnapshotName => $"Matrix month end {_tag}";
    public string RuleName => $"Matrix rule {_tag}";
    public string StrategyName => $"Matrix floor {_tag}";
    public string ReportTitle => $"Matrix proposal {_tag}";
    public string WhatIfTitle => $"Matrix what-if {_tag}";

    /// <summary>What no one outside the workspace may read in any answer: its names and its owner's wallet.</summary>
    public IReadOnlyList<string> Secrets => [WorkspaceName, PortfolioName, DashboardName, SnapshotName, RuleName, StrategyName, WhatIfTitle, OwnerAddress];

    public static async Task<MatrixWorld> CreateAsync(AuthApp app)
    {
        var world = new MatrixWorld(app);
        await world.BuildAsync();
        return world;
    }

    private async Task BuildAsync()
    {
        var ownerWallet = TestWallet.Fresh();
        (Owner, OwnerId) = await SignInAsync(ownerWallet);
        OwnerAddress = ownerWallet.Address.ToString();
        await using (var db = await DbAsync())
        {
            var workspace = await db.WorkspaceMembers.Where(m => m.UserId == OwnerId && m.Role == WorkspaceRole.Owner).Select(m => m.Workspace!).FirstAsync();
            workspace.Name = WorkspaceName;
            await db.SaveChangesAsync();
            WorkspaceId = workspace.Id;
        }
        var (created, portfolioId) = await Factory.Services.GetRequiredService<Data.Accounts.UserPortfolios>().CreateAsync(OwnerId, WorkspaceId, PortfolioName, "local");
        Assert.True(created.Ok, created.Error);
        PortfolioId = portfolioId!.Value;
        await Factory.Services.GetRequiredService<IExposurePublisher>().PublishSnapshotAsync(WorkspaceIsolationTests.Snapshot(PortfolioId), CancellationToken.None);

        Editor = await JoinAsync("editor");
        Viewer = await JoinAsync("viewer");
        (Stranger, _) = await SignInAsync(TestWallet.Fresh());
        Anonymous = new MatrixCaller(Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false }), null);

        DashboardId = await IdOfAsync(Owner.Client.PostAsJsonAsync("/api/dashboards", new { workspaceId = WorkspaceId, name = DashboardName }));
        var dashboards = await Owner.Client.GetFromJsonAsync<JsonElement>("/api/dashboards");
        DefaultDashboardId = dashboards.EnumerateArray()
            .Single(d => d.TryGetProperty("defaultForPortfolioId", out var p) && p.ValueKind == JsonValueKind.Number && p.GetInt32() == PortfolioId).GetProperty("id").GetInt32();
        SnapshotId = await NewSnapshotAsync(SnapshotName);
        AnyoneShareSecret = await ShareAsync(new { });
        var shareWallet = TestWallet.Fresh();
        WalletsShareSecret = await ShareAsync(new { addresses = new[] { shareWallet.Address.ToString() } });
        ShareViewer = await ProveAsync(shareWallet, WalletsShareSecret);
        RuleId = await NewRuleAsync(RuleName);
        StrategyId = await IdOfAsync(Owner.Client.PostAsync($"/api/portfolios/{PortfolioId}/strategies", Json(StrategyBody(StrategyName))));
        StressRunId = await NewStressRunAsync();
        ScheduleId = await NewScheduleAsync();
        SilenceId = await NewSilenceAsync();
        MuteTimingId = await NewMuteTimingAsync();
        InvitationId = await NewInvitationAsync();
        ProposalReportId = await StoreReportAsync(GovernanceTestData.Report(ReportTitle, [GovernanceTestData.Portfolio(PortfolioId, PortfolioName, 1.9, 1.7)], Engine.Governance.ImpactReportKinds.Proposal), null);
        WhatIfReportId = await StoreReportAsync(GovernanceTestData.Report(WhatIfTitle, [GovernanceTestData.Portfolio(PortfolioId, PortfolioName, 1.9, 1.7)]), OwnerId);
    }

    public void Dispose()
    {
        foreach (var caller in new[] { Owner, Editor, Viewer, Stranger, Anonymous, ShareViewer }) caller?.Client.Dispose();
    }

    public static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    public static string StrategyBody(string name) => $$$"""{"name":"{{{name}}}","kind":"HealthFactorFloor","definition":{"floor":1.8,"target":2.0}}""";

    public static string MuteTimingBody(string name) => $$"""
        { "name": "{{name}}", "timeZone": "Europe/Zurich", "intervals": [ { "weekdays": ["Saturday", "Sunday"], "start": "00:00", "end": "24:00" } ] }
        """;

    public static string SilenceBody() => $$"""
        { "matchers": [{ "label": "rule", "op": "=", "value": "Health factor" }], "endsAt": "{{DateTimeOffset.UtcNow.AddHours(2):O}}", "comment": "matrix" }
        """;

    public static object ScheduleBody(string name) => new { name, kind = "Grid", cron = "0 3 * * *", timeZone = "UTC" };

    public static string Unique(string what) => $"{what} {Guid.NewGuid():N}"[..(what.Length + 9)];

    public Task<int> NewRuleAsync(string? name = null) =>
        IdOfAsync(Owner.Client.PostAsync($"/api/portfolios/{PortfolioId}/alert-rules", Json(AlertTestData.HealthFactorRule(name ?? Unique("Matrix spare rule")))));

    public Task<int> NewSnapshotAsync(string? name = null) =>
        IdOfAsync(Owner.Client.PostAsJsonAsync($"/api/dashboards/{DefaultDashboardId}/snapshots", new { expiry = "OneDay", name = name ?? Unique("Matrix snapshot") }));

    public async Task<int> NewShareLinkAsync()
    {
        using var response = await Owner.Client.PostAsJsonAsync($"/api/dashboards/{DashboardId}/share-links", new { label = "Matrix fresh link" });
        return (await BodyAsync(response, HttpStatusCode.Created)).GetProperty("link").GetProperty("id").GetInt32();
    }

    public async Task<int> NewDashboardAsync() =>
        await IdOfAsync(Owner.Client.PostAsJsonAsync("/api/dashboards", new { workspaceId = WorkspaceId, name = Unique("Matrix spare desk") }));

    public Task<int> NewStrategyAsync() =>
        IdOfAsync(Owner.Client.PostAsync($"/api/portfolios/{PortfolioId}/strategies", Json(StrategyBody(Unique("Matrix spare floor")))));

    public Task<int> NewScheduleAsync() =>
        IdOfAsync(Owner.Client.PostAsJsonAsync($"/api/portfolios/{PortfolioId}/stress-schedules", ScheduleBody(Unique("Matrix nightly"))));

    public Task<int> NewSilenceAsync() => IdOfAsync(Owner.Client.PostAsync($"/api/workspaces/{WorkspaceId}/alert-silences", Json(SilenceBody())));

    public Task<int> NewMuteTimingAsync() =>
        IdOfAsync(Owner.Client.PostAsync($"/api/workspaces/{WorkspaceId}/alert-mute-timings", Json(MuteTimingBody(Unique("Matrix weekend")))));

    public async Task<int> NewInvitationAsync()
    {
        using var response = await Owner.Client.PostAsJsonAsync($"/api/workspaces/{WorkspaceId}/invitations",
            new { address = TestWallet.Fresh().Address.ToString(), role = "viewer" });
        return (await BodyAsync(response, HttpStatusCode.Created)).GetProperty("invitation").GetProperty("id").GetInt32();
    }

    /// <summary>A queued run, stored as the start command stores it but with no job behind it, so it stays queued.</summary>
    public Task<long> NewStressRunAsync() => Factory.Services.GetRequiredService<StressRunStore>().AddRunAsync(new StressRun
    {
        WorkspaceId = WorkspaceId, PortfolioId = PortfolioId, Kind = StressRunKind.Grid, ParametersJson = "{}", State = StressRunState.Queued,
        RequestedByUserId = OwnerId, CreatedAt = DateTimeOffset.UtcNow, Step = "queued",
    }, CancellationToken.None);

    /// <summary>A dead-lettered notification, as the outbox leaves one, of a rule of its own (a rule has one instance per series).</summary>
    public async Task<long> NewNotificationAsync() => (await AlertTestData.SeedFiringAsync(_app, await NewRuleAsync(), WorkspaceId, PortfolioId)).Notification.Id;

    /// <summary>A fresh wallet that joined as a viewer; its user id.</summary>
    public async Task<int> NewMemberAsync()
    {
        var wallet = TestWallet.Fresh();
        await InviteAsync(wallet, "viewer");
        var (caller, userId) = await SignInAsync(wallet);
        caller.Client.Dispose();
        return userId;
    }

    private async Task<MatrixCaller> JoinAsync(string role)
    {
        var wallet = TestWallet.Fresh();
        await InviteAsync(wallet, role);
        return (await SignInAsync(wallet)).Caller;
    }

    private async Task InviteAsync(TestWallet wallet, string role)
    {
        using var invited = await Owner.Client.PostAsJsonAsync($"/api/workspaces/{WorkspaceId}/members", new { address = wallet.Address.ToString(), role });
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
    }

    private async Task<(MatrixCaller Caller, int UserId)> SignInAsync(TestWallet wallet)
    {
        var browser = new CookieBrowser(Factory);
        await browser.SignInAsync(wallet);
        await using var db = await DbAsync();
        var userId = await db.Users.Where(u => u.Address == wallet.Address.ToString()).Select(u => u.Id).SingleAsync();
        return (new MatrixCaller(browser.Client, browser.SessionCookie), userId);
    }

    private async Task<string> ShareAsync(object body)
    {
        using var response = await Owner.Client.PostAsJsonAsync($"/api/dashboards/{DashboardId}/share-links", body);
        var url = (await BodyAsync(response, HttpStatusCode.Created)).GetProperty("url").GetString()!;
        return url[(url.LastIndexOf('/') + 1)..];
    }

    private async Task<MatrixCaller> ProveAsync(TestWallet wallet, string secret)
    {
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var (_, status, body) = await wallet.ProveToShareLinkAsync(client, secret);
        Assert.True(status == 200, $"setup: the share proof answered {status}: {body}");
        return new MatrixCaller(client, null);
    }

    private async Task<int> StoreReportAsync(Engine.Governance.ImpactReport report, int? createdBy)
    {
        var (entity, rows) = GovernanceTestData.Stored(report, createdBy);
        return await Factory.Services.GetRequiredService<GovernanceStore>().AddReportAsync(entity, rows, CancellationToken.None);
    }

    private Task<ExposureDbContext> DbAsync() => Factory.Services.GetRequiredService<IDbContextFactory<ExposureDbContext>>().CreateDbContextAsync();

    private static async Task<int> IdOfAsync(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        return (await BodyAsync(response, HttpStatusCode.Created)).GetProperty("id").GetInt32();
    }

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"setup: {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}

/// <summary>Builds the matrix's world once, on the first cell that needs it (a class fixture cannot take the collection's app).</summary>
public sealed class MatrixWorldFixture : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private MatrixWorld? _world;

    public async Task<MatrixWorld> WorldAsync(AuthApp app)
    {
        await _gate.WaitAsync();
        try
        {
            return _world ??= await MatrixWorld.CreateAsync(app);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _world?.Dispose();
        _gate.Dispose();
    }
}
