using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using ExposureWeb.Cli.Bench;
using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.Market;
using ExposureWeb.Risk.Portfolios;
using ExposureWeb.Risk.Pricing;
using ExposureWeb.Risk.Scenarios;

namespace ExposureWeb.Benchmarks;

/// <summary>
/// The three acceptance measurements of `exposure bench`, under BenchmarkDotNet. Single-threaded: every benchmark runs
/// on one thread and the kernels do not spawn any. Per-option throughput = 100,000 / mean time of <see cref="BatchGreeks"/>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class RiskBenchmarks
{
    private sealed class Config : ManualConfig
    {
        // Same GC mode as `exposure bench` (workstation, non-concurrent), so the two report comparable figures.
        // Reports go under bin/ (ignored by git) instead of the working directory.
        public Config()
        {
            AddJob(Job.Default.WithWarmupCount(5).WithIterationCount(15).WithGcServer(false).WithGcConcurrent(false));
            ArtifactsPath = Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts");
        }
    }

    private OptionBatch _options = null!;
    private GreeksBatch _greeks = null!;
    private Portfolio _gridBook = null!;
    private MarketSnapshot _market = null!;
    private ScenarioBook _compiled = null!;
    private IReadOnlyList<ScenarioCell> _cells = null!;
    private Portfolio[] _portfolios = null!;

    [GlobalSetup]
    public void Setup()
    {
        _options = Workloads.Options(100_000);
        _greeks = new GreeksBatch(_options.Count);
        _market = Workloads.Market();
        _gridBook = Workloads.Portfolio("grid", 10_000, seed: 7);
        _compiled = ScenarioBook.Build(_gridBook, _market);
        _cells = StressGrid.Deribit();
        _portfolios = Enumerable.Range(0, 1_000).Select(i => Workloads.Portfolio($"p{i}", 50, seed: 100 + i)).ToArray();
    }

    /// <summary>Price and five Greeks of 100,000 options through the Vector256 kernel.</summary>
    [Benchmark(OperationsPerInvoke = 100_000)]
    public void BatchGreeks() => BlackScholesBatch.Evaluate(_options, _greeks);

    /// <summary>35-cell Deribit grid over 10,000 mixed positions, including base valuation and compilation.</summary>
    [Benchmark]
    public StressReport Grid10kBy35() => ScenarioBook.Build(_gridBook, _market).Run(_cells);

    /// <summary>The 35 cells alone on an already compiled book.</summary>
    [Benchmark]
    public StressReport Grid10kBy35RunOnly() => _compiled.Run(_cells);

    /// <summary>1,000 portfolios × 50 positions recomputed (value, Greeks per underlying, health, liquidations).</summary>
    [Benchmark]
    public int Recompute1000x50()
    {
        int unpriced = 0;
        foreach (var p in _portfolios) unpriced += RiskCalculator.Compute(p, _market).Unpriced.Count;
        return unpriced;
    }
}
