using ExposureWeb.Data.Accounts;
using ExposureWeb.Data.Alerts;
using ExposureWeb.Data.Dashboards;
using ExposureWeb.Data.Workspaces;
using ExposureWeb.Engine.Publishing;
using ExposureWeb.Hubs;

namespace ExposureWeb.Live;

/// <summary>What a snapshot is asked for with: its name, expiry, and the variables the dashboard is viewed with (null: its defaults).</summary>
public sealed record SnapshotRequest(string? Name, SnapshotExpiry? Expiry, int? PortfolioId = null, string? Underlying = null);

/// <summary>
/// Takes dashboard snapshots: freezes, for every portfolio the dashboard shows, the state the hub serves now (the snapshot
/// it last sent, the same one REST and new subscribers get, and the Greeks history up to it) with the alerts not normal,
/// and hands them to <see cref="DashboardSnapshotStore"/>, which decides whether the user may and keeps them.
/// </summary>
public sealed class DashboardFreezer(DashboardStore dashboards, DashboardSnapshotStore snapshots, CoalescingHubPublisher publisher, GreeksHistory history, AlertHistoryStore alerts)
{
    public async Task<(ChangeResult Result, DashboardSnapshotView? Snapshot)> TakeAsync(WorkspaceActor actor, int dashboardId, SnapshotRequest request, CancellationToken ct = default)
    {
        var dashboard = await dashboards.FindAsync(actor.UserId, dashboardId, ct);
        if (dashboard is null) return (ChangeResult.Missing, null);
        var defaults = dashboard.Layout.Variables;
        var variables = new DashboardVariables(
            request.PortfolioId ?? defaults.PortfolioId,
            string.IsNullOrWhiteSpace(request.Underlying) ? defaults.Underlying : request.Underlying.Trim().ToUpperInvariant());
        var shown = dashboard.Layout.Widgets.Select(w => w.PortfolioId ?? variables.PortfolioId).OfType<int>().Distinct().Order().ToList();
        var frozen = new List<FrozenPortfolio>(shown.Count);
        foreach (var portfolioId in shown) frozen.Add(await FreezeAsync(actor.UserId, portfolioId, ct));
        return await snapshots.TakeAsync(actor, dashboardId, new SnapshotTaking(request.Name, request.Expiry, variables, frozen), ct);
    }

    private async Task<FrozenPortfolio> FreezeAsync(int userId, int portfolioId, CancellationToken ct)
    {
        var snapshot = publisher.Current(portfolioId).Snapshot;
        var points = await history.RecentAsync(portfolioId, ct);
        // The history may already hold points of blocks published after the snapshot sent last; the snapshot ends at its block.
        var upToBlock = snapshot is null ? [] : points.Where(p => p.BlockNumber <= snapshot.BlockNumber).ToList();
        var notNormal = (await alerts.InstancesAsync(userId, portfolioId, ct) ?? [])
            .Where(a => a.Instance.State != nameof(Risk.Alerts.AlertState.Normal)).ToList();
        var state = new FrozenState(snapshot, upToBlock, history.Capacity, notNormal);
        // The store fills in the name (and refuses a portfolio outside the dashboard's workspace).
        return new FrozenPortfolio(portfolioId, "", snapshot?.ChainName, snapshot?.BlockNumber, snapshot?.BlockTime, state.ToJson());
    }
}
