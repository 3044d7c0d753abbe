using ExposureWeb.Auth;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Data.Accounts;
using ExposureWeb.Data.Alerts;
using ExposureWeb.Engine.Publishing;
using ExposureWeb.Engine.Snapshots;
using ExposureWeb.Live;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace ExposureWeb.Hubs;

/// <summary>
/// The real-time API: a connection joins the groups of the portfolios its user may see and receives each new
/// snapshot. Connections are authenticated (the browser's session cookie, or a bearer API token for outside
/// clients; the app's own circuits do not connect, they take the same publication in-process from
/// <see cref="ExposureFeed"/>) and every subscription checks the portfolio against
/// the caller's workspaces. A portfolio the caller may not see answers exactly like one that does not exist.
/// </summary>
[Authorize]
public sealed partial class ExposureHub(
    UserPortfolios portfolios, WorkspaceAccess workspaces, CoalescingHubPublisher publisher, GreeksHistory history, LatestState latest, TokenConnections tokenConnections,
    MemberConnections memberConnections, ChainRegistry chains, RefusalLog refusals, PortfolioAudience audience)
    : Hub<IExposureClient>
{
    public const string Path = "/hubs/exposure";

    public override Task OnConnectedAsync()
    {
        if (Context.User?.ApiToken() is { } tokenId) tokenConnections.Add(tokenId, Context);
        if (Context.User?.UserId() is { } userId) memberConnections.Add(userId, Context);
        return base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.User?.ApiToken() is { } tokenId) tokenConnections.Remove(tokenId, Context.ConnectionId);
        if (Context.User?.UserId() is { } userId) memberConnections.Remove(userId, Context.ConnectionId);
        refusals.Closed(Context);
        audience.Disconnected(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>
    /// Joins a portfolio's group and returns the snapshot last sent to it with its number (no snapshot before the first
    /// block since the app started) and the portfolio's recent Greeks history. Changes then arrive as
    /// <see cref="IExposureClient.ExposureChanged"/> deltas numbered from it; a client that sees a gap (or reconnects)
    /// calls this again.
    /// </summary>
    /// <exception cref="HubException">The portfolio does not exist or the caller may not see it.</exception>
    public async Task<PortfolioSubscription> SubscribePortfolio(int portfolioId)
    {
        await EnsureMayReadAsync(portfolioId);
        // Joined before reading the current state: a delta sent in between is then either already in it (and ignored as
        // stale) or based on it, never lost. Counted before joining, so the publisher makes deltas for it from then on.
        audience.Joined(Context.ConnectionId, portfolioId);
        await Groups.AddToGroupAsync(Context.ConnectionId, HubGroups.Portfolio(portfolioId));
        var current = publisher.Current(portfolioId);
        // Read after the snapshot: the engine adds a block's point before publishing it, so the history holds every point
        // of the snapshot returned and of the deltas before it.
        var recent = await history.RecentAsync(portfolioId, Context.ConnectionAborted);
        return current with { History = recent, HistoryCapacity = history.Capacity };
    }

    /// <summary>
    /// A page of the portfolio's positions from the snapshot last sent: a large portfolio's messages carry only its first
    /// <see cref="SnapshotTrim.PositionsSent"/> (<see cref="ExposureSnapshot.PositionsOmitted"/> says how many more).
    /// </summary>
    /// <exception cref="HubException">The portfolio does not exist or the caller may not see it.</exception>
    public async Task<PositionPage> GetPositions(int portfolioId, int offset, int count)
    {
        await EnsureMayReadAsync(portfolioId);
        return publisher.Positions(portfolioId, offset, count);
    }

    /// <summary>Leaves a portfolio's group.</summary>
    public async Task UnsubscribePortfolio(int portfolioId)
    {
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, HubGroups.Portfolio(portfolioId));
        audience.Left(Context.ConnectionId, portfolioId);
    }

    /// <summary>
    /// Joins a workspace's alert group: its in-app notifications then arrive as <see cref="IExposureClient.AlertToast"/>.
    /// Members only (the same check as portfolios); any other workspace answers exactly like a missing one.
    /// </summary>
    /// <exception cref="HubException">The workspace does not exist or the caller is not a member.</exception>
    public async Task SubscribeWorkspaceAlerts(int workspaceId)
    {
        var caller = Context.User;
        if (caller is null) throw new HubException("not signed in");
        if (caller.UserId() is not { } userId || await workspaces.RoleAsync(userId, workspaceId, Context.ConnectionAborted) is null)
        {
            refusals.Refused(Context, $"workspace {workspaceId}'s alerts");
            throw new HubException($"workspace {workspaceId} was not found");
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, HubGroups.Workspace(workspaceId));
    }

    /// <summary>Leaves a workspace's alert group.</summary>
    public Task UnsubscribeWorkspaceAlerts(int workspaceId) =>
        Groups.RemoveFromGroupAsync(Context.ConnectionId, HubGroups.Workspace(workspaceId));

    /// <summary>
    /// Joins a chain's status group and returns its current status (chain health is not workspace data; the node's
    /// address is not sent, see <see cref="ChainStatusForClients"/>).
    /// </summary>
    public async Task<ChainStatus?> SubscribeChain(string chainName)
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, HubGroups.Chain(chainName));
        return ChainStatusForClients.Redact(latest.Chain(chainName), chains);
    }

    private async Task EnsureMayReadAsync(int portfolioId)
    {
        var caller = Context.User;
        if (caller is null) throw new HubException("not signed in");
        if (caller.UserId() is { } userId && await portfolios.FindAsync(userId, portfolioId, Context.ConnectionAborted) is not null) return;
        refusals.Refused(Context, $"portfolio {portfolioId}");
        throw new HubException($"portfolio {portfolioId} was not found");
    }
}
