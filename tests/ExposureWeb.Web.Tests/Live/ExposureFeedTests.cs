using System.Collections.Concurrent;
using ExposureWeb.Data;
using ExposureWeb.Data.Entities;
using ExposureWeb.Engine.Publishing;
using ExposureWeb.Engine.Snapshots;
using ExposureWeb.Engine.Stress;
using ExposureWeb.Live;
using ExposureWeb.Web.Tests.Auth;
using ExposureWeb.Web.Tests.Charts;
using Microsoft.Extensions.DependencyInjection;

namespace ExposureWeb.Web.Tests.Live;

/// <summary>
/// The in-process feed circuits take their live data from: one snapshot object shared by every subscriber, a subscriber
/// that lags gets the newest state when it catches up (never a queue), and holds up no one else.
/// </summary>
public sealed class ExposureFeedTests : IAsyncLifetime
{
    private readonly ExposureWebFactory _factory = new(new Dictionary<string, string?>(AuthApp.ChainSettings())) { ShowDemoWorkspace = true };
    private ExposureFeed _feed = default!;
    private int _portfolioId;

    public async Task InitializeAsync()
    {
        _factory.StartServer();
        _feed = _factory.Services.GetRequiredService<ExposureFeed>();
        var demo = await _factory.Services.GetRequiredService<PortfolioStore>().EnsureDemoAsync("local", [("0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "Demo trader")]);
        _portfolioId = demo.Id;
    }

    public Task DisposeAsync() => _factory.DisposeAsync().AsTask();

    /// <summary>What a circuit would do with the feed's calls: keep each value, optionally stuck until released.</summary>
    private sealed class Recorder<T>(bool stuck = false)
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentQueue<T> Received { get; } = new();

        public async Task Take(T value)
        {
            Received.Enqueue(value);
            if (stuck) await _release.Task;
        }

        public void Release() => _release.TrySetResult();
    }

    private void Publish(ulong block)
    {
        var snapshot = TestSnapshots.Small(_portfolioId, block);
        _feed.PublishPortfolio(_portfolioId, snapshot, snapshot, (long)block, [GreeksPoint.From(snapshot)]);
    }

    private static ulong? BlockOf(LivePortfolio? live) => live?.Snapshot?.BlockNumber;

    [Fact]
    public async Task SubscribePortfolio_OneSubscriberStuckWhileFiftyUpdatesGo_OthersGetThemAndItGetsTheNewestAfter()
    {
        var stuck = new Recorder<LivePortfolio>(stuck: true);
        var live = new Recorder<LivePortfolio>();
        using var a = _feed.SubscribePortfolio(_portfolioId, stuck.Take);
        using var b = _feed.SubscribePortfolio(_portfolioId, live.Take);
        // Both got the history on joining; the first is now stuck in its handler (a browser that stopped reading).
        await Poll.UntilAsync(() => !stuck.Received.IsEmpty && !live.Received.IsEmpty, "both subscribers to get the history");

        for (ulong block = 1; block <= 50; block++) Publish(block);

        await Poll.UntilAsync(() => BlockOf(live.Received.LastOrDefault()) == 50, "the live subscriber to reach block 50");
        var (subscribers, waiting, superseded) = _feed.PortfolioBacklog();
        Assert.Equal(2, subscribers);
        Assert.Equal(1, waiting); // the stuck one holds the newest only
        Assert.True(superseded >= 49, $"{superseded} updates superseded while stuck");
        Assert.Single(stuck.Received);

        stuck.Release();
        await Poll.UntilAsync(() => BlockOf(stuck.Received.LastOrDefault()) == 50, "the stuck subscriber to catch up with block 50");
        Assert.Equal(2, stuck.Received.Count); // the history on joining, then the newest: nothing in between
        Assert.Equal(Enumerable.Range(1, 50).Select(b => (ulong)b), stuck.Received.Last().History.Select(p => p.BlockNumber));
        Assert.Equal(0, _feed.PortfolioBacklog().Waiting);
    }

    [Fact]
    public async Task SubscribePortfolio_TwoSubscribers_GetTheSameSnapshotObject()
    {
        var first = new Recorder<LivePortfolio>();
        var second = new Recorder<LivePortfolio>();
        using var a = _feed.SubscribePortfolio(_portfolioId, first.Take);
        using var b = _feed.SubscribePortfolio(_portfolioId, second.Take);

        Publish(7);

        await Poll.UntilAsync(() => BlockOf(first.Received.LastOrDefault()) == 7 && BlockOf(second.Received.LastOrDefault()) == 7, "both to get block 7");
        Assert.Same(first.Received.Last().Snapshot, second.Received.Last().Snapshot);
        Assert.Same(first.Received.Last().Snapshot, _feed.Latest(_portfolioId)!.Snapshot);
    }

    [Fact]
    public async Task SubscribePortfolio_HistoryStoredBeforeTheFirstSubscriber_ServedThenExtendedByUpdates()
    {
        var history = _factory.Services.GetRequiredService<GreeksHistory>();
        // As the engine does: the point into the history, then the snapshot out.
        for (ulong block = 1; block <= 3; block++)
        {
            await history.AddAsync([TestSnapshots.Small(_portfolioId, block)], CancellationToken.None);
            Publish(block);
        }
        var recorder = new Recorder<LivePortfolio>();

        using var subscription = _feed.SubscribePortfolio(_portfolioId, recorder.Take);
        await Poll.UntilAsync(() => !recorder.Received.IsEmpty, "the history");
        await history.AddAsync([TestSnapshots.Small(_portfolioId, 4)], CancellationToken.None);
        Publish(4);
        await Poll.UntilAsync(() => BlockOf(recorder.Received.LastOrDefault()) == 4, "block 4");

        Assert.Equal([1UL, 2, 3], recorder.Received.First().History.Select(p => p.BlockNumber));
        Assert.Equal(3UL, BlockOf(recorder.Received.First()));
        Assert.Equal([1UL, 2, 3, 4], recorder.Received.Last().History.Select(p => p.BlockNumber));
    }

    [Fact]
    public async Task SubscribePortfolio_Disposed_ReceivesNothingMore()
    {
        var recorder = new Recorder<LivePortfolio>();
        var subscription = _feed.SubscribePortfolio(_portfolioId, recorder.Take);
        await Poll.UntilAsync(() => !recorder.Received.IsEmpty, "the history");
        Publish(1);
        await Poll.UntilAsync(() => BlockOf(recorder.Received.LastOrDefault()) == 1, "block 1");

        subscription.Dispose();
        Publish(2);
        // A second subscriber getting block 2 shows it went out.
        var witness = new Recorder<LivePortfolio>();
        using var other = _feed.SubscribePortfolio(_portfolioId, witness.Take);
        Publish(3);
        await Poll.UntilAsync(() => BlockOf(witness.Received.LastOrDefault()) == 3, "the witness to get block 3");

        Assert.Equal(1UL, BlockOf(recorder.Received.Last()));
        Assert.Equal(1, _feed.PortfolioBacklog().Subscribers);
    }

    [Fact]
    public async Task SubscribeStressRuns_SubscriberStuckBeyondCapacity_KeepsTheNewestInOrderBounded()
    {
        var stuck = new Recorder<StressRunProgress>(stuck: true);
        using var subscription = _feed.SubscribeStressRuns(_portfolioId, stuck.Take);
        int total = ExposureFeed.EventCapacity + 100;

        StressRunProgress Step(int i) => new(1, _portfolioId, StressRunKind.MonteCarlo, StressRunState.Running, i / (double)total, $"step {i}", 1, null);
        _feed.PublishStress(Step(1));
        await Poll.UntilAsync(() => !stuck.Received.IsEmpty, "the first event to be taken");

        for (int i = 2; i <= total; i++) _feed.PublishStress(Step(i));
        stuck.Release();
        await Poll.UntilAsync(() => stuck.Received.LastOrDefault()?.Step == $"step {total}", "the newest event");

        var steps = stuck.Received.Select(p => int.Parse(p.Step!["step ".Length..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        // The one being handled when the rest arrived, then the newest EventCapacity of them, in order.
        Assert.Equal(1, steps[0]);
        Assert.Equal(Enumerable.Range(total - ExposureFeed.EventCapacity + 1, ExposureFeed.EventCapacity), steps.Skip(1));
    }
}
