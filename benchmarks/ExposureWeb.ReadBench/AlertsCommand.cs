using System.Diagnostics;
using System.Globalization;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Data;
using ExposureWeb.Data.Alerts;
using ExposureWeb.Data.Entities;
using ExposureWeb.Engine;
using ExposureWeb.Engine.Alerts;
using ExposureWeb.Engine.Publishing;
using ExposureWeb.Engine.Reading;
using ExposureWeb.Engine.Snapshots;
using ExposureWeb.Risk.Alerts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ExposureWeb.ReadBench;

/// <summary>
/// <c>alerts [--portfolios 1000] [--rules-per-portfolio 10] [--blocks 30]</c>: the engine's alert evaluation alone, as the
/// chain monitor calls it once per block (<see cref="AlertEvaluator.EvaluateAsync"/> with every portfolio's snapshot, then
/// <see cref="AlertEvaluator.ConfirmAsync"/>), on a SQLite file with the rules stored through EF. Snapshots are synthetic
/// but shaped like the engine benchmark's portfolios (4 underlyings; 2 Aave accounts, a Uniswap v3 position, 2 GMX perps,
/// options; 6 liquidation rows), so each portfolio's 10 rules (one per metric) match 33 series. Block time advances 2 s per
/// block (a dev chain's pace) on the evaluator's clock. Prints <c>alert_eval_ms</c> p50/p95 for:
///   <c>steady</c>       2% of the portfolios' figures change per block (prices of one underlying do not move every portfolio's
///                      exposure every block on a real chain; most blocks touch few accounts)
///   <c>all_changed</c>  every figure of every portfolio changes every block (a price move of every underlying), ~1% of
///                      instances cross a threshold per block
///   <c>all_changed_every_value_written</c>  the same with <c>Alerts:ValueWriteSeconds</c> 0 (each value written each block)
/// and each one's share of the engine cycle (the README's 983 ms p50 at 1,000 portfolios).
/// </summary>
internal static class AlertsCommand
{
    private const double EngineCycleP50Ms = 983;
    private static readonly string[] Underlyings = ["ETH", "BTC", "LINK", "USDC"];

    public static async Task<int> RunAsync(int portfolios, int rulesPerPortfolio, int blocks)
    {
        Console.WriteLine($"# alerts: {portfolios} portfolios × {rulesPerPortfolio} rules = {portfolios * rulesPerPortfolio} rules, {blocks} blocks per scenario");
        var results = new List<(string Name, List<double> Times, int Instances, int Transitions)>();
        foreach (var (name, changedShare, valueWriteSeconds) in new[] { ("steady", 0.02, 60), ("all_changed", 1.0, 60), ("all_changed_every_value_written", 1.0, 0) })
        {
            results.Add(await RunScenarioAsync(name, portfolios, rulesPerPortfolio, blocks, changedShare, valueWriteSeconds));
        }
        foreach (var (name, times, instances, transitions) in results)
        {
            var p50 = Percentile(times, 0.50);
            var p95 = Percentile(times, 0.95);
            Console.WriteLine($"alert_eval_{name}_p50_ms {p50.ToString("F1", CultureInfo.InvariantCulture)}");
            Console.WriteLine($"alert_eval_{name}_p95_ms {p95.ToString("F1", CultureInfo.InvariantCulture)}");
            Console.WriteLine($"alert_eval_{name}_share_of_engine_cycle_pct {(100 * p50 / EngineCycleP50Ms).ToString("F2", CultureInfo.InvariantCulture)}");
            Console.WriteLine($"# {name}: {instances} instances, {transitions} transitions over the measured blocks; per block (ms): [{string.Join(", ", times.Select(t => t.ToString("F1", CultureInfo.InvariantCulture)))}]");
        }
        var worst = results.Max(r => Percentile(r.Times, 0.50)) / EngineCycleP50Ms;
        Console.WriteLine($"# target: alert_eval_ms p50 ≤ 5% of the engine cycle p50 ({EngineCycleP50Ms} ms); worst scenario {(100 * worst).ToString("F2", CultureInfo.InvariantCulture)}%");
        return 0;
    }

    private static async Task<(string, List<double>, int, int)> RunScenarioAsync(string name, int portfolios, int rulesPerPortfolio, int blocks, double changedShare, int valueWriteSeconds)
    {
        var database = Path.Combine(Path.GetTempPath(), $"exposure-alertbench-{Guid.NewGuid():N}.db");
        var clock = new BenchClock(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        try
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true, ContentRootPath = AppContext.BaseDirectory });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Path"] = database,
                ["Alerts:ValueWriteSeconds"] = valueWriteSeconds.ToString(CultureInfo.InvariantCulture),
            });
            builder.Logging.ClearProviders().AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
            builder.Services.AddSingleton<TimeProvider>(clock);
            builder.AddExposureData();
            builder.AddExposureChains();
            builder.AddExposureEngine();
            builder.Services.AddSingleton<IExposurePublisher, NoPublisher>();
            using var host = builder.Build();
            await host.StartAsync();
            await SeedAsync(host.Services, portfolios, rulesPerPortfolio);
            var directory = host.Services.GetRequiredService<PortfolioDirectory>();
            directory.Invalidate();
            var evaluator = host.Services.GetRequiredService<AlertEvaluator>();
            var ids = (await directory.OnChainAsync("local", CancellationToken.None)).Select(p => p.Id).ToList();

            var random = new Random(42);
            var figures = ids.ToDictionary(id => id, id => Figures.Initial(random));
            ulong block = 1_000;
            // Warm-up: the first block creates every instance (one insert each), then a few blocks for the JIT.
            for (var k = 0; k < 5; k++) await OneBlockAsync(evaluator, directory, clock, ids, figures, random, ++block, 1.0);

            int transitionsBefore = await CountTransitionsAsync(host.Services);
            var times = new List<double>();
            for (var b = 0; b < blocks; b++) times.Add(await OneBlockAsync(evaluator, directory, clock, ids, figures, random, ++block, changedShare));
            var instances = ids.Sum(id => evaluator.Current(id).Count);
            var transitions = await CountTransitionsAsync(host.Services) - transitionsBefore;
            await host.StopAsync();
            return (name, times, instances, transitions);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var f in new[] { database, database + "-wal", database + "-shm" }) File.Delete(f);
        }
    }

    /// <summary>One block: the figures move for <paramref name="changedShare"/> of the portfolios, then evaluation + confirmation, timed together.</summary>
    private static async Task<double> OneBlockAsync(AlertEvaluator evaluator, PortfolioDirectory directory, BenchClock clock, List<int> ids,
        Dictionary<int, Figures> figures, Random random, ulong block, double changedShare)
    {
        clock.Advance(TimeSpan.FromSeconds(2));
        var time = clock.GetUtcNow();
        var snapshots = new List<ExposureSnapshot>(ids.Count);
        foreach (var id in ids)
        {
            if (random.NextDouble() < changedShare) figures[id] = figures[id].Moved(random);
            snapshots.Add(figures[id].Snapshot(id, block, time));
        }
        // The monitor has read the directory for the block already: cached when the evaluator asks.
        await directory.OnChainAsync("local", CancellationToken.None);
        var watch = Stopwatch.StartNew();
        await evaluator.EvaluateAsync("local", snapshots, CancellationToken.None);
        await evaluator.ConfirmAsync("local", block, CancellationToken.None);
        return watch.Elapsed.TotalMilliseconds;
    }

    private static async Task<int> CountTransitionsAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<ExposureDbContext>>().CreateDbContextAsync();
        return await db.AlertTransitions.CountAsync();
    }

    /// <summary>Workspaces of 10 portfolios each; per portfolio one rule per metric (10), stored as the rule store stores them.</summary>
    private static async Task SeedAsync(IServiceProvider services, int portfolios, int rulesPerPortfolio)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<ExposureDbContext>>().CreateDbContextAsync();
        var now = DateTimeOffset.UtcNow;
        var workspaces = Enumerable.Range(0, (portfolios + 9) / 10).Select(w => new Workspace { Name = $"bench {w}", CreatedAt = now }).ToList();
        db.Workspaces.AddRange(workspaces);
        var list = Enumerable.Range(0, portfolios).Select(p => new Portfolio { Name = $"bench {p}", ChainName = "local", CreatedAt = now, Workspace = workspaces[p / 10] }).ToList();
        db.Portfolios.AddRange(list);
        await db.SaveChangesAsync();
        var definitions = RuleDefinitions();
        foreach (var p in list)
        {
            for (var r = 0; r < rulesPerPortfolio; r++)
            {
                var d = definitions[r % definitions.Count];
                db.AlertRules.Add(new AlertRule
                {
                    WorkspaceId = p.WorkspaceId!.Value,
                    PortfolioId = p.Id,
                    Name = d.Name,
                    DefinitionJson = AlertRuleJson.Serialize(d),
                    CreatedAt = now,
                    UpdatedAt = now,
                });
            }
        }
        await db.SaveChangesAsync();
        services.GetRequiredService<AlertRuleChangeSignal>().Raise();
    }

    private static List<AlertRuleDefinition> RuleDefinitions()
    {
        AlertRuleDefinition Rule(string name, AlertMetric metric, AlertCondition condition, params AlertThreshold[] thresholds) => new()
        {
            Name = name, Metric = metric, Scope = AlertScope.Portfolio, Condition = condition, Thresholds = thresholds,
        };
        var rules = new List<AlertRuleDefinition>
        {
            Rule("health", AlertMetric.HealthFactor, AlertCondition.Below, new AlertThreshold(AlertSeverity.Warning, 1.5, 1.6), new AlertThreshold(AlertSeverity.Critical, 1.2, 1.3)),
            Rule("delta usd", AlertMetric.NetDeltaUsd, AlertCondition.OutsideBand, new AlertThreshold(AlertSeverity.Warning, 120_000, 110_000)),
            Rule("delta units", AlertMetric.NetDeltaUnits, AlertCondition.OutsideBand, new AlertThreshold(AlertSeverity.Info, 40, 38)),
            Rule("gamma", AlertMetric.DollarGamma, AlertCondition.OutsideBand, new AlertThreshold(AlertSeverity.Warning, 2_000, 1_800)),
            Rule("vega", AlertMetric.Vega, AlertCondition.OutsideBand, new AlertThreshold(AlertSeverity.Warning, 900, 850)),
            Rule("theta", AlertMetric.Theta, AlertCondition.Below, new AlertThreshold(AlertSeverity.Info, -300, -280)),
            Rule("liquidation", AlertMetric.LiquidationDistance, AlertCondition.Below, new AlertThreshold(AlertSeverity.Critical, 20, 25)),
            Rule("margin", AlertMetric.PerpMarginRatio, AlertCondition.Below, new AlertThreshold(AlertSeverity.Warning, 15, 17)),
            Rule("oracle", AlertMetric.OracleStale, AlertCondition.Above, new AlertThreshold(AlertSeverity.Critical, AlertMetrics.FlagThreshold, null)),
            Rule("lp range", AlertMetric.LpOutOfRange, AlertCondition.Above, new AlertThreshold(AlertSeverity.Info, AlertMetrics.FlagThreshold, null)),
        };
        foreach (var r in rules)
        {
            if (AlertRuleValidator.Validate(r) is { Count: > 0 } errors) throw new InvalidOperationException($"bench rule {r.Name}: {string.Join(" ", errors.Select(e => e.Message))}");
        }
        return rules;
    }

    /// <summary>One portfolio's figures: a price per underlying with its Greeks, two Aave accounts, two perps, an LP.</summary>
    private sealed record Figures(double[] Prices, double[] Quantities, double[] Health, double[] Margins, bool InRange)
    {
        public static Figures Initial(Random r) => new(
            [3_000 * Jitter(r, 0.05), 60_000 * Jitter(r, 0.05), 15 * Jitter(r, 0.05), 1],
            [30 * Jitter(r, 0.3), 1.5 * Jitter(r, 0.3), 2_000 * Jitter(r, 0.3), 20_000 * Jitter(r, 0.3)],
            [1.4 + r.NextDouble() * 0.6, 3 + r.NextDouble() * 20],
            [0.12 + r.NextDouble() * 0.1, 0.12 + r.NextDouble() * 0.1],
            r.NextDouble() < 0.8);

        /// <summary>Every figure moves a little (a block's price moves and interest).</summary>
        public Figures Moved(Random r) => new(
            Prices.Select((p, i) => i == 3 ? p : p * Jitter(r, 0.004)).ToArray(),
            Quantities.Select(q => q * Jitter(r, 0.001)).ToArray(),
            Health.Select(h => h * Jitter(r, 0.01)).ToArray(),
            Margins.Select(m => m * Jitter(r, 0.01)).ToArray(),
            r.NextDouble() < 0.99 ? InRange : !InRange);

        private static double Jitter(Random r, double size) => 1 + (r.NextDouble() * 2 - 1) * size;

        public ExposureSnapshot Snapshot(int portfolioId, ulong block, DateTimeOffset time)
        {
            var assets = new List<AssetExposureRow>(Underlyings.Length);
            for (var i = 0; i < Underlyings.Length; i++)
            {
                assets.Add(new AssetExposureRow(Underlyings[i], "spot, aave-v3, uniswap-v3, gmx-v2", Quantities[i], Prices[i], Quantities[i] * Prices[i],
                    time.AddMinutes(-5), 3_600, time.AddHours(1), null)
                {
                    DollarGammaPerPercent = Quantities[i] * Prices[i] * 0.004,
                    VegaPerVolPoint = Quantities[i] * Prices[i] * 0.002,
                    ThetaPerDay = -Quantities[i] * Prices[i] * 0.0005,
                });
            }
            var owner = $"0x{portfolioId:x40}";
            var positions = new List<PositionRow>
            {
                new($"spot:local:{owner}:ETH", "spot", owner, "ETH", "ETH", null) { ValueUsd = Prices[0] * 10 },
                new($"aave-v3:local:{owner}:a", "aave-v3", owner, "Aave v3 account", "ETH/USDC", null) { ValueUsd = 20_000 },
                new($"aave-v3:local:{owner}:b", "aave-v3", owner, "Aave v3 account", "BTC/USDC", null) { ValueUsd = 50_000 },
                new($"uniswap-v3:local:{owner}:1", "uniswap-v3", owner, "Uniswap v3 ETH/USDC", "ETH/USDC", null)
                    { ValueUsd = 10_000, Markers = [InRange ? "in-range" : "below-range"] },
                new($"gmx-v2:local:{owner}:long", "gmx-v2", owner, "GMX v2 ETH long", "ETH", null) { ValueUsd = 5_000, MarginRatio = Margins[0] },
                new($"gmx-v2:local:{owner}:short", "gmx-v2", owner, "GMX v2 BTC short", "BTC", null) { ValueUsd = 4_000, MarginRatio = Margins[1] },
                new($"opyn-gamma:local:{owner}:put", "opyn-gamma", owner, "oToken ETH put", "ETH", null) { ValueUsd = 800 },
            };
            var liquidations = new List<LiquidationRow>
            {
                new(positions[1].Id, "ETH", Prices[0] / Health[0], Prices[0], "falls below", Health[0]),
                new(positions[1].Id, "LINK", Prices[2] / Health[0], Prices[2], "falls below", Health[0]),
                new(positions[2].Id, "BTC", Prices[1] / Health[1], Prices[1], "falls below", Health[1]),
                new(positions[2].Id, "ETH", Prices[0] / Health[1], Prices[0], "falls below", Health[1]),
                new(positions[4].Id, "ETH", Prices[0] * (1 - Margins[0]), Prices[0], "falls below", null),
                new(positions[5].Id, "BTC", Prices[1] * (1 + Margins[1]), Prices[1], "rises above", null),
            };
            return new ExposureSnapshot(portfolioId, "local", block, $"0x{block:x64}", time, time, assets, [])
            {
                Positions = positions,
                Liquidations = liquidations,
            };
        }
    }

    private sealed class BenchClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }

    private sealed class NoPublisher : IExposurePublisher
    {
        public Task PublishSnapshotAsync(ExposureSnapshot snapshot, CancellationToken ct) => Task.CompletedTask;

        public Task PublishChainStatusAsync(ChainStatus status, CancellationToken ct) => Task.CompletedTask;
    }

    private static double Percentile(IReadOnlyList<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
