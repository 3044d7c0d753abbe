using System.Collections.Concurrent;
using ExposureWeb.Data;
using ExposureWeb.Data.Accounts;
using ExposureWeb.Engine.Publishing;
using ExposureWeb.Engine.Snapshots;
using ExposureWeb.Hubs;
using ExposureWeb.Live;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using ExposureWeb.Web.Tests.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace ExposureWeb.Web.Tests;

/// <summary>The exposure hub through the TestServer (long polling): outside clients with API tokens (and, after a restart, the in-process feed's history).</summary>
[Collection(AuthAppCollection.Name)]
public sealed class ExposureHubTests(AuthApp app)
{
    private HubConnection Connect(string? token)
    {
        var factory = app.Factory;
        return new HubConnectionBuilder()
            .WithUrl(new Uri(factory.Server.BaseAddress, ExposureHub.Path.TrimStart('/')), o =>
            {
                o.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                if (token is not null) o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
    }

    /// <summary>Applies the hub's deltas to a replica, as any client does, and records each snapshot and message size.</summary>
    private sealed class Receiver
    {
        private readonly SnapshotReplica _replica = new();

        public ConcurrentQueue<ExposureSnapshot> Snapshots { get; } = new();

        public ConcurrentQueue<int> MessageBytes { get; } = new();

        /// <summary>Each message's size without its Greeks points: the snapshot's changes alone.</summary>
        public ConcurrentQueue<int> ChangeBytes { get; } = new();

        /// <summary>The replica's Greeks history after the last message.</summary>
        public IReadOnlyList<GreeksPoint> History { get { lock (_replica) return _replica.History; } }

        public PortfolioSubscription? Subscription { get; private set; }

        public static async Task<Receiver> SubscribeAsync(HubConnection connection, int portfolioId)
        {
            var receiver = new Receiver();
            connection.On<SnapshotDelta>(nameof(IExposureClient.ExposureChanged), d =>
            {
                receiver.MessageBytes.Enqueue(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(d, SnapshotDiff.Json).Length);
                receiver.ChangeBytes.Enqueue(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(d with { Points = [] }, SnapshotDiff.Json).Length);
                lock (receiver._replica)
                {
                    if (receiver._replica.Apply(d) == ApplyResult.Applied) receiver.Snapshots.Enqueue(receiver._replica.Snapshot!);
                }
            });
            if (connection.State == HubConnectionState.Disconnected) await connection.StartAsync();
            var subscription = await connection.InvokeAsync<PortfolioSubscription>(nameof(ExposureHub.SubscribePortfolio), portfolioId);
            lock (receiver._replica) receiver._replica.Reset(subscription);
            receiver.Current = subscription.Snapshot;
            receiver.Subscription = subscription;
            return receiver;
        }

        public ExposureSnapshot? Current { get; private set; }
    }

    private static ExposureSnapshot Snapshot(int portfolioId, ulong block) => new(
        portfolioId, "local", block, "0x" + new string('a', 64), DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), DateTimeOffset.FromUnixTimeSeconds(1_700_000_001),
        [new AssetExposureRow("ETH", "ETH + WETH", 65.25, 3_000, 195_750, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), 3600, DateTimeOffset.FromUnixTimeSeconds(1_700_003_660), null)],
        []);

    private static async Task<Exception> StartRefusedAsync(HubConnection connection)
    {
        try
        {
            await connection.StartAsync();
        }
        catch (HttpRequestException ex)
        {
            return ex;
        }
        Assert.Fail("the hub accepted the connection");
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>An API token of the wallet's user (signed in for real first, so the user exists).</summary>
    private async Task<(string Token, AuthApp.Session Session)> TokenOfAsync(TestWallet wallet)
    {
        var session = await app.SignInAsync(wallet);
        var (result, _, secret) = await app.Factory.Services.GetRequiredService<ApiTokenStore>().CreateAsync(session.UserId, "hub test", TimeSpan.FromDays(1));
        Assert.True(result.Ok, result.Error);
        return (secret!, session);
    }

    [Fact]
    public async Task Connect_NoToken_Refused401()
    {
        await using var outsider = Connect(token: null);

        var error = await StartRefusedAsync(outsider);

        Assert.Contains("401", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_UnknownToken_Refused401()
    {
        await using var outsider = Connect(token: ApiTokenStore.SecretPrefix + new string('0', 64));

        var error = await StartRefusedAsync(outsider);

        Assert.Contains("401", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_RevokedToken_Refused401()
    {
        var (token, session) = await TokenOfAsync(TestWallet.Carol);
        var store = app.Factory.Services.GetRequiredService<ApiTokenStore>();
        var id = (await store.ListAsync(session.UserId)).First(t => t.RevokedAt is null).Id;
        await store.RevokeAsync(session.UserId, id);
        await using var client = Connect(token);

        var error = await StartRefusedAsync(client);

        Assert.Contains("401", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokeAsync_TokenWithLiveConnection_ConnectionClosedAtOnce()
    {
        var (token, session) = await TokenOfAsync(TestWallet.Carol);
        var store = app.Factory.Services.GetRequiredService<ApiTokenStore>();
        var tokenId = (await store.ListAsync(session.UserId)).First(t => t.RevokedAt is null).Id;
        await using var bot = Connect(token);
        var closed = new TaskCompletionSource();
        bot.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };
        await Receiver.SubscribeAsync(bot, session.PortfolioId);

        await store.RevokeAsync(session.UserId, tokenId);

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HubConnectionState.Disconnected, bot.State);
        Assert.Equal(0, app.Factory.Services.GetRequiredService<TokenConnections>().Count(tokenId));
    }

    [Fact]
    public async Task SubscribePortfolio_UserTokenOwnPortfolio_ReturnsLatestThenReceivesUpdates()
    {
        var (token, session) = await TokenOfAsync(TestWallet.Alice);
        var id = await app.CreatePortfolioAsync(session, "Hub " + Guid.NewGuid().ToString("N")[..6]);
        await app.Factory.Services.GetRequiredService<IExposurePublisher>().PublishSnapshotAsync(Snapshot(id, 41), CancellationToken.None);
        await using var client = Connect(token);

        var receiver = await Receiver.SubscribeAsync(client, id);
        await app.Factory.Services.GetRequiredService<IExposurePublisher>().PublishSnapshotAsync(Snapshot(id, 42), CancellationToken.None);

        Assert.Equal(41UL, receiver.Current!.BlockNumber);
        await Poll.UntilAsync(() => receiver.Snapshots.Any(s => s.BlockNumber == 42), "the owner to receive the published snapshot");
        Assert.Equal(195_750, Assert.Single(receiver.Snapshots.Last().Assets).UsdDelta);
    }

    [Fact]
    public async Task SubscribePortfolio_AnotherUsersPortfolio_NotFoundAndNothingReceived()
    {
        var (aliceToken, alice) = await TokenOfAsync(TestWallet.Alice);
        var (bobToken, _) = await TokenOfAsync(TestWallet.Bob);
        await using var bob = Connect(bobToken);
        var leaked = new ConcurrentQueue<SnapshotDelta>();
        bob.On<SnapshotDelta>(nameof(IExposureClient.ExposureChanged), d => leaked.Enqueue(d));
        await bob.StartAsync();

        var error = await Assert.ThrowsAsync<HubException>(() => bob.InvokeAsync<PortfolioSubscription>(nameof(ExposureHub.SubscribePortfolio), alice.PortfolioId));
        var missing = await Assert.ThrowsAsync<HubException>(() => bob.InvokeAsync<PortfolioSubscription>(nameof(ExposureHub.SubscribePortfolio), 987_654));

        // Alice's portfolio answers exactly like one that does not exist.
        Assert.Equal(missing.Message.Replace("987654", "ID", StringComparison.Ordinal), error.Message.Replace(alice.PortfolioId.ToString(System.Globalization.CultureInfo.InvariantCulture), "ID", StringComparison.Ordinal));
        // A snapshot published to Alice's group reaches Alice but not Bob.
        await using var owner = Connect(aliceToken);
        var receiver = await Receiver.SubscribeAsync(owner, alice.PortfolioId);
        await app.Factory.Services.GetRequiredService<IExposurePublisher>().PublishSnapshotAsync(Snapshot(alice.PortfolioId, 77), CancellationToken.None);
        await Poll.UntilAsync(() => receiver.Snapshots.Any(s => s.BlockNumber == 77), "the owner to receive the published snapshot");
        Assert.Empty(leaked);
    }

    [Fact]
    public async Task SubscribePortfolio_AgainAfterReconnect_ResumesFromCurrentSnapshotAndLaterDeltasApply()
    {
        var (token, session) = await TokenOfAsync(TestWallet.Alice);
        var portfolioId = await app.CreatePortfolioAsync(session, "Reconnect " + Guid.NewGuid().ToString("N")[..6]);
        var services = app.Factory.Services;
        var publisher = services.GetRequiredService<IExposurePublisher>();
        await using var client = Connect(token);
        var replica = new SnapshotReplica();
        var results = new ConcurrentQueue<(ApplyResult Result, ulong? Block)>();
        client.On<SnapshotDelta>(nameof(IExposureClient.ExposureChanged), d =>
        {
            lock (replica) results.Enqueue((replica.Apply(d), replica.Snapshot?.BlockNumber));
        });
        await client.StartAsync();
        var first = await client.InvokeAsync<PortfolioSubscription>(nameof(ExposureHub.SubscribePortfolio), portfolioId);
        lock (replica) replica.Reset(first);
        await publisher.PublishSnapshotAsync(Snapshot(portfolioId, 1), CancellationToken.None);
        await Poll.UntilAsync(() => results.Any(r => r.Block == 1), "block 1");

        // Offline while blocks 2 and 3 are sent: the replica misses them.
        await client.StopAsync();
        var hub = (CoalescingHubPublisher)publisher;
        await publisher.PublishSnapshotAsync(Snapshot(portfolioId, 2), CancellationToken.None);
        await Poll.UntilAsync(() => hub.Current(portfolioId).Snapshot?.BlockNumber == 2, "block 2 to be sent");
        await publisher.PublishSnapshotAsync(Snapshot(portfolioId, 3), CancellationToken.None);
        await Poll.UntilAsync(() => hub.Current(portfolioId).Snapshot?.BlockNumber == 3, "block 3 to be sent");

        // Back online: a new connection has no groups; subscribing again resumes from the snapshot last sent.
        await client.StartAsync();
        var resumed = await client.InvokeAsync<PortfolioSubscription>(nameof(ExposureHub.SubscribePortfolio), portfolioId);
        lock (replica) replica.Reset(resumed);
        await publisher.PublishSnapshotAsync(Snapshot(portfolioId, 4), CancellationToken.None);
        await Poll.UntilAsync(() => results.Any(r => r.Block == 4), "block 4 after the reconnect");

        Assert.Equal(3UL, resumed.Snapshot!.BlockNumber);
        Assert.Equal((ApplyResult.Applied, (ulong?)4), results.Last());
        Assert.DoesNotContain(results, r => r.Result == ApplyResult.Gap);
    }

    [Fact]
    public async Task ExposureChanged_NoHubClientWhileBlocksWent_JoinerStartsFromTheNewestThenGetsAFullMessage()
    {
        var (token, session) = await TokenOfAsync(TestWallet.Alice);
        var portfolioId = await app.CreatePortfolioAsync(session, "Audience " + Guid.NewGuid().ToString("N")[..6]);
        var services = app.Factory.Services;
        var publisher = services.GetRequiredService<IExposurePublisher>();
        var hub = services.GetRequiredService<CoalescingHubPublisher>();
        // Nobody outside listens: the blocks are kept (and numbered) but not turned into messages.
        for (ulong block = 1; block <= 3; block++)
        {
            await publisher.PublishSnapshotAsync(Snapshot(portfolioId, block), CancellationToken.None);
            await Poll.UntilAsync(() => hub.Current(portfolioId).Snapshot?.BlockNumber == block, $"block {block} to be kept");
        }
        Assert.False(services.GetRequiredService<PortfolioAudience>().Any(portfolioId));
        await using var client = Connect(token);
        var deltas = new ConcurrentQueue<SnapshotDelta>();
        client.On<SnapshotDelta>(nameof(IExposureClient.ExposureChanged), d => deltas.Enqueue(d));
        await client.StartAsync();

        var joined = await client.InvokeAsync<PortfolioSubscription>(nameof(ExposureHub.SubscribePortfolio), portfolioId);
        await publisher.PublishSnapshotAsync(Snapshot(portfolioId, 4), CancellationToken.None);
        await Poll.UntilAsync(() => !deltas.IsEmpty, "the first message after joining");

        Assert.Equal((3UL, 3L), (joined.Snapshot!.BlockNumber, joined.Sequence));
        var first = Assert.Single(deltas);
        Assert.True(first.Full);
        Assert.Equal(4, first.Sequence);
        var replica = new SnapshotReplica();
        replica.Reset(joined);
        Assert.Equal(ApplyResult.Applied, replica.Apply(first));
        Assert.Equal(4UL, replica.Snapshot!.BlockNumber);
        Assert.True(services.GetRequiredService<PortfolioAudience>().Any(portfolioId));
        await client.StopAsync();
        await Poll.UntilAsync(() => !services.GetRequiredService<PortfolioAudience>().Any(portfolioId), "the audience to forget the closed connection");
    }

    [Fact]
    public async Task ExposureChanged_BurstOfTwentyBlocks_CoalescedToFewSmallDeltasEndingAtNewest()
    {
        var (token, session) = await TokenOfAsync(TestWallet.Alice);
        var portfolioId = await app.CreatePortfolioAsync(session, "Burst " + Guid.NewGuid().ToString("N")[..6]);
        var services = app.Factory.Services;
        var publisher = services.GetRequiredService<IExposurePublisher>();
        await using var client = Connect(token);
        var receiver = await Receiver.SubscribeAsync(client, portfolioId);

        var burst = System.Diagnostics.Stopwatch.StartNew();
        for (ulong block = 1; block <= 20; block++) await publisher.PublishSnapshotAsync(Snapshot(portfolioId, block), CancellationToken.None);
        burst.Stop();
        await Poll.UntilAsync(() => receiver.Snapshots.Any(s => s.BlockNumber == 20), "the newest block to arrive");

        // The first goes at once, then at most one per 250 ms while the burst lasts, plus the trailing newest.
        var allowed = 2 + (int)Math.Ceiling(burst.Elapsed / CoalescingHubPublisher.MinInterval);
        Assert.InRange(receiver.Snapshots.Count, 2, allowed);
        Assert.Equal(20UL, receiver.Snapshots.Last().BlockNumber);
        // After the first (full) one, a new block's delta carries only what changed, plus a Greeks point per block published
        // since the last message: the history misses none of the coalesced blocks.
        Assert.All(receiver.ChangeBytes.Skip(1), bytes => Assert.True(bytes < 1024, $"a delta of {bytes} bytes"));
        Assert.All(receiver.MessageBytes, bytes => Assert.True(bytes < 32 * 1024));
        Assert.Equal(Enumerable.Range(1, 20).Select(b => (ulong)b), receiver.History.Select(p => p.BlockNumber));
    }

    [Fact]
    public async Task SubscribePortfolio_OwnPortfolioWithHistory_ReturnsTheSnapshotAndItsRecentHistory()
    {
        var (token, session) = await TokenOfAsync(TestWallet.Alice);
        var id = await app.CreatePortfolioAsync(session, "History " + Guid.NewGuid().ToString("N")[..6]);
        var services = app.Factory.Services;
        // As the engine does, block by block: the point into the history, then the snapshot to the hub.
        for (ulong block = 1; block <= 5; block++)
        {
            await services.GetRequiredService<GreeksHistory>().AddAsync([Snapshot(id, block)], CancellationToken.None);
            await services.GetRequiredService<IExposurePublisher>().PublishSnapshotAsync(Snapshot(id, block), CancellationToken.None);
        }
        await Poll.UntilAsync(() => services.GetRequiredService<CoalescingHubPublisher>().Current(id).Snapshot?.BlockNumber == 5, "block 5 to be sent");
        await using var client = Connect(token);

        var receiver = await Receiver.SubscribeAsync(client, id);

        var subscription = receiver.Subscription!;
        Assert.Equal(5UL, subscription.Snapshot!.BlockNumber);
        Assert.Equal(Enumerable.Range(1, 5).Select(b => (ulong)b), subscription.History.Select(p => p.BlockNumber));
        Assert.Equal(GreeksPoint.From(Snapshot(id, 5)), subscription.History[^1]);
        Assert.Equal(services.GetRequiredService<GreeksHistory>().Capacity, subscription.HistoryCapacity);
    }

    [Fact]
    public async Task ExposureFeed_AppRestartedOnTheSameDatabase_HistoryServedBeforeTheFirstBlock()
    {
        var folder = Directory.CreateTempSubdirectory("exposureweb-hub-restart-").FullName;
        var database = new Dictionary<string, string?> { ["Database:Path"] = Path.Combine(folder, "exposureweb.db") };
        try
        {
            int id;
            IReadOnlyList<GreeksPoint> before;
            await using (var first = new ExposureWebFactory(database) { ShowDemoWorkspace = true })
            {
                var demo = await first.Services.GetRequiredService<PortfolioStore>().EnsureDemoAsync("local", [("0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "Demo trader")]);
                id = demo.Id;
                var history = first.Services.GetRequiredService<GreeksHistory>();
                // Blocks of the last minutes (older ones would fall to the retention age), whole seconds as on a chain.
                var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 600);
                for (ulong block = 100; block < 110; block++)
                {
                    await history.AddAsync([Snapshot(id, block) with { BlockTime = start.AddSeconds(2 * (double)block) }], CancellationToken.None);
                }
                before = await history.RecentAsync(id);
            }

            await using var restarted = new ExposureWebFactory(database) { ShowDemoWorkspace = true };
            // What a circuit gets (the hub's SubscribePortfolio reads the same history).
            var received = new TaskCompletionSource<LivePortfolio>(TaskCreationOptions.RunContinuationsAsynchronously);
            using var subscription = restarted.Services.GetRequiredService<ExposureFeed>().SubscribePortfolio(id, live =>
            {
                received.TrySetResult(live);
                return Task.CompletedTask;
            });
            var served = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Null(served.Snapshot); // no block read since the restart
            Assert.Equal(10, before.Count);
            Assert.Equal(before, served.History);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
