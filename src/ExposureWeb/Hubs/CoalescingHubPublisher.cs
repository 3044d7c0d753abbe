using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Engine;
using ExposureWeb.Engine.Publishing;
using ExposureWeb.Engine.Snapshots;
using ExposureWeb.Live;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Hubs;

/// <summary>
/// The engine's outlet to the hub. A chain can produce blocks faster than anyone can read them (anvil mines one per
/// transaction; the simulator sends a burst each tick), so each portfolio's group gets at most one message per
/// <see cref="MinInterval"/>: the first snapshot after a quiet spell goes at once, later ones wait for the interval
/// and only the newest is sent. Each message is a <see cref="SnapshotDelta"/> against the one sent before, carrying the
/// Greeks points of every snapshot published since (coalesced ones too).
/// </summary>
/// <remarks>
/// What it sent last (<see cref="Current"/>) is the one latest snapshot of a portfolio in the app: hub subscribers start
/// from it and the REST API answers with it. A large portfolio's message carries its first positions and nearest
/// liquidations only (<see cref="SnapshotTrim"/>); <see cref="Positions"/> pages through all of that same snapshot.
/// </remarks>
public sealed class CoalescingHubPublisher(
    IHubContext<ExposureHub, IExposureClient> hub, ExposureFeed feed, PortfolioAudience audience, IOptions<EngineOptions> options, TimeProvider time, ChainRegistry chains, ILogger<CoalescingHubPublisher> logger)
    : IExposurePublisher
{
    /// <summary>At most 4 updates per second per portfolio.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrentDictionary<int, Group> _groups = new();

    /// <summary>The snapshot last sent to a portfolio's group and its number: where a new subscriber starts.</summary>
    public PortfolioSubscription Current(int portfolioId)
    {
        if (!_groups.TryGetValue(portfolioId, out var group)) return new PortfolioSubscription(null, 0);
        lock (group.Gate) return new PortfolioSubscription(group.SentSnapshot, group.Sequence);
    }

    /// <summary>A page of the positions of the snapshot last sent (all of them, also those its message left out).</summary>
    public PositionPage Positions(int portfolioId, int offset, int count)
    {
        if (!_groups.TryGetValue(portfolioId, out var group)) return PositionPage.Of(null, 0, offset, count);
        lock (group.Gate) return PositionPage.Of(group.SentWhole, group.Sequence, offset, count);
    }

    public Task PublishSnapshotAsync(ExposureSnapshot snapshot, CancellationToken ct)
    {
        var group = _groups.GetOrAdd(snapshot.PortfolioId, _ => new Group());
        TimeSpan wait;
        var point = GreeksPoint.From(snapshot);
        lock (group.Gate)
        {
            group.Pending = snapshot;
            group.PendingPoints = GreeksSeries.Append(group.PendingPoints, point, options.Value.GreeksHistoryPoints);
            if (group.FlushScheduled) return Task.CompletedTask;
            wait = group.LastSentAt + MinInterval - time.GetUtcNow();
            if (wait > TimeSpan.Zero) group.FlushScheduled = true;
        }
        if (wait <= TimeSpan.Zero) return FlushAsync(snapshot.PortfolioId, group);
        _ = FlushLaterAsync(snapshot.PortfolioId, group, wait);
        return Task.CompletedTask;
    }

    public Task PublishChainStatusAsync(ChainStatus status, CancellationToken ct)
    {
        var forClients = ChainStatusForClients.Redact(status, chains)!;
        feed.PublishChain(forClients);
        return hub.Clients.Group(HubGroups.Chain(status.ChainName)).ChainStatusChanged(forClients);
    }

    private async Task FlushLaterAsync(int portfolioId, Group group, TimeSpan wait)
    {
        try
        {
            await Task.Delay(wait, time);
            await FlushAsync(portfolioId, group);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Exposure hub: sending portfolio {PortfolioId}'s update failed; the next block sends a new one", portfolioId);
        }
    }

    private async Task FlushAsync(int portfolioId, Group group)
    {
        // One send at a time per group, so deltas arrive in the order they were computed.
        await group.Sending.WaitAsync();
        try
        {
            SnapshotDelta? delta;
            ExposureSnapshot wire, whole;
            IReadOnlyList<GreeksPoint> points;
            long sequence;
            lock (group.Gate)
            {
                group.FlushScheduled = false;
                if (group.Pending is not { } snapshot) return;
                group.Pending = null;
                whole = snapshot;
                wire = SnapshotTrim.ForWire(snapshot);
                points = group.PendingPoints;
                group.PendingPoints = [];
                if (audience.Any(portfolioId))
                {
                    // Against the JSON sent before; a full message when there is none (no hub client held the previous one).
                    var next = SnapshotDiff.ToJson(wire);
                    delta = SnapshotDiff.Diff(portfolioId, group.Sent, next, group.Sequence) with { Points = points };
                    group.Sent = next;
                }
                else
                {
                    // No outside client: nothing to serialise. A client joining later starts from the snapshot (and number) kept
                    // here, and gets a full message next.
                    delta = null;
                    group.Sent = null;
                }
                group.SentSnapshot = wire;
                group.SentWhole = snapshot;
                sequence = ++group.Sequence;
                group.LastSentAt = time.GetUtcNow();
            }
            // The app's circuits first, in-process (the same snapshot object for all of them), then outside clients: one
            // message per group, which SignalR serialises once per protocol, not once per connection.
            feed.PublishPortfolio(portfolioId, wire, whole, sequence, points);
            if (delta is not null) await hub.Clients.Group(HubGroups.Portfolio(portfolioId)).ExposureChanged(delta);
        }
        finally
        {
            group.Sending.Release();
        }
    }

    private sealed class Group
    {
        public readonly Lock Gate = new();
        public readonly SemaphoreSlim Sending = new(1, 1);
        public ExposureSnapshot? Pending;
        public GreeksPoint[] PendingPoints = [];
        public bool FlushScheduled;
        public JsonObject? Sent;
        public ExposureSnapshot? SentSnapshot;
        public ExposureSnapshot? SentWhole;
        public long Sequence;
        public DateTimeOffset LastSentAt = DateTimeOffset.MinValue;
    }
}
