using System.Net;
using ExposureWeb.Engine.Publishing;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace ExposureWeb.LiveBench;

/// <summary>
/// Many outside SignalR clients on one portfolio: each keeps its own replica from the hub's deltas, as any client does.
/// Measures delivery latency (receive − the snapshot's ComputedAt, both on this machine's clock, so it includes the hub's
/// ≤ 250 ms coalescing wait), the fan-out spread across clients, whether every client got every update, and the app's
/// RSS per connection.
/// </summary>
public static class HubFanout
{
    internal const string HubPath = "/hubs/exposure";

    /// <summary>How long after the window every client may take to catch up with the newest update sent in it.</summary>
    private static readonly TimeSpan CatchUpLimit = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(int clients, int seconds, CancellationToken ct)
    {
        Console.WriteLine($"# command: dotnet run -c Release --project benchmarks/ExposureWeb.LiveBench -- hub-fanout --clients {clients} --seconds {seconds}");
        await using var live = await LiveApp.StartAsync(new Dictionary<string, string> { ["DevChain:TickSeconds"] = "1" }, ct);
        Console.WriteLine($"# app healthy after {live.TimeToHealthy.TotalSeconds:0.0} s (pid {live.App.ProcessId}); demo portfolio {live.DemoPortfolioId}");
        var hubUrl = new Uri(live.App.BaseUrl, HubPath);

        // Warm-up: one client's whole life (negotiate, WebSocket, subscribe, a few deltas), so the JIT and first-use
        // allocations of the hub path are in the baseline rather than charged to the connections.
        await using (var warm = await Client.ConnectAsync(hubUrl, live.Session, live.DemoPortfolioId, ct))
        {
            await warm.WaitForSequenceAsync(warm.SubscribedSequence + 3, TimeSpan.FromSeconds(15), ct);
        }
        await Task.Delay(TimeSpan.FromSeconds(3), ct);
        var rssBefore = await live.SampleRssAsync(ct);

        var all = new List<Client>(clients);
        var connecting = System.Diagnostics.Stopwatch.StartNew();
        using (var gate = new SemaphoreSlim(16))
        {
            var tasks = Enumerable.Range(0, clients).Select(async _ =>
            {
                await gate.WaitAsync(ct);
                try { return await Client.ConnectAsync(hubUrl, live.Session, live.DemoPortfolioId, ct); }
                finally { gate.Release(); }
            }).ToList();
            all.AddRange(await Task.WhenAll(tasks));
        }
        Console.WriteLine($"# {clients} clients connected (WebSockets) and subscribed in {connecting.Elapsed.TotalSeconds:0.0} s");

        try
        {
            using var appProcess = System.Diagnostics.Process.GetProcessById(live.App.ProcessId);
            using var self = System.Diagnostics.Process.GetCurrentProcess();
            var (appCpuStart, selfCpuStart) = (appProcess.TotalProcessorTime, self.TotalProcessorTime);
            var windowStart = DateTimeOffset.UtcNow;
            var memory = Task.Run(async () => { await Task.Delay(TimeSpan.FromSeconds(3), ct); return await live.SampleRssAsync(ct); }, ct);
            await Task.Delay(TimeSpan.FromSeconds(seconds), ct);
            var windowEnd = DateTimeOffset.UtcNow;
            appProcess.Refresh();
            self.Refresh();
            var windowSeconds = (windowEnd - windowStart).TotalSeconds;
            var appCores = (appProcess.TotalProcessorTime - appCpuStart).TotalSeconds / windowSeconds;
            var selfCores = (self.TotalProcessorTime - selfCpuStart).TotalSeconds / windowSeconds;
            var rssAfter = await memory;
            Console.WriteLine($"# load average {LiveApp.LoadAverage()} ({Environment.ProcessorCount} cores)");

            // The first update every client received in the window, and the newest any client received in it.
            var inWindow = all.Select(c => c.Snapshot().Where(r => r.ReceivedAt >= windowStart && r.ReceivedAt <= windowEnd).ToList()).ToList();
            if (inWindow.Any(w => w.Count == 0))
            {
                Console.Error.WriteLine($"FAIL: {inWindow.Count(w => w.Count == 0)} of {clients} clients received no update in {seconds} s");
                return 1;
            }
            var first = inWindow.Max(w => w.Min(r => r.Sequence));
            var last = inWindow.Max(w => w.Max(r => r.Sequence));
            await Task.WhenAll(all.Select(c => c.WaitForSequenceAsync(last, CatchUpLimit, ct)));

            // Every client must hold every number first..last: the hub numbers its messages per portfolio without holes.
            var expected = Enumerable.Range(0, (int)(last - first + 1)).Select(i => first + i).ToList();
            var received = all.Select(c => c.Snapshot().Where(r => r.Sequence >= first && r.Sequence <= last).ToList()).ToList();
            var missing = new List<string>();
            for (int i = 0; i < all.Count; i++)
            {
                var got = received[i].Select(r => r.Sequence).ToHashSet();
                var lost = expected.Where(s => !got.Contains(s)).ToList();
                if (lost.Count > 0) missing.Add($"client {i}: missed {lost.Count} ({string.Join(", ", lost.Take(10))}{(lost.Count > 10 ? ", …" : "")})");
            }
            var gaps = all.Select((c, i) => (c, i)).Where(x => x.c.Gaps.Count > 0).Select(x => $"client {x.i}: {string.Join("; ", x.c.Gaps)}").ToList();

            var latencies = received.SelectMany(r => r).Select(r => (r.ReceivedAt - r.ComputedAt).TotalMilliseconds).Order().ToList();
            var bySequence = received.SelectMany(r => r).GroupBy(r => r.Sequence).ToList();
            var earliest = bySequence.ToDictionary(g => g.Key, g => g.Min(r => r.ReceivedAt));
            var firstLatencies = bySequence.Select(g => (earliest[g.Key] - g.First().ComputedAt).TotalMilliseconds).Order().ToList();
            var spreads = received.SelectMany(r => r).Select(r => (r.ReceivedAt - earliest[r.Sequence]).TotalMilliseconds).Order().ToList();
            var perConnectionKiB = (rssAfter - rssBefore) / clients;

            Print("clients", clients);
            Print("duration_s", seconds);
            Print("updates_per_client", expected.Count);
            Print("updates_per_s", expected.Count / windowSeconds, "0.00");
            Print("deliveries", latencies.Count);
            Print("delivery_latency_p50_ms", Percentiles.Of(latencies, 50));
            Print("delivery_latency_p95_ms", Percentiles.Of(latencies, 95));
            Print("delivery_latency_max_ms", latencies[^1]);
            Print("first_receive_latency_p50_ms", Percentiles.Of(firstLatencies, 50));
            Print("first_receive_latency_p95_ms", Percentiles.Of(firstLatencies, 95));
            Print("fanout_spread_p95_ms", Percentiles.Of(spreads, 95));
            Print("fanout_spread_max_ms", spreads[^1]);
            Print("rss_before_kib", rssBefore);
            Print("rss_after_kib", rssAfter);
            Print("rss_per_connection_kib", perConnectionKiB, "0.0");
            Print("app_cpu_cores", appCores, "0.00");
            Print("bench_cpu_cores", selfCores, "0.00");
            Print("clients_missing_updates", missing.Count);
            Print("gap_results", all.Sum(c => c.Gaps.Count));
            Print("stale_results", all.Sum(c => c.Stale));
            Console.WriteLine("# delivery latency = receive time in this process − the snapshot's ComputedAt in the app (same clock); it includes the");
            Console.WriteLine("#   hub's coalescing wait (≤ 250 ms: at most 4 updates/s per portfolio) and this process's 2-core contention with the app");
            Console.WriteLine("# first receive latency = the same for the first client to receive each update: engine → coalescing → hub → socket");
            Console.WriteLine("# fan-out spread = a client's receive time − the earliest receive of the same update by any client");
            Console.WriteLine($"# memory per connection is RSS-based: app VmRSS (median of 5 samples 1 s apart) with {clients} connected and subscribed");
            Console.WriteLine("#   minus the same with none (after a one-client warm-up), divided by the clients; includes GC heap growth, so it is noisy");
            Console.WriteLine("# cpu cores = CPU time over the window ÷ its length, of the app (without its anvil child) and of this process (the clients)");
            Console.WriteLine($"# sequences {first}..{last} checked on every client");
            foreach (var line in missing.Concat(gaps).Take(20)) Console.Error.WriteLine($"  {line}");
            if (missing.Count > 0 || gaps.Count > 0)
            {
                Console.Error.WriteLine($"FAIL: {missing.Count} client(s) missed updates, {gaps.Count} saw a gap");
                return 1;
            }
            Console.WriteLine("# PASS: every client received every update of the window");
            return 0;
        }
        finally
        {
            await Task.WhenAll(all.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    private static void Print(string name, double value, string format = "0") => Figures.Print(name, value, format);

    /// <summary>A hub connection (WebSockets only) presenting <paramref name="session"/>, not yet started.</summary>
    internal static HubConnection Connection(Uri hubUrl, Cookie session) =>
        new HubConnectionBuilder()
            .WithUrl(hubUrl, o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.Cookies.Add(hubUrl, new Cookie(session.Name, session.Value, "/", hubUrl.Host));
            })
            .Build();

    /// <summary>One update as a client applied it.</summary>
    internal sealed record Received(long Sequence, DateTimeOffset ReceivedAt, DateTimeOffset ComputedAt, ulong Block);

    /// <summary>One hub connection subscribed to the portfolio, applying deltas to its own replica.</summary>
    internal sealed class Client : IAsyncDisposable
    {
        private readonly Lock _gate = new();
        private readonly SnapshotReplica _replica = new();
        private readonly List<Received> _received = [];
        private readonly int _portfolioId;
        // Deltas that arrive before SubscribePortfolio has answered: applied once the replica holds its snapshot.
        private List<(SnapshotDelta Delta, DateTimeOffset At)>? _early = [];
        private TaskCompletionSource? _sequenceReached;
        private long _awaitedSequence = long.MaxValue;

        private Client(HubConnection connection, int portfolioId)
        {
            Connection = connection;
            _portfolioId = portfolioId;
        }

        public HubConnection Connection { get; }

        public long SubscribedSequence { get; private set; }

        public List<string> Gaps { get; } = [];

        public int Stale { get; private set; }

        public static async Task<Client> ConnectAsync(Uri hubUrl, Cookie session, int portfolioId, CancellationToken ct)
        {
            var connection = Connection(hubUrl, session);
            var client = new Client(connection, portfolioId);
            connection.On<SnapshotDelta>("ExposureChanged", client.OnDelta);
            await connection.StartAsync(ct);
            await client.SubscribeAsync(ct);
            return client;
        }

        public List<Received> Snapshot()
        {
            lock (_gate) return [.. _received];
        }

        /// <summary>The sequence number of the snapshot the replica holds.</summary>
        public long Sequence
        {
            get { lock (_gate) return _replica.Sequence; }
        }

        public async Task WaitForSequenceAsync(long sequence, TimeSpan limit, CancellationToken ct)
        {
            Task reached;
            lock (_gate)
            {
                if (_replica.Sequence >= sequence) return;
                _sequenceReached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _awaitedSequence = sequence;
                reached = _sequenceReached.Task;
            }
            try
            {
                await reached.WaitAsync(limit, ct);
            }
            catch (TimeoutException)
            {
                // Reported as missing updates by the caller; not a reason to stop the run.
            }
        }

        public ValueTask DisposeAsync() => Connection.DisposeAsync();

        private async Task SubscribeAsync(CancellationToken ct)
        {
            var subscription = await Connection.InvokeAsync<PortfolioSubscription>("SubscribePortfolio", _portfolioId, ct);
            lock (_gate)
            {
                _replica.Reset(subscription);
                SubscribedSequence = subscription.Sequence;
                var early = _early ?? [];
                _early = null;
                foreach (var (delta, at) in early) ApplyLocked(delta, at);
            }
        }

        private void OnDelta(SnapshotDelta delta)
        {
            var at = DateTimeOffset.UtcNow;
            lock (_gate)
            {
                if (_early is not null) _early.Add((delta, at));
                else ApplyLocked(delta, at);
            }
        }

        private void ApplyLocked(SnapshotDelta delta, DateTimeOffset at)
        {
            var held = _replica.Sequence;
            switch (_replica.Apply(delta))
            {
                case ApplyResult.Applied:
                    _received.Add(new Received(delta.Sequence, at, _replica.Snapshot!.ComputedAt, _replica.Snapshot.BlockNumber));
                    if (_replica.Sequence >= _awaitedSequence) _sequenceReached?.TrySetResult();
                    break;
                case ApplyResult.Stale:
                    Stale++;
                    break;
                case ApplyResult.Gap:
                    // Recorded as a failure; subscribing again keeps the client useful for the rest of the run.
                    Gaps.Add($"held {held}, got {delta.Sequence} based on {delta.BaseSequence}");
                    _early = [];
                    _ = Task.Run(() => SubscribeAsync(CancellationToken.None));
                    break;
            }
        }
    }
}
