using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ExposureWeb.Benchmarks.Shared;
using ExposureWeb.Chain.Adapters;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.Data;
using ExposureWeb.Data.Entities;
using ExposureWeb.DevChain.Anvil;
using ExposureWeb.DevChain.Deployment;
using ExposureWeb.Engine;
using ExposureWeb.Engine.Monitoring;
using ExposureWeb.Engine.Publishing;
using ExposureWeb.Engine.Reading;
using ExposureWeb.Engine.Snapshots;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ExposureWeb.ReadBench;

/// <summary>
/// <c>engine --portfolios N [--blocks B]</c>: the real engine (data, chains and engine services on a generic host, a
/// SQLite file, the chain's WebSocket heads) watching N three-address portfolios on a loopback anvil where every
/// address holds every position kind; 2.5 × N distinct addresses, so the first half-N addresses sit in two portfolios.
/// For each of B blocks it mines, waits for the engine's cycle (head seen → every snapshot published) and then sends the
/// same eth_call payloads the engine's read sends, as raw HTTP bodies with the same concurrency, timing the node alone.
/// </summary>
internal static class EngineCommand
{
    public static async Task<int> RunAsync(int portfolios, int blocks)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(30));
        var ct = limit.Token;
        var clock = Stopwatch.StartNew();
        await using var anvil = await AnvilProcess.StartOnFreePortAsync(AnvilLocator.Find(null, AppContext.BaseDirectory, Environment.CurrentDirectory), statePath: null, ct);
        using var rpc = new JsonRpcHttpClient(anvil.RpcUrl, TimeSpan.FromSeconds(120));
        var profile = await new DemoDeployer(DevChainWeb3.Create(rpc)).DeployAsync("local", anvil.RpcUrl, anvil.WsUrl, ct);

        int distinct = BenchWallets.DistinctFor(portfolios);
        var wallets = BenchWallets.Addresses(distinct);
        await BenchWallets.SeedAsync(rpc, profile, wallets, ct, step => Console.Error.WriteLine($"# {step}"));
        var owners = BenchWallets.PortfolioOwners(wallets, portfolios);
        Console.Error.WriteLine($"# seeded {distinct} addresses with every position kind in {clock.Elapsed.TotalSeconds:F0} s");

        var database = Path.Combine(Path.GetTempPath(), $"exposure-enginebench-{Guid.NewGuid():N}.db");
        var publisher = new CountingPublisher();
        try
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true, ContentRootPath = AppContext.BaseDirectory });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Path"] = database,
                ["Engine:RpcTimeoutMs"] = "30000",
                ["Engine:Volatility:ETH"] = "0.65",
                ["Engine:Volatility:BTC"] = "0.5",
                ["Engine:Volatility:LINK"] = "0.8",
                ["Engine:Volatility:USDC"] = "0.01",
                ["Engine:RiskFreeRate"] = "0.04",
            });
            builder.Logging.ClearProviders().AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
            builder.AddExposureData();
            builder.AddExposureChains();
            builder.AddExposureEngine();
            builder.Services.AddSingleton<IExposurePublisher>(publisher);
            using var host = builder.Build();
            await host.StartAsync(ct);
            await SavePortfoliosAsync(host.Services, owners, ct);

            var waiter = new CycleWaiter();
            host.Services.GetRequiredService<EngineCycles>().Completed += waiter.OnCompleted;
            host.Services.GetRequiredService<ChainRegistry>().Register(profile);

            // Warm-up: the cold read (discovery rounds), then a few steady blocks for the JIT and the connection pools.
            for (int i = 0; i < 4; i++) await waiter.MineAndWaitAsync(rpc, ct);

            // The engine's own read payloads, recorded once by a reader with the engine's limits, for the node-only replay.
            var engineOptions = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<EngineOptions>>().Value;
            var payloads = await RecordPayloadsAsync(rpc, profile, engineOptions, owners, ct);
            using var http = new HttpClient { BaseAddress = anvil.RpcUrl, Timeout = TimeSpan.FromMinutes(2) };
            var engine = new List<EngineCycle>();
            var node = new List<double>();
            for (int b = 0; b < blocks; b++)
            {
                var cycle = await waiter.MineAndWaitAsync(rpc, ct);
                if (cycle.Published != portfolios) throw new InvalidOperationException($"block {cycle.Block}: {cycle.Published} of {portfolios} snapshots published");
                engine.Add(cycle);
                node.Add(await ReplayAsync(http, payloads, engineOptions.MaxConcurrentRequests, ct));
            }

            var durations = engine.Select(c => c.Duration.TotalMilliseconds).ToList();
            Print("portfolios", portfolios);
            Print("distinct_addresses", distinct);
            Print("positions_per_portfolio", publisher.Positions / (double)Math.Max(1, publisher.Snapshots));
            Print("engine_cycle_p50_ms", Percentile(durations, 0.50));
            Print("engine_cycle_p95_ms", Percentile(durations, 0.95));
            Print("node_exec_ms", Percentile(node, 0.50));
            Print("node_exec_p95_ms", Percentile(node, 0.95));
            Print("round_trips_per_block", Percentile(engine.Select(c => (double)c.HttpRequests).ToList(), 0.50));
            Print("rounds_per_block", Percentile(engine.Select(c => (double)c.Rounds).ToList(), 0.50));
            Print("eth_calls_per_block", payloads.Sum(p => p.EthCalls));
            Print("rss_mb", Process.GetCurrentProcess().WorkingSet64 / (1024.0 * 1024.0));
            Console.WriteLine($"# ratio engine_cycle_p95 / node_exec = {Percentile(durations, 0.95) / Percentile(node, 0.50):F2} (target ≤ 1.5)");
            Console.WriteLine($"# cycles (ms): [{string.Join(", ", durations.Select(Ms))}]");
            Console.WriteLine($"# node (ms): [{string.Join(", ", node.Select(Ms))}]");
            await host.StopAsync(CancellationToken.None);
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var f in new[] { database, database + "-wal", database + "-shm" }) File.Delete(f);
        }
    }

    /// <summary>Mines blocks and waits for the engine's cycle of each (or of a later block, when heads were coalesced).</summary>
    private sealed class CycleWaiter
    {
        private readonly object _gate = new();
        private (ulong Block, TaskCompletionSource<EngineCycle> Done)? _expected;

        public void OnCompleted(EngineCycle cycle)
        {
            lock (_gate)
            {
                if (_expected is { } e && cycle.Block >= e.Block) e.Done.TrySetResult(cycle);
            }
        }

        public async Task<EngineCycle> MineAndWaitAsync(JsonRpcHttpClient rpc, CancellationToken ct)
        {
            var done = new TaskCompletionSource<EngineCycle>(TaskCreationOptions.RunContinuationsAsynchronously);
            var block = await new EthClient(rpc).BlockNumberAsync(ct) + 1;
            lock (_gate) _expected = (block, done);
            await rpc.SendAsync("evm_mine", [], ct);
            return await done.Task.WaitAsync(TimeSpan.FromMinutes(3), ct);
        }
    }

    private static async Task SavePortfoliosAsync(IServiceProvider services, IReadOnlyList<IReadOnlyList<Address>> owners, CancellationToken ct)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<ExposureDbContext>>().CreateDbContextAsync(ct);
        for (int p = 0; p < owners.Count; p++)
        {
            db.Portfolios.Add(new Portfolio
            {
                Name = $"bench {p}",
                ChainName = "local",
                CreatedAt = DateTimeOffset.UtcNow,
                Addresses = owners[p].Select((a, k) => new WatchedAddress { Address = a.ToString(), Label = $"wallet {k}" }).ToList(),
            });
        }
        await db.SaveChangesAsync(ct);
        services.GetRequiredService<PortfolioDirectory>().Invalidate();
    }

    /// <summary>One HTTP request as the engine sent it.</summary>
    private sealed record Payload(byte[] Body, int EthCalls);

    private static async Task<IReadOnlyList<Payload>> RecordPayloadsAsync(JsonRpcHttpClient rpc, ChainProfile profile, EngineOptions o,
        IReadOnlyList<IReadOnlyList<Address>> owners, CancellationToken ct)
    {
        var reader = new PortfolioPositionsReader(profile, new PositionDiscoveryCache(), o.ReaderOptions());
        await reader.ReadManyAsync(new EthClient(rpc), owners, BlockParameter.Latest, ct); // discovery
        var capture = new CapturingTransport(rpc);
        await reader.ReadManyAsync(new EthClient(capture), owners, BlockParameter.FromNumber(await new EthClient(rpc).BlockNumberAsync(ct)), ct);
        return capture.Bodies;
    }

    /// <summary>Sends the recorded bodies as the engine does (all at once, at most MaxConcurrentRequests in flight) and returns the wall time.</summary>
    private static async Task<double> ReplayAsync(HttpClient http, IReadOnlyList<Payload> payloads, int concurrency, CancellationToken ct)
    {
        using var gate = new SemaphoreSlim(concurrency);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(payloads.Select(async p =>
        {
            await gate.WaitAsync(ct);
            try
            {
                using var content = new ByteArrayContent(p.Body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await http.PostAsync("", content, ct);
                response.EnsureSuccessStatusCode();
                var body = await response.Content.ReadAsByteArrayAsync(ct);
                if (body.AsSpan().IndexOf("\"error\""u8) >= 0) throw new InvalidOperationException("the node answered an error to a replayed payload");
            }
            finally
            {
                gate.Release();
            }
        }));
        return clock.Elapsed.TotalMilliseconds;
    }

    /// <summary>Records each HTTP request's JSON-RPC body (a single call or a batch) as the reader sends it.</summary>
    private sealed class CapturingTransport(IRpcTransport inner) : IRpcTransport
    {
        private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
        private int _id;

        public List<Payload> Bodies { get; } = [];

        public string DisplayName => inner.DisplayName;

        public Task<JsonElement> SendAsync(string method, IReadOnlyList<object?> parameters, CancellationToken ct = default)
        {
            Record(JsonSerializer.SerializeToUtf8Bytes(Request(method, parameters), Json), 1);
            return inner.SendAsync(method, parameters, ct);
        }

        public Task<IReadOnlyList<RpcResult>> SendBatchAsync(IReadOnlyList<RpcRequest> requests, CancellationToken ct = default)
        {
            Record(JsonSerializer.SerializeToUtf8Bytes(requests.Select(r => Request(r.Method, r.Parameters)).ToList(), Json), requests.Count);
            return inner.SendBatchAsync(requests, ct);
        }

        private object Request(string method, IReadOnlyList<object?> parameters) =>
            new { jsonrpc = "2.0", id = Interlocked.Increment(ref _id), method, @params = parameters };

        private void Record(byte[] body, int calls)
        {
            lock (Bodies) Bodies.Add(new Payload(body, calls));
        }
    }

    /// <summary>Counts what the engine publishes (the hub's fan-out is LiveBench's subject).</summary>
    private sealed class CountingPublisher : IExposurePublisher
    {
        private long _snapshots, _positions;

        public long Snapshots => Interlocked.Read(ref _snapshots);

        public long Positions => Interlocked.Read(ref _positions);

        public Task PublishSnapshotAsync(ExposureSnapshot snapshot, CancellationToken ct)
        {
            Interlocked.Increment(ref _snapshots);
            Interlocked.Add(ref _positions, snapshot.Positions.Count);
            return Task.CompletedTask;
        }

        public Task PublishChainStatusAsync(ChainStatus status, CancellationToken ct) => Task.CompletedTask;
    }

    private static void Print(string name, double value) => Console.WriteLine($"{name} {Ms(value)}");

    private static string Ms(double value) => Math.Round(value).ToString(CultureInfo.InvariantCulture);

    private static double Percentile(IReadOnlyList<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
