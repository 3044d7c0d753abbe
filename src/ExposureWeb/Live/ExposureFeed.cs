using System.Collections.Concurrent;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Engine.Alerts;
using ExposureWeb.Engine.Publishing;
using ExposureWeb.Engine.Snapshots;

namespace ExposureWeb.Live;

/// <summary>
/// What the engine publishes, handed in-process to every circuit that shows it: one immutable snapshot per portfolio per
/// update (the very object the hub's message was made from, shared by every circuit showing the portfolio), the
/// portfolio's Greeks history, chain status, alert changes and toasts. The hub's publishers feed it
/// (<see cref="Hubs.CoalescingHubPublisher"/>, <see cref="Hubs.HubAlertPublisher"/>) before they send the same to outside
/// clients; nothing here goes through a socket, JSON or a replica.
/// </summary>
/// <remarks>
/// Publishing never waits for a circuit: each subscriber has a <see cref="Mailbox{T}"/>, which for states holds only the
/// newest, so a lagging browser gets the newest snapshot when it catches up and costs one reference meanwhile. Callers
/// decide who may see what (as they did for the hub): the feed itself serves any id it is asked for.
/// </remarks>
public sealed partial class ExposureFeed(GreeksHistory history, LatestState latest, ChainRegistry chains, ILogger<ExposureFeed> logger)
{
    /// <summary>How many events (alert changes, toasts, stress progress) wait for a lagging circuit before the oldest go.</summary>
    internal const int EventCapacity = 256;

    private readonly ConcurrentDictionary<int, PortfolioChannel> _portfolios = new();
    private readonly ConcurrentDictionary<int, Listeners<PortfolioAlertsChanged>> _portfolioAlerts = new();
    private readonly ConcurrentDictionary<int, Listeners<AlertToast>> _workspaceToasts = new();
    private readonly ConcurrentDictionary<string, Listeners<ChainStatus>> _chains = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// What the process holds of a portfolio: the snapshot the hub sent last (null before the first block since the app
    /// started) and its history (empty until a circuit subscribed); null when there is neither.
    /// </summary>
    public LivePortfolio? Latest(int portfolioId)
    {
        if (!_portfolios.TryGetValue(portfolioId, out var channel)) return null;
        lock (channel.Gate) return channel.Snapshot is null && channel.History is null ? null : channel.Current();
    }

    /// <summary>The chain's status as clients see it (<see cref="ChainStatusForClients"/>), or null before the engine reported one.</summary>
    public ChainStatus? LatestChain(string chainName) =>
        (_chains.TryGetValue(chainName, out var l) ? l.Latest : null) ?? ChainStatusForClients.Redact(latest.Chain(chainName), chains);

    /// <summary>
    /// Calls <paramref name="onUpdate"/> with what the hub serves for the portfolio: once on joining (the history, and the
    /// snapshot if there is one yet), then with the newest state after each update, until disposed.
    /// </summary>
    public IDisposable SubscribePortfolio(int portfolioId, Func<LivePortfolio, Task> onUpdate)
    {
        var channel = Channel(portfolioId);
        IDisposable subscription;
        bool load = false;
        lock (channel.Gate)
        {
            // Under the gate, so no update falls between the state it starts from and the ones it receives.
            subscription = channel.Listeners.Add(onUpdate, channel.History is null ? null : channel.Current());
            if (channel.History is null && channel.Early is null)
            {
                channel.Early = [];
                load = true;
            }
        }
        if (load) _ = LoadHistoryAsync(portfolioId, channel);
        return subscription;
    }

    /// <summary>Calls <paramref name="onChange"/> with the portfolio's alert instances that changed, until disposed.</summary>
    public IDisposable SubscribePortfolioAlerts(int portfolioId, Func<PortfolioAlertsChanged, Task> onChange) =>
        _portfolioAlerts.GetOrAdd(portfolioId, _ => new Listeners<PortfolioAlertsChanged>(EventCapacity, logger)).Add(onChange);

    /// <summary>Calls <paramref name="onToast"/> for every in-app notification of the workspace until disposed.</summary>
    /// <remarks>The caller decides who may see a workspace's toasts (its members).</remarks>
    public IDisposable SubscribeWorkspaceAlerts(int workspaceId, Func<AlertToast, Task> onToast) =>
        _workspaceToasts.GetOrAdd(workspaceId, _ => new Listeners<AlertToast>(EventCapacity, logger)).Add(onToast);

    /// <summary>Calls <paramref name="onUpdate"/> with the chain's status now (if known) and after every change, until disposed.</summary>
    public IDisposable SubscribeChain(string chainName, Func<ChainStatus, Task> onUpdate)
    {
        var listeners = _chains.GetOrAdd(chainName, _ => new Listeners<ChainStatus>(1, logger));
        return listeners.Add(onUpdate, LatestChain(chainName));
    }

    /// <summary>A portfolio's update, as the hub sent it: <paramref name="sent"/> (the message's snapshot), the whole one it came from, its number, and the Greeks points since the previous one.</summary>
    internal void PublishPortfolio(int portfolioId, ExposureSnapshot sent, ExposureSnapshot whole, long sequence, IReadOnlyList<GreeksPoint> points)
    {
        var channel = Channel(portfolioId);
        lock (channel.Gate)
        {
            channel.Snapshot = sent;
            channel.Whole = whole;
            channel.Sequence = sequence;
            if (channel.History is { } held)
            {
                foreach (var point in points) held = GreeksSeries.Append(held, point, channel.HistoryCapacity);
                channel.History = held;
                // Kept current for the next circuit; a state object is made only when one is watching.
                if (channel.Listeners.Count > 0) channel.Listeners.Publish(channel.Current());
            }
            else
            {
                // Loading: the load publishes, with these appended. No one asked yet: nothing to keep.
                channel.Early?.AddRange(points);
            }
        }
    }

    /// <summary>A chain's status, already as clients may see it.</summary>
    internal void PublishChain(ChainStatus forClients) =>
        _chains.GetOrAdd(forClients.ChainName, _ => new Listeners<ChainStatus>(1, logger)).Publish(forClients);

    internal void PublishAlerts(PortfolioAlertsChanged change)
    {
        if (_portfolioAlerts.TryGetValue(change.PortfolioId, out var listeners)) listeners.Publish(change);
    }

    internal void PublishToast(AlertToast toast)
    {
        if (_workspaceToasts.TryGetValue(toast.WorkspaceId, out var listeners)) listeners.Publish(toast);
    }

    /// <summary>Circuits subscribed to portfolios, and updates waiting for them or dropped as superseded (for diagnostics and tests).</summary>
    public (int Subscribers, int Waiting, long Superseded) PortfolioBacklog()
    {
        int subscribers = 0, waiting = 0;
        long dropped = 0;
        foreach (var channel in _portfolios.Values)
        {
            subscribers += channel.Listeners.Count;
            var (w, d) = channel.Listeners.Backlog();
            waiting += w;
            dropped += d;
        }
        return (subscribers, waiting, dropped);
    }

    private PortfolioChannel Channel(int portfolioId) => _portfolios.GetOrAdd(portfolioId, _ => new PortfolioChannel(history.Capacity, logger));

    private async Task LoadHistoryAsync(int portfolioId, PortfolioChannel channel)
    {
        IReadOnlyList<GreeksPoint> stored;
        try
        {
            // The engine stores a block's point before publishing it: what is read here holds every point up to the
            // snapshot held now, and the points published meanwhile are appended (appending one held already is harmless).
            stored = await history.RecentAsync(portfolioId);
        }
        catch (Exception ex)
        {
            // Shown with the points of the blocks from now on, and kept live: a history left unloaded would hold back every
            // later update from the circuits already subscribed.
            logger.LogWarning(ex, "Exposure feed: reading portfolio {PortfolioId}'s Greeks history failed; showing the points from now on", portfolioId);
            stored = [];
        }
        lock (channel.Gate)
        {
            var held = stored;
            foreach (var point in channel.Early ?? []) held = GreeksSeries.Append(held, point, channel.HistoryCapacity);
            channel.History = held;
            channel.Early = null;
            channel.Listeners.Publish(channel.Current());
        }
    }
}
