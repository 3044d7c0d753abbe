using Bunit;
using ExposureWeb.Components.Dashboards;
using ExposureWeb.Data.Dashboards;
using ExposureWeb.Data.Entities;
using ExposureWeb.Engine.Snapshots;
using ExposureWeb.Live;
using MudBlazor;
using MudBlazor.Services;

namespace ExposureWeb.Web.Tests.Workspaces;

/// <summary>
/// The reusable snapshot view without a signed-in user or a live feed (as a share link would show it): the frozen figures
/// and provenance, and in anonymous mode no link into the app, no workspace name and no taker's wallet.
/// </summary>
public sealed class SnapshotViewTests : IAsyncLifetime
{
    private const string Taker = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    private readonly BunitContext _context = new();

    public SnapshotViewTests()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _context.Render<MudPopoverProvider>();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _context.DisposeAsync().AsTask();

    private static DashboardSnapshotView Snapshot()
    {
        var exposure = SnapshotsApiTests.Exposure(7, 4_321, 3_000) with { Governance = [new GovernanceExposure("1", "Lower LTV", "Queued", null, 1.2, 99)] };
        var state = new FrozenState(exposure, [], 100, []);
        var layout = new DashboardLayout(
            [new DashboardWidget("summary", WidgetKind.SummaryCards, 0, 0, 12, 2), new DashboardWidget("gov", WidgetKind.GovernanceReports, 0, 2, 12, 2)],
            new DashboardVariables(7, null));
        return new DashboardSnapshotView(1, 3, "Treasury desk", 5, "Before the vote", layout,
            [new FrozenPortfolio(7, "Main book", "local", 4_321, exposure.BlockTime, state.ToJson())],
            "local", 4_321, exposure.BlockTime, Taker, DateTimeOffset.FromUnixTimeSeconds(1_700_010_000), null, WorkspaceRole.Viewer);
    }

    [Fact]
    public void Render_Anonymous_FrozenFiguresWithoutLinksWorkspaceOrTaker()
    {
        var view = _context.Render<SnapshotView>(p => p.Add(v => v.Snapshot, Snapshot()).Add(v => v.Anonymous, true).Add(v => v.CompareWithLive, false));

        Assert.Equal("#4,321", view.Find("[data-testid=snapshot-block]").TextContent);
        Assert.Equal("$30,000.00", view.Find("[data-testid=net-usd-delta]").TextContent.Trim());
        Assert.Contains("never expires", view.Find("[data-testid=snapshot-expiry]").TextContent, StringComparison.Ordinal);
        Assert.Empty(view.FindAll("a[href]"));
        Assert.DoesNotContain("Treasury desk", view.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("0x7099", view.Markup, StringComparison.Ordinal);
        Assert.Empty(view.FindAll("[data-testid=compare-table]"));
    }

    [Fact]
    public void Render_Member_ProvenanceWithWorkspaceTakerAndDashboardLink()
    {
        var view = _context.Render<SnapshotView>(p => p.Add(v => v.Snapshot, Snapshot()).Add(v => v.CompareWithLive, false));

        var provenance = view.Find("[data-testid=snapshot-provenance]").TextContent;
        Assert.Contains("Treasury desk", provenance, StringComparison.Ordinal);
        Assert.Contains("0x7099", provenance, StringComparison.Ordinal);
        Assert.Equal("/dashboards/5", view.Find("[data-testid=snapshot-dashboard-link]").GetAttribute("href"));
        Assert.Contains(view.FindAll("a[href]"), a => a.GetAttribute("href") == "/governance/reports/99");
    }
}
