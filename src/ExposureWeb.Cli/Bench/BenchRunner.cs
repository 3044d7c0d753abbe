using System.Diagnostics;
using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.Market;
using ExposureWeb.Risk.Portfolios;
using ExposureWeb.Risk.Pricing;
using ExposureWeb.Risk.Scenarios;

namespace ExposureWeb.Cli.Bench;

/// <summary>
/// The three acceptance measurements, single-threaded on the calling thread. Each is warmed up for a fixed time
/// (tiered JIT needs ~30 calls plus a background recompile before a method runs at full speed, so a count of
/// warm-up calls is not enough), then timed repeatedly; the median is reported, because other work on a shared
/// machine only ever adds time.
/// </summary>
public sealed class BenchRunner(TextWriter output, bool quick)
{
    /// <summary>Options per batch-kernel call.</summary>
    public const int OptionCount = 100_000;

    /// <summary>Positions in the stress-grid book.</summary>
    public const int GridPositions = 10_000;

    /// <summary>Positions in the Monte Carlo VaR book.</summary>
    public const int MonteCarloPositions = 1_000;

    /// <summary>Paths of the Monte Carlo VaR run (the default of a stress run).</summary>
    public const int MonteCarloPaths = 10_000;

    /// <summary>Portfolios recomputed per block.</summary>
    public const int Portfolios = 1_000;

    /// <summary>Positions per recomputed portfolio.</summary>
    public const int PositionsPerPortfolio = 50;

    /// <summary>Runs all measurements and prints one `name value` line per figure.</summary>
    public void Run()
    {
        Print("hardware_vector256", System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? 1 : 0, "F0");
        Print("processor_count", Environment.ProcessorCount, "F0");
        Print("options_per_second", OptionsPerSecond(), "F0");
        Print("mc_revaluations_per_second", MonteCarloRevaluationsPerSecond(), "F0");
        var (build, run) = Grid();
        Print("grid_10k_35_ms", build + run);
        Print("grid_10k_35_run_ms", run);
        Print("grid_10k_35_build_ms", build);
        Print("recompute_1000x50_ms", Recompute());
        var (calls, span, nethereum) = AbiDecode();
        Print("abi_decode_calls_per_batch", calls, "F0");
        Print("abi_decode_per_second_span", span, "F0");
        Print("abi_decode_per_second_nethereum", nethereum, "F0");
    }

    /// <summary>
    /// The demo portfolio's recorded Multicall3 answer decoded into typed DTOs, by the span decoder and by Nethereum's:
    /// call results per second (the aggregate3 envelope's cost shared among them).
    /// </summary>
    public (int Calls, double Span, double Nethereum) AbiDecode()
    {
        var workload = AbiDecodeWorkload.Demo();
        double span = Median(Repeats(200), () => workload.DecodeWithSpan());
        double nethereum = Median(Repeats(50), () => workload.DecodeWithNethereum());
        return (workload.Decoded, workload.Decoded / span, workload.Decoded / nethereum);
    }

    private void Print(string name, double value, string format = "F2") =>
        output.WriteLine($"{name} {value.ToString(format, System.Globalization.CultureInfo.InvariantCulture)}");

    private int Repeats(int full) => quick ? Math.Max(3, full / 10) : full;

    /// <summary>Price plus five Greeks through the batch kernel: options per second.</summary>
    public double OptionsPerSecond()
    {
        var input = Workloads.Options(OptionCount);
        var output = new GreeksBatch(OptionCount);
        double seconds = Median(Repeats(60), () => BlackScholesBatch.Evaluate(input, output));
        return OptionCount / seconds;
    }

    /// <summary>
    /// Monte Carlo VaR (10,000 correlated paths, one day, 99%) over a 1,000-position mixed book, full revaluation of
    /// every position on every path: (path × position) revaluations per second, path generation and the quantiles included.
    /// </summary>
    public double MonteCarloRevaluationsPerSecond()
    {
        var market = Workloads.Market();
        var book = ScenarioBook.Build(Workloads.Portfolio("mc", MonteCarloPositions, seed: 11), market);
        var options = new MonteCarloVarOptions { Paths = MonteCarloPaths, Correlation = Workloads.Correlation() };
        double seconds = Median(Repeats(10), () => MonteCarloVar.Run(book, market, options));
        return (double)MonteCarloPaths * book.PositionCount / seconds;
    }

    /// <summary>Deribit grid (35 cells) over a 10,000-position book: compile (base valuation included) and run, in ms.</summary>
    public (double BuildMs, double RunMs) Grid()
    {
        var market = Workloads.Market();
        var portfolio = Workloads.Portfolio("grid", GridPositions, seed: 7);
        var cells = StressGrid.Deribit();
        ScenarioBook book = ScenarioBook.Build(portfolio, market);
        double build = Median(Repeats(20), () => book = ScenarioBook.Build(portfolio, market)) * 1e3;
        double run = Median(Repeats(20), () => book.Run(cells)) * 1e3;
        return (build, run);
    }

    /// <summary>1,000 portfolios of 50 positions recomputed (value, Greeks per underlying, health, liquidations), in ms.</summary>
    public double Recompute()
    {
        var market = Workloads.Market();
        var portfolios = Enumerable.Range(0, Portfolios).Select(i => Workloads.Portfolio($"p{i}", PositionsPerPortfolio, seed: 100 + i)).ToArray();
        var results = new PortfolioRisk[portfolios.Length];
        void All()
        {
            for (int i = 0; i < portfolios.Length; i++) results[i] = RiskCalculator.Compute(portfolios[i], market);
        }
        return Median(Repeats(20), All) * 1e3;
    }

    private double Median(int repeats, Action action)
    {
        long warmupStart = Stopwatch.GetTimestamp();
        var warmup = TimeSpan.FromSeconds(quick ? 0.5 : 2);
        do action(); while (Stopwatch.GetElapsedTime(warmupStart) < warmup);
        var times = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        Array.Sort(times);
        return times[repeats / 2];
    }

    internal static (Portfolio Portfolio, MarketSnapshot Market) Sample() => (Workloads.Portfolio("sample", 50, 1), Workloads.Market());
}
