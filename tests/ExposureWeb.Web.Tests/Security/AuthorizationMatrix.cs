using static ExposureWeb.Web.Tests.Security.MatrixAction;
using static ExposureWeb.Web.Tests.Security.MatrixLevel;

namespace ExposureWeb.Web.Tests.Security;

/// <summary>
/// Who may do what (issue 14): every actor × every action, each expected outcome following from the actor's level and
/// the action's See/Do levels (see <see cref="MatrixAction.Expected"/>). Adding an actor or an action is one line here.
/// An actor that reaches one thing only (a share link's viewer) is an actor line at the level it has everywhere else, plus
/// <c>Except = { [name] = Allowed }</c> on the rows of what it reaches; its caller comes from <see cref="MatrixWorld"/>.
/// </summary>
public static class AuthorizationMatrix
{
    public static readonly IReadOnlyList<MatrixActor> Actors =
    [
        new("owner", Owner, w => w.Owner),
        new("editor", Editor, w => w.Editor),
        new("viewer", Viewer, w => w.Viewer),
        new("non-member", NonMember, w => w.Stranger),
        new("anonymous", Anonymous, w => w.Anonymous),
        new(ShareLinkViewer, Anonymous, w => w.ShareViewer),
    ];

    /// <summary>Someone without an account who opened a share link (and proved a wallet to it): signed in nowhere, shown one dashboard.</summary>
    public const string ShareLinkViewer = "share-link viewer";

    // What each action names. Fresh… targets are made per request: the action uses up what it acts on.
    private static Func<MatrixWorld, Task<MatrixTarget>> Shared(Func<MatrixWorld, long> id, Func<MatrixWorld, long>? sub = null) =>
        w => Task.FromResult(new MatrixTarget(id(w), sub?.Invoke(w)));

    private static Func<MatrixWorld, Task<MatrixTarget>> Fresh(Func<MatrixWorld, Task<long>> id) => async w => new MatrixTarget(await id(w));

    private static readonly Func<MatrixWorld, Task<MatrixTarget>> NoId = Shared(_ => 0);
    private static readonly Func<MatrixWorld, Task<MatrixTarget>> Workspace = Shared(w => w.WorkspaceId);
    private static readonly Func<MatrixWorld, Task<MatrixTarget>> Portfolio = Shared(w => w.PortfolioId);
    private static readonly Func<MatrixWorld, Task<MatrixTarget>> Dashboard = Shared(w => w.DashboardId);
    private static readonly Func<MatrixWorld, Task<MatrixTarget>> Rule = Shared(w => w.RuleId);
    private static readonly Func<MatrixWorld, Task<MatrixTarget>> Strategy = Shared(w => w.StrategyId);
    private static readonly Func<MatrixWorld, Task<MatrixTarget>> StressRun = Shared(w => w.StressRunId);
    private static readonly Func<MatrixWorld, Task<MatrixTarget>> Schedule = Shared(w => w.PortfolioId, w => w.ScheduleId);
    private static readonly Func<MatrixWorld, Task<MatrixTarget>> Silence = Shared(w => w.SilenceId);
    private static readonly Func<MatrixWorld, Task<MatrixTarget>> MuteTiming = Shared(w => w.MuteTimingId);
    private static readonly Func<MatrixWorld, Task<MatrixTarget>> ProposalReport = Shared(w => w.ProposalReportId);
    private static readonly Func<MatrixWorld, Task<MatrixTarget>> WhatIfReport = Shared(w => w.WhatIfReportId);
    private static readonly Func<MatrixWorld, Task<MatrixTarget>> Snapshot = Shared(w => w.SnapshotId);
    private static readonly Func<MatrixWorld, Task<MatrixTarget>> DefaultDashboard = Shared(w => w.DefaultDashboardId);
    private static readonly Func<MatrixWorld, Task<MatrixTarget>> FreshSnapshot = Fresh(async w => await w.NewSnapshotAsync());
    private static readonly Func<MatrixWorld, Task<MatrixTarget>> FreshShareLink = Fresh(async w => await w.NewShareLinkAsync());
    private static readonly Func<MatrixWorld, Task<MatrixTarget>> FreshDashboard = Fresh(async w => await w.NewDashboardAsync());
    private static readonly Func<MatrixWorld, Task<MatrixTarget>> FreshRule = Fresh(async w => await w.NewRuleAsync());
    private static readonly Func<MatrixWorld, Task<MatrixTarget>> FreshStrategy = Fresh(async w => await w.NewStrategyAsync());
    private static readonly Func<MatrixWorld, Task<MatrixTarget>> FreshStressRun = Fresh(w => w.NewStressRunAsync());
    private static readonly Func<MatrixWorld, Task<MatrixTarget>> FreshSilence = Fresh(async w => await w.NewSilenceAsync());
    private static readonly Func<MatrixWorld, Task<MatrixTarget>> FreshMuteTiming = Fresh(async w => await w.NewMuteTimingAsync());
    private static readonly Func<MatrixWorld, Task<MatrixTarget>> FreshNotification = Fresh(w => w.NewNotificationAsync());
    private static readonly Func<MatrixWorld, Task<MatrixTarget>> FreshInvitation = Fresh(async w => await w.NewInvitationAsync());
    private static readonly Func<MatrixWorld, Task<MatrixTarget>> FreshSchedule = async w => new MatrixTarget(w.PortfolioId, await w.NewScheduleAsync());
    private static readonly Func<MatrixWorld, Task<MatrixTarget>> FreshMember = async w => new MatrixTarget(w.WorkspaceId, await w.NewMemberAsync());

    private static MatrixAction Api(string method, string path, Func<MatrixWorld, Task<MatrixTarget>> target, MatrixLevel see, MatrixLevel? @do = null,
        Func<MatrixWorld, HttpContent>? body = null, string? label = null) =>
        new($"{method} {path}{(label is null ? "" : $" ({label})")}", MatrixSurface.Api, see, @do ?? see, target, Http(method, path, body));

    private static MatrixAction Page(string path, Func<MatrixWorld, Task<MatrixTarget>> target, MatrixLevel see, Func<MatrixWorld, string>? shows, string? label = null) =>
        new($"page {path}{(label is null ? "" : $" ({label})")}", MatrixSurface.Page, see, see, target, Http("GET", path)) { Shows = shows };

    private static MatrixAction Hub(string method, Func<MatrixWorld, Task<MatrixTarget>> target, MatrixLevel see, MatrixLevel? @do, Func<MatrixTarget, object?[]> arguments) =>
        new($"hub {method}", MatrixSurface.Hub, see, @do ?? see, target, Invoke(method, arguments));

    /// <summary>
    /// A share link's page: whoever holds the URL asks for it, so every actor is named (<see cref="MatrixAction.Except"/>).
    /// A missing link is an unknown secret; what the page may show is the dashboard's name and nothing else of the workspace.
    /// </summary>
    private static MatrixAction SharePage(string label, Func<MatrixWorld, string> secret, Func<string, MatrixOutcome> outcome) =>
        new($"page /s/{{secret}} ({label})", MatrixSurface.Page, Anonymous, Anonymous, Shared(_ => 1),
            (world, caller, target) => Http("GET", target.Id == MatrixWorld.MissingId ? "/s/xws_NoSuchLinkNoSuchLinkNoSuchLinkNoSuchLink0" : $"/s/{secret(world)}")(world, caller, target))
        {
            Shows = w => w.DashboardName,
            Reveals = w => [w.DashboardName],
            Except = Actors.ToDictionary(a => a.Name, a => outcome(a.Name)),
        };

    private static readonly Func<MatrixWorld, HttpContent> NewRule = Json(_ => Alerts.AlertTestData.HealthFactorRule(MatrixWorld.Unique("Matrix new rule")));
    private static readonly Func<MatrixWorld, HttpContent> NewStrategy = Json(_ => MatrixWorld.StrategyBody(MatrixWorld.Unique("Matrix new floor")));
    private static readonly Func<MatrixWorld, HttpContent> NewSchedule = Json(_ => System.Text.Json.JsonSerializer.Serialize(MatrixWorld.ScheduleBody(MatrixWorld.Unique("Matrix weekly"))));
    private static readonly Func<MatrixWorld, HttpContent> NewMuteTiming = Json(_ => MatrixWorld.MuteTimingBody(MatrixWorld.Unique("Matrix holidays")));
    private static readonly Func<MatrixWorld, HttpContent> Invitee = Json(_ => $$"""{"address":"{{Auth.TestWallet.Fresh().Address}}","role":"viewer"}""");

    public static readonly IReadOnlyList<MatrixAction> Actions =
    [
        // Workspaces, members, invitations, audit log
        Api("GET", "/api/workspaces/{id}/members", Workspace, Viewer),
        Api("POST", "/api/workspaces/{id}/members", Workspace, Viewer, Owner, Invitee),
        Api("PATCH", "/api/workspaces/{id}/members/{sub}", FreshMember, Viewer, Owner, Json(_ => """{"role":"editor"}""")),
        Api("DELETE", "/api/workspaces/{id}/members/{sub}", FreshMember, Viewer, Owner) with { Intact = "/api/workspaces/{id}/members" },
        Api("GET", "/api/workspaces/{id}/invitations", Workspace, Viewer),
        Api("POST", "/api/workspaces/{id}/invitations", Workspace, Viewer, Owner, Json(_ => """{"role":"viewer"}""")),
        Api("DELETE", "/api/invitations/{id}", FreshInvitation, Viewer, Owner),
        Api("GET", "/api/workspaces/{id}/audit", Workspace, Owner),

        // Portfolios, exposure, positions
        Api("GET", "/api/portfolios/{id}", Portfolio, Viewer),
        Api("GET", "/api/portfolios/{id}/exposure", Portfolio, Viewer),
        Api("GET", "/api/portfolios/{id}/positions", Portfolio, Viewer),
        Api("GET", "/api/portfolios/{id}/manual-positions", Portfolio, Viewer),
        Api("POST", "/api/portfolios/{id}/manual-positions", Portfolio, Viewer, Editor, Json(_ => """{"kind":"Spot","underlying":"ETH","quantity":1}""")),
        Api("POST", "/api/portfolios/{id}/manual-positions/import", Portfolio, Viewer, Editor, Csv("kind,label,underlying,quantity,entry_price_usd,strike,expiry,right,cash_usd\nspot,,ETH,2,,,,,\n")),

        // Dashboards
        Api("GET", "/api/dashboards/{id}", Dashboard, Viewer),
        Api("POST", "/api/dashboards", Workspace, Viewer, Editor, Json(w => $$"""{"workspaceId":{{w.WorkspaceId}},"name":"Matrix new desk"}"""), "workspace in the body"),
        Api("PUT", "/api/dashboards/{id}", FreshDashboard, Viewer, Editor, Json(_ => """{"version":1,"name":"Matrix renamed desk"}""")),
        Api("POST", "/api/dashboards/{id}/duplicate", Dashboard, Viewer, Editor),
        Api("DELETE", "/api/dashboards/{id}", FreshDashboard, Viewer, Editor) with { Intact = "/api/dashboards/{id}" },

        // Alert rules, alerts, deliveries
        Api("GET", "/api/portfolios/{id}/alert-rules", Portfolio, Viewer),
        Api("POST", "/api/portfolios/{id}/alert-rules", Portfolio, Viewer, Editor, NewRule),
        Api("GET", "/api/alert-rules/{id}", Rule, Viewer),
        Api("PUT", "/api/alert-rules/{id}", Rule, Viewer, Editor, Json(w => Alerts.AlertTestData.HealthFactorRule(w.RuleName))),
        Api("DELETE", "/api/alert-rules/{id}", FreshRule, Viewer, Editor) with { Intact = "/api/alert-rules/{id}" },
        Api("POST", "/api/portfolios/{id}/alert-rules/import", Portfolio, Viewer, Editor, Json(_ => $"[{Alerts.AlertTestData.HealthFactorRule(MatrixWorld.Unique("Matrix imported"))}]")),
        Api("GET", "/api/portfolios/{id}/alerts", Portfolio, Viewer),
        Api("GET", "/api/alert-deliveries?ruleId={id}", Rule, Viewer),
        Api("POST", "/api/alert-deliveries/{id}/replay", FreshNotification, Viewer, Editor),

        // Alert settings: silences, mute timings, notification policy
        Api("GET", "/api/workspaces/{id}/alert-silences", Workspace, Viewer),
        Api("POST", "/api/workspaces/{id}/alert-silences", Workspace, Viewer, Editor, Json(_ => MatrixWorld.SilenceBody())),
        Api("GET", "/api/alert-silences/{id}", Silence, Viewer),
        Api("DELETE", "/api/alert-silences/{id}", FreshSilence, Viewer, Editor),
        Api("GET", "/api/workspaces/{id}/alert-mute-timings", Workspace, Viewer),
        Api("POST", "/api/workspaces/{id}/alert-mute-timings", Workspace, Viewer, Editor, NewMuteTiming),
        Api("GET", "/api/alert-mute-timings/{id}", MuteTiming, Viewer),
        Api("PUT", "/api/alert-mute-timings/{id}", FreshMuteTiming, Viewer, Editor, NewMuteTiming),
        Api("DELETE", "/api/alert-mute-timings/{id}", FreshMuteTiming, Viewer, Editor) with { Intact = "/api/alert-mute-timings/{id}" },
        Api("GET", "/api/workspaces/{id}/alert-policy", Workspace, Viewer),
        Api("PUT", "/api/workspaces/{id}/alert-policy", Workspace, Viewer, Editor, Json(_ => """{"repeatIntervalMinutes":240,"groupWaitSeconds":0,"groupBy":["rule"]}""")),

        // Strategies
        Api("GET", "/api/portfolios/{id}/strategies", Portfolio, Viewer),
        Api("POST", "/api/portfolios/{id}/strategies", Portfolio, Viewer, Editor, NewStrategy),
        Api("GET", "/api/strategies/{id}", Strategy, Viewer),
        Api("PUT", "/api/strategies/{id}", Strategy, Viewer, Editor, Json(w => MatrixWorld.StrategyBody(w.StrategyName))),
        Api("DELETE", "/api/strategies/{id}", FreshStrategy, Viewer, Editor) with { Intact = "/api/strategies/{id}" },
        Api("GET", "/api/strategies/{id}/proposal", Strategy, Viewer),

        // Stress runs and schedules
        Api("POST", "/api/portfolios/{id}/stress-runs", Portfolio, Viewer, Editor, Json(_ => """{"kind":"Grid"}""")),
        Api("GET", "/api/portfolios/{id}/stress-runs", Portfolio, Viewer),
        Api("GET", "/api/stress-runs/{id}", StressRun, Viewer),
        Api("POST", "/api/stress-runs/{id}/cancel", FreshStressRun, Viewer, Editor),
        Api("GET", "/api/portfolios/{id}/stress-schedules", Portfolio, Viewer),
        Api("POST", "/api/portfolios/{id}/stress-schedules", Portfolio, Viewer, Editor, NewSchedule),
        Api("PUT", "/api/portfolios/{id}/stress-schedules/{sub}", Schedule, Viewer, Editor, NewSchedule),
        Api("DELETE", "/api/portfolios/{id}/stress-schedules/{sub}", FreshSchedule, Viewer, Editor),
        Api("POST", "/api/portfolios/{id}/stress-schedules/{sub}/trigger", Schedule, Viewer, Editor),

        // Governance reports: a proposal's is read by every signed-in user (rows of their own portfolios only); a what-if is its author's alone
        Api("GET", "/api/governance/reports/{id}", ProposalReport, NonMember, label: "proposal") with { Shows = w => w.ReportTitle },
        Api("GET", "/api/governance/reports/{id}", WhatIfReport, Owner, label: "the owner's what-if") with { Shows = w => w.WhatIfTitle },

        // Exports
        Api("GET", "/api/portfolios/{id}/exposure?format=csv", Portfolio, Viewer) with { Shows = _ => "underlying,net_delta_units" },
        Api("GET", "/api/portfolios/{id}/alert-rules/export", Portfolio, Viewer) with { Shows = w => w.RuleName },
        Api("GET", "/api/governance/reports/{id}?format=csv", ProposalReport, NonMember, label: "proposal"),
        Api("GET", "/api/governance/reports/{id}?format=md", ProposalReport, NonMember, label: "proposal") with { Shows = w => w.ReportTitle },
        Api("GET", "/api/governance/reports/{id}?format=md", WhatIfReport, Owner, label: "the owner's what-if") with { Shows = w => w.WhatIfTitle },

        // Lists: every signed-in user reads one, and it shows the workspace's things to its members only
        Api("GET", "/api/workspaces", NoId, NonMember) with { Shows = w => w.WorkspaceName, ShowsFrom = Viewer },
        Api("GET", "/api/portfolios", NoId, NonMember) with { Shows = w => w.PortfolioName, ShowsFrom = Viewer },
        Api("GET", "/api/portfolios?format=csv", NoId, NonMember) with { Shows = w => w.PortfolioName, ShowsFrom = Viewer },
        Api("GET", "/api/dashboards", NoId, NonMember) with { Shows = w => w.DashboardName, ShowsFrom = Viewer },
        Page("/", NoId, NonMember, w => w.PortfolioName) with { ShowsFrom = Viewer },
        Page("/dashboards", NoId, NonMember, w => w.DashboardName) with { ShowsFrom = Viewer },
        Page("/workspaces", NoId, NonMember, w => w.WorkspaceName) with { ShowsFrom = Viewer },

        // Pages, as the first (prerendered) request gets them
        Page("/portfolios/{id}", Portfolio, Viewer, w => w.PortfolioName),
        Page("/portfolios/{id}/manual", Portfolio, Viewer, w => w.PortfolioName),
        Page("/portfolios/{id}/alerts", Portfolio, Viewer, w => w.RuleName),
        Page("/portfolios/{id}/alerts/new", Portfolio, Viewer, _ => "data-testid=\"rule-form\""),
        Page("/portfolios/{id}/strategies", Portfolio, Viewer, w => w.StrategyName),
        Page("/portfolios/{id}/stress", Portfolio, Viewer, w => w.PortfolioName),
        Page("/portfolios/{id}/dashboard", Portfolio, Viewer, null),
        Page("/dashboards/{id}", Dashboard, Viewer, w => w.DashboardName),
        Page("/alerts/rules/{id}", Rule, Viewer, w => w.RuleName),
        Page("/alerts/rules/{id}/deliveries", Rule, Viewer, w => w.RuleName),
        Page("/workspaces/{id}/members", Workspace, Viewer, w => w.WorkspaceName),
        Page("/workspaces/{id}/audit", Workspace, Owner, w => w.WorkspaceName),
        Page("/workspaces/{id}/alert-settings", Workspace, Viewer, _ => "Matrix weekend"),
        Page("/workspaces/{id}/alert-destinations", Workspace, Viewer, w => w.WorkspaceName),
        Page("/governance/reports/{id}", ProposalReport, NonMember, w => w.ReportTitle, "proposal"),
        Page("/governance/reports/{id}", WhatIfReport, Owner, w => w.WhatIfTitle, "the owner's what-if"),

        // Share links: an "anyone" link opens for whoever has it; a wallets-only one for a proven wallet on its list only
        // (members included: their way in is the dashboard page). Their APIs are the workspace's, like any other.
        SharePage("anyone with the link", w => w.AnyoneShareSecret, _ => MatrixOutcome.Allowed),
        SharePage("only these wallets", w => w.WalletsShareSecret, actor => actor == ShareLinkViewer ? MatrixOutcome.Allowed : MatrixOutcome.Refused),
        Api("GET", "/api/dashboards/{id}/share-links", Dashboard, Viewer),
        Api("GET", "/api/workspaces/{id}/share-links", Workspace, Viewer),
        Api("POST", "/api/dashboards/{id}/share-links", Dashboard, Viewer, Editor, Json(_ => """{"label":"Matrix link"}""")),
        Api("POST", "/api/share-links/{id}/rotate", FreshShareLink, Viewer, Editor),
        Api("DELETE", "/api/share-links/{id}", FreshShareLink, Viewer, Editor),

        // Snapshots, and their share links
        Api("GET", "/api/snapshots/{id}", Snapshot, Viewer),
        Api("GET", "/api/dashboards/{id}/snapshots", DefaultDashboard, Viewer),
        Api("GET", "/api/workspaces/{id}/snapshots", Workspace, Viewer),
        Api("POST", "/api/dashboards/{id}/snapshots", DefaultDashboard, Viewer, Editor, Json(_ => """{"expiry":"OneHour"}""")),
        Api("DELETE", "/api/snapshots/{id}", FreshSnapshot, Viewer, Editor) with { Intact = "/api/snapshots/{id}" },
        Api("GET", "/api/snapshots/{id}/share-links", Snapshot, Viewer),
        Api("POST", "/api/snapshots/{id}/share-links", Snapshot, Viewer, Editor, Json(_ => """{"label":"Matrix snapshot link"}""")),
        Page("/snapshots/{id}", Snapshot, Viewer, w => w.SnapshotName),
        Page("/workspaces/{id}/snapshots", Workspace, Viewer, w => w.SnapshotName),
        Page("/workspaces/{id}/sharing", Workspace, Viewer, w => w.DashboardName),

        // The hub
        Hub("SubscribePortfolio", Portfolio, Viewer, null, t => [(int)t.Id]),
        Hub("GetPositions", Portfolio, Viewer, null, t => [(int)t.Id, 0, 10]),
        Hub("SubscribeWorkspaceAlerts", Workspace, Viewer, null, t => [(int)t.Id]),
        Hub("CancelStressRun", FreshStressRun, Viewer, Editor, t => [t.Id]),
    ];

    /// <summary>Every cell, as (actor, action) names: one test case each.</summary>
    public static TheoryData<string, string> Cells()
    {
        var cells = new TheoryData<string, string>();
        foreach (var action in Actions)
        {
            foreach (var actor in Actors) cells.Add(actor.Name, action.Name);
        }
        return cells;
    }

    public static MatrixActor Actor(string name) => Actors.Single(a => a.Name == name);

    public static MatrixAction Action(string name) => Actions.Single(a => a.Name == name);
}
