using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.Numerics;
using ExposureWeb.Risk.Portfolios;
using ExposureWeb.Risk.Scenarios;
using ExposureWeb.Risk.Tests.Support;
using Xunit.Abstractions;

namespace ExposureWeb.Risk.Tests.Scenarios;

/// <summary>
/// Monte Carlo VaR and ES against closed forms. Reference values: z₀.₉₉ = Φ⁻¹(0.99) = 2.3263478740408408 and
/// φ(z₀.₉₉) = 0.026652142203458 (Python statistics.NormalDist); tolerance 3 Monte Carlo standard errors as reported by the run.
/// </summary>
public class MonteCarloVarTests(ITestOutputHelper output)
{
    private const double Z99 = 2.3263478740408408;
    private const double Phi99 = 0.026652142203458;

    private static ScenarioBook Book(params IInstrument[] instruments) =>
        ScenarioBook.Build(new Portfolio("p", instruments.Select((i, n) => new Position($"p-{n}", i)).ToList()), TestMarket.Create());

    private static ScenarioBook EthBtcSpot() => Book(new SpotHolding("ETH", "ETH", 10), new SpotHolding("BTC", "BTC", 0.5), new SpotHolding("USDC", "USDC", 5000));

    private static readonly CorrelationMatrix EthBtc = new(["ETH", "BTC"], new[,] { { 1, 0.6 }, { 0.6, 1 } });

    [Fact]
    public void Run_DeltaOnlyTwoAssets_MatchesDeltaNormalWithin3StandardErrors()
    {
        // Delta-normal: VaR = z·√(wᵀΣw), ES = φ(z)/(1 − α)·√(wᵀΣw), w = dollar deltas (10 ETH × 2000 = 20000,
        // 0.5 BTC × 60000 = 30000; USDC pegged), Σᵢⱼ = ρᵢⱼσᵢσⱼh, h = 1/365. Volatilities of 8% and 6% keep σ√h ≈ 0.4%, where
        // the lognormal P&L is normal to ~0.5% of VaR (a third of one standard error at 10,000 paths).
        const double sEth = 0.08, sBtc = 0.06, rho = 0.6, h = 1 / 365.0;
        double sd = Math.Sqrt(h * (Math.Pow(20000 * sEth, 2) + Math.Pow(30000 * sBtc, 2) + 2 * rho * 20000 * sEth * 30000 * sBtc));
        double analyticVar = Z99 * sd, analyticEs = Phi99 / 0.01 * sd;

        var r = MonteCarloVar.Run(EthBtcSpot(), null, new MonteCarloVarOptions
        {
            Correlation = EthBtc, Volatilities = new Dictionary<string, double> { ["ETH"] = sEth, ["BTC"] = sBtc },
        });

        output.WriteLine($"VaR {r.VarUsd:F2} ± {r.VarStandardErrorUsd:F2} vs delta-normal {analyticVar:F2}; ES {r.ExpectedShortfallUsd:F2} ± {r.ExpectedShortfallStandardErrorUsd:F2} vs {analyticEs:F2}");
        Assert.Equal(10_000, r.Paths);
        Assert.Equal(100, r.TailPaths);
        Assert.Equal(["ETH", "BTC"], r.SimulatedUnderlyings);
        Assert.InRange(r.VarStandardErrorUsd, 0.005 * analyticVar, 0.05 * analyticVar);
        Assert.InRange(r.VarUsd, analyticVar - 3 * r.VarStandardErrorUsd, analyticVar + 3 * r.VarStandardErrorUsd);
        Assert.InRange(r.ExpectedShortfallUsd, analyticEs - 3 * r.ExpectedShortfallStandardErrorUsd, analyticEs + 3 * r.ExpectedShortfallStandardErrorUsd);
        Assert.InRange(r.PnlStandardDeviationUsd, 0.97 * sd, 1.03 * sd);
    }

    [Fact]
    public void Run_SingleAssetLognormal_MatchesExactQuantileWithin3StandardErrors()
    {
        // Long q = 10 ETH at S = 2000, σ = 80%, 10 days: s = σ√h, X = ln(S'/S) ~ N(−s²/2, s²). Exact:
        // VaR = qS·(1 − exp(−s²/2 − z·s)); ES = qS·(1 − Φ(−z − s)/(1 − α)) since E[e^X; X < −s²/2 − z·s] = Φ(−z − s).
        const double sigma = 0.8, days = 10, alpha = 0.99;
        double s = sigma * Math.Sqrt(days / 365.0);
        double exactVar = 20000 * (1 - Math.Exp(-s * s / 2 - Z99 * s));
        double exactEs = 20000 * (1 - NormalDistribution.Cdf(-Z99 - s) / (1 - alpha));

        var r = MonteCarloVar.Run(Book(new SpotHolding("ETH", "ETH", 10)), null, new MonteCarloVarOptions
        {
            HorizonDays = days, Volatilities = new Dictionary<string, double> { ["ETH"] = sigma }, Seed = 11,
        });

        output.WriteLine($"VaR {r.VarUsd:F2} ± {r.VarStandardErrorUsd:F2} vs exact {exactVar:F2}; ES {r.ExpectedShortfallUsd:F2} ± {r.ExpectedShortfallStandardErrorUsd:F2} vs {exactEs:F2}");
        Assert.InRange(r.VarUsd, exactVar - 3 * r.VarStandardErrorUsd, exactVar + 3 * r.VarStandardErrorUsd);
        Assert.InRange(r.ExpectedShortfallUsd, exactEs - 3 * r.ExpectedShortfallStandardErrorUsd, exactEs + 3 * r.ExpectedShortfallStandardErrorUsd);
        Assert.True(r.ExpectedShortfallUsd > r.VarUsd);
        Assert.DoesNotContain(r.Notes, n => n.Contains("independently")); // one asset: nothing to correlate
    }

    [Fact]
    public void Run_IsolatedPerp_LiquidationShareMatchesLognormalProbability()
    {
        // 1 ETH long from 2000, 200 margin, l = 2%: liquidatable when 200 + (m − 2000) < 0.02m, i.e. m < 1800/0.98.
        // P = Φ((ln(m*/S) + s²/2)/s), s = 0.6·√(1/365); tolerance 3 binomial standard errors √(P(1 − P)/N).
        double s = 0.6 * Math.Sqrt(1 / 365.0);
        double p = NormalDistribution.Cdf((Math.Log(1800 / 0.98 / 2000) + s * s / 2) / s);
        var market = TestMarket.Create();
        var book = ScenarioBook.Build(new Portfolio("p", [new Position("perp", new PerpPosition("ETH", 1, 2000, 0.02, IsolatedMarginUsd: 200))]), market);

        var r = MonteCarloVar.Run(book, market, new MonteCarloVarOptions { Paths = 50_000, Seed = 5 });

        double se = Math.Sqrt(p * (1 - p) / r.Paths);
        output.WriteLine($"liquidated on {r.PathsWithLiquidation} of {r.Paths} paths ({r.LiquidationProbability:P3}) vs P = {p:P3} ± {se:P3}");
        Assert.InRange(r.LiquidationProbability, p - 3 * se, p + 3 * se);
        Assert.Contains(r.Notes, n => n.Contains("ETH volatility 60.0% from the market"));
    }

    [Fact]
    public void Run_SameSeed_SameNumbers()
    {
        var market = TestMarket.Create();
        var book = Book(new SpotHolding("ETH", "ETH", 10), new EuropeanOption("BTC", ExposureWeb.Risk.Pricing.OptionRight.Put, 55000, TestMarket.Now.AddDays(20), 2));
        var options = new MonteCarloVarOptions { Paths = 2000, Seed = 123, Correlation = EthBtc };

        var a = MonteCarloVar.Run(book, market, options);
        var b = MonteCarloVar.Run(book, market, options);
        var c = MonteCarloVar.Run(book, market, options with { Seed = 124 });

        Assert.Equal(a.VarUsd, b.VarUsd);
        Assert.Equal(a.ExpectedShortfallUsd, b.ExpectedShortfallUsd);
        Assert.Equal(a.VarStandardErrorUsd, b.VarStandardErrorUsd);
        Assert.Equal(a.Histogram, b.Histogram);
        Assert.NotEqual(a.VarUsd, c.VarUsd);
    }

    [Fact]
    public void Run_Histogram_CountsEveryPathAndSpansTheRange()
    {
        var r = MonteCarloVar.Run(EthBtcSpot(), TestMarket.Create(), new MonteCarloVarOptions { Paths = 3000, HistogramBins = 40 });
        Assert.Equal(40, r.Histogram.Count);
        Assert.Equal(3000, r.Histogram.Sum(b => b.Count));
        Assert.True(r.Histogram[0].LowerUsd <= -r.VarUsd);
        Assert.True(r.Histogram[^1].UpperUsd > 0);
        Assert.Contains(r.Notes, n => n.Contains("independently"));
    }

    [Fact]
    public void Run_Progress_ReachesOneMonotonically()
    {
        var reports = new List<double>();
        MonteCarloVar.Run(EthBtcSpot(), TestMarket.Create(), new MonteCarloVarOptions { Paths = 5000 }, new SyncProgress(reports.Add));
        Assert.Equal(1.0, reports[^1]);
        Assert.Equal(100, reports.Count);
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.Second > p.First));
    }

    [Fact]
    public void Run_Cancelled_StopsEarly()
    {
        using var cts = new CancellationTokenSource();
        var reports = new List<double>();
        var progress = new SyncProgress(f =>
        {
            reports.Add(f);
            if (f >= 0.1) cts.Cancel();
        });
        Assert.ThrowsAny<OperationCanceledException>(() =>
            MonteCarloVar.Run(EthBtcSpot(), TestMarket.Create(), new MonteCarloVarOptions { Paths = 100_000 }, progress, cts.Token));
        Assert.Equal(0.1, reports[^1], 12);
    }

    [Theory]
    [InlineData(99, 0.99, 1.0, "Paths")]
    [InlineData(1_000_001, 0.99, 1.0, "Paths")]
    [InlineData(10_000, 0.5, 1.0, "Confidence")]
    [InlineData(10_000, 1.0, 1.0, "Confidence")]
    [InlineData(10_000, double.NaN, 1.0, "Confidence")]
    [InlineData(10_000, 0.99, 0.0, "HorizonDays")]
    [InlineData(10_000, 0.99, -1.0, "HorizonDays")]
    public void Run_OutOfRangeOptions_ThrowNamingTheField(int paths, double confidence, double horizon, string field)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            MonteCarloVar.Run(EthBtcSpot(), TestMarket.Create(), new MonteCarloVarOptions { Paths = paths, Confidence = confidence, HorizonDays = horizon }));
        Assert.Equal(field, e.ParamName);
    }

    [Fact]
    public void Run_CorrelationWithoutBookUnderlying_ThrowsNamingIt()
    {
        var e = Assert.Throws<ArgumentException>(() => MonteCarloVar.Run(EthBtcSpot(), TestMarket.Create(),
            new MonteCarloVarOptions { Correlation = CorrelationMatrix.Identity(["ETH", "SOL"]) }));
        Assert.Contains("no row for BTC", e.Message);
    }

    [Fact]
    public void Run_NoVolatilityForUnderlying_ThrowsNamingIt()
    {
        var e = Assert.Throws<ArgumentException>(() => MonteCarloVar.Run(EthBtcSpot(), null,
            new MonteCarloVarOptions { Volatilities = new Dictionary<string, double> { ["ETH"] = 0.6 } }));
        Assert.Contains("no volatility for BTC", e.Message);
    }

    [Fact]
    public void Run_NonPsdCorrelation_ThrowsSuggestingRepair()
    {
        var bad = new CorrelationMatrix(["ETH", "BTC", "SOL"], new[,] { { 1, 0.9, 0.9 }, { 0.9, 1, -0.9 }, { 0.9, -0.9, 1 } });
        var book = ScenarioBook.Build(new Portfolio("p",
            [new Position("e", new SpotHolding("ETH", "ETH", 1)), new Position("b", new SpotHolding("BTC", "BTC", 1)), new Position("s", new SpotHolding("SOL", "SOL", 1))]),
            TestMarket.Create(new Dictionary<string, double> { ["ETH"] = 2000, ["BTC"] = 60000, ["SOL"] = 150 }));
        var e = Assert.Throws<ArgumentException>(() => MonteCarloVar.Run(book, null, new MonteCarloVarOptions
        {
            Correlation = bad, Volatilities = new Dictionary<string, double> { ["ETH"] = 0.6, ["BTC"] = 0.5, ["SOL"] = 0.9 },
        }));
        Assert.Contains("not positive semi-definite", e.Message);
    }

    [Fact]
    public void Run_BenchWorkloadBook_EveryPositionRevaluedWithoutExclusions()
    {
        // The book and correlation `exposure bench` measures (mc_revaluations_per_second): every kind of position, five assets.
        var market = ExposureWeb.Cli.Bench.Workloads.Market();
        var book = ScenarioBook.Build(ExposureWeb.Cli.Bench.Workloads.Portfolio("mc", 200, seed: 11), market);
        var r = MonteCarloVar.Run(book, market, new MonteCarloVarOptions { Paths = 1000, Correlation = ExposureWeb.Cli.Bench.Workloads.Correlation() });

        Assert.Empty(r.Excluded);
        Assert.Equal(200, book.PositionCount);
        Assert.Equal(5, r.SimulatedUnderlyings.Count);
        Assert.DoesNotContain("USDC", r.SimulatedUnderlyings);
        Assert.True(r.VarUsd > 0 && r.ExpectedShortfallUsd >= r.VarUsd);
        output.WriteLine($"VaR {r.VarUsd:F0} ES {r.ExpectedShortfallUsd:F0} liquidation paths {r.PathsWithLiquidation}; notes: {string.Join(" | ", r.Notes)}");
    }

    /// <summary>Reports on the calling thread (<see cref="Progress{T}"/> posts to a synchronization context).</summary>
    private sealed class SyncProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
