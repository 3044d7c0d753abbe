using System.Globalization;
using ExposureWeb.Risk.Market;
using ExposureWeb.Risk.Numerics;
using ExposureWeb.Risk.Portfolios;

namespace ExposureWeb.Risk.Scenarios;

/// <summary>Parameters of a Monte Carlo VaR run. Defaults: 10,000 paths, 99%, one day, seed 1.</summary>
public sealed record MonteCarloVarOptions
{
    /// <summary>Smallest number of paths accepted.</summary>
    public const int MinPaths = 100;

    /// <summary>Largest number of paths accepted.</summary>
    public const int MaxPaths = 1_000_000;

    /// <summary>Number of simulated paths, in [<see cref="MinPaths"/>, <see cref="MaxPaths"/>].</summary>
    public int Paths { get; init; } = 10_000;

    /// <summary>Confidence level α of VaR and ES, in (0.5, 1), e.g. 0.99.</summary>
    public double Confidence { get; init; } = 0.99;

    /// <summary>Horizon in calendar days (Actual/365), positive; options lose this much time to expiry.</summary>
    public double HorizonDays { get; init; } = 1;

    /// <summary>Seed of the <see cref="Xoshiro256StarStar"/> generator: the same seed, book and options give the same numbers.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Number of equal-width bins of the P&amp;L histogram, in [1, 1000].</summary>
    public int HistogramBins { get; init; } = 50;

    /// <summary>Correlation of the simulated underlyings' log returns; null: independent (stated in the notes).</summary>
    public CorrelationMatrix? Correlation { get; init; }

    /// <summary>Annualised volatility per underlying, overriding the market's (which is asked at the horizon's term).</summary>
    public IReadOnlyDictionary<string, double>? Volatilities { get; init; }

    /// <summary>Which underlyings are simulated; every non-pegged one by default (stablecoins stay at their price).</summary>
    public ScenarioScope? Scope { get; init; }

    /// <summary>Checks every field; throws with a message naming the field and its allowed range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A field is out of range.</exception>
    public void Validate()
    {
        if (Paths is < MinPaths or > MaxPaths) throw new ArgumentOutOfRangeException(nameof(Paths), Paths, "paths must be between 100 and 1,000,000.");
        if (!(Confidence > 0.5 && Confidence < 1)) throw new ArgumentOutOfRangeException(nameof(Confidence), Confidence, "confidence must be in (0.5, 1), e.g. 0.99.");
        if (!(HorizonDays > 0) || double.IsInfinity(HorizonDays)) throw new ArgumentOutOfRangeException(nameof(HorizonDays), HorizonDays, "the horizon must be a positive number of days.");
        if (HistogramBins is < 1 or > 1000) throw new ArgumentOutOfRangeException(nameof(HistogramBins), HistogramBins, "histogram bins must be between 1 and 1,000.");
        if (Volatilities is not null)
        {
            foreach (var (underlying, vol) in Volatilities)
            {
                if (!(vol >= 0) || double.IsInfinity(vol)) throw new ArgumentOutOfRangeException(nameof(Volatilities), vol, $"the volatility of {underlying} must be non-negative and finite.");
            }
        }
    }
}

/// <summary>One bar of a P&amp;L histogram: [LowerUsd, UpperUsd), the last bar closed.</summary>
/// <param name="LowerUsd">Lower edge, USD of P&amp;L.</param>
/// <param name="UpperUsd">Upper edge, USD of P&amp;L.</param>
/// <param name="Count">Paths whose P&amp;L falls in the bin.</param>
public readonly record struct HistogramBin(double LowerUsd, double UpperUsd, int Count);

/// <summary>Result of a Monte Carlo VaR run. Losses are positive numbers of USD.</summary>
/// <param name="Confidence">α.</param>
/// <param name="Paths">Paths simulated.</param>
/// <param name="HorizonDays">Horizon, days.</param>
/// <param name="Seed">Generator seed.</param>
/// <param name="BaseValueUsd">Book value with no move, USD.</param>
/// <param name="VarUsd">Value at risk: the α-quantile of the loss, USD (negative when even that path gains).</param>
/// <param name="VarStandardErrorUsd">Monte Carlo standard error of <paramref name="VarUsd"/>, USD (order-statistic method).</param>
/// <param name="ExpectedShortfallUsd">Mean loss beyond VaR, USD.</param>
/// <param name="ExpectedShortfallStandardErrorUsd">Monte Carlo standard error of <paramref name="ExpectedShortfallUsd"/>, USD.</param>
/// <param name="TailPaths">Number of worst paths averaged into ES: N − ⌈αN⌉.</param>
/// <param name="MeanPnlUsd">Mean P&amp;L over the paths, USD.</param>
/// <param name="PnlStandardDeviationUsd">Sample standard deviation of the P&amp;L, USD.</param>
/// <param name="PathsWithLiquidation">Paths in which at least one lending account or perp was liquidatable.</param>
/// <param name="Histogram">P&amp;L distribution, equal-width bins from the worst to the best path.</param>
/// <param name="SimulatedUnderlyings">Underlyings moved, in the order of <paramref name="Volatilities"/>.</param>
/// <param name="Volatilities">Annualised volatility used for each simulated underlying.</param>
/// <param name="Notes">Assumptions the run made (independence when no correlation was given, volatility sources).</param>
/// <param name="Excluded">Positions the book could not revalue.</param>
public sealed record MonteCarloVarResult(
    double Confidence, int Paths, double HorizonDays, ulong Seed, double BaseValueUsd,
    double VarUsd, double VarStandardErrorUsd, double ExpectedShortfallUsd, double ExpectedShortfallStandardErrorUsd, int TailPaths,
    double MeanPnlUsd, double PnlStandardDeviationUsd, int PathsWithLiquidation, IReadOnlyList<HistogramBin> Histogram,
    IReadOnlyList<string> SimulatedUnderlyings, IReadOnlyList<double> Volatilities, IReadOnlyList<string> Notes, IReadOnlyList<UnpricedPosition> Excluded)
{
    /// <summary>Share of paths with a liquidation.</summary>
    public double LiquidationProbability => (double)PathsWithLiquidation / Paths;
}

/// <summary>
/// Monte Carlo value at risk and expected shortfall of a <see cref="ScenarioBook"/> by full revaluation.
/// </summary>
/// <remarks>
/// <para><b>Model.</b> Over a horizon h = days/365 each simulated underlying i moves as
/// Sᵢ(h) = Sᵢ·exp(−σᵢ²h/2 + σᵢ√h·(L·z)ᵢ), z standard normal, L the Cholesky factor of the correlation matrix:
/// jointly lognormal, zero drift (a martingale, E[Sᵢ(h)] = Sᵢ — over days the drift is noise next to σ√h), volatilities
/// unchanged. Stablecoins (the scope's pegged underlyings) stay put. Every position is revalued in full on every path by
/// the book's own revaluation (options by Black-Scholes-Merton with h less time, ranges, perps and lending accounts with
/// their liquidation rules); P&amp;L = value − base value.</para>
/// <para><b>Random numbers.</b> <see cref="Xoshiro256StarStar"/> seeded by SplitMix64 from <see cref="MonteCarloVarOptions.Seed"/>,
/// normals by Box-Muller, drawn path by path in underlying order: the same seed and inputs give the same result.</para>
/// <para><b>Estimators.</b> Losses Lₖ = −P&amp;Lₖ sorted ascending, L₍₁₎ ≤ … ≤ L₍N₎, j = ⌈αN⌉: VaR = L₍ⱼ₎ and
/// ES = mean of the k = N − j worst losses L₍ⱼ₊₁₎ … L₍N₎ (with N = 10,000 and α = 99%: the 100 worst).
/// Standard error of VaR by the order-statistic (binomial) method: the count of losses below the true quantile is
/// Binomial(N, α), so L₍ⱼ₋ₘ₎ … L₍ⱼ₊ₘ₎ with m = √(Nα(1−α)) is a ±1σ interval and SE = (L₍ⱼ₊ₘ₎ − L₍ⱼ₋ₘ₎)/2.
/// Standard error of ES from its asymptotic variance (Manistre and Hancock 2005):
/// SE² = (s²_tail + α·(ES − VaR)²)/k, s²_tail the sample variance of the k tail losses — the second term is the share of
/// VaR's own uncertainty, which the plain s_tail/√k leaves out.</para>
/// <para><b>Cost.</b> Paths are revalued in chunks of 1% (progress is reported and cancellation checked between
/// chunks); revaluation is single-threaded and allocation-free per path.</para>
/// </remarks>
public static class MonteCarloVar
{
    /// <summary>Runs the simulation.</summary>
    /// <param name="book">The compiled portfolio.</param>
    /// <param name="market">Where volatilities not given in <paramref name="options"/> are read (at the horizon's term); null if all are given.</param>
    /// <param name="options">Parameters; defaults when null.</param>
    /// <param name="progress">Fraction of paths done, 0 to 1, reported about every 1% and once at 1.</param>
    /// <param name="cancellationToken">Checked between chunks of 1% of the paths.</param>
    /// <exception cref="ArgumentException">Invalid options, a simulated underlying without volatility or without a row in the correlation matrix, or a correlation matrix that is not positive semi-definite.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static MonteCarloVarResult Run(
        ScenarioBook book, MarketSnapshot? market, MonteCarloVarOptions? options = null,
        IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(book);
        options ??= new MonteCarloVarOptions();
        options.Validate();
        double years = options.HorizonDays / MarketConventions.DaysPerYear;
        var notes = new List<string>();

        var scope = options.Scope ?? ScenarioScope.AllRisky;
        var simulated = book.Underlyings.Where(scope.Moves).ToList();
        var factorOf = simulated.Select(book.IndexOf).ToArray();
        var given = options.Volatilities is null ? null : new Dictionary<string, double>(options.Volatilities, StringComparer.OrdinalIgnoreCase);
        var vols = new double[simulated.Count];
        for (int i = 0; i < simulated.Count; i++)
        {
            string u = simulated[i];
            if (given is not null && given.TryGetValue(u, out double vol))
            {
                vols[i] = vol;
            }
            else if (market?.Volatility.Find(u, years) is { } quote)
            {
                vols[i] = quote.Volatility;
                notes.Add(string.Create(CultureInfo.InvariantCulture, $"{u} volatility {quote.Volatility * 100:0.0}% from the market ({quote.Detail})."));
            }
            else
            {
                throw new ArgumentException($"no volatility for {u}: give it in the options or configure one in the market.", nameof(options));
            }
        }

        double[,] chol;
        if (simulated.Count == 0)
        {
            chol = new double[0, 0];
            notes.Add("The book has no underlying to simulate (only pegged assets): every path has the base value.");
        }
        else if (options.Correlation is null)
        {
            chol = CorrelationMatrix.Identity(simulated).Cholesky();
            if (simulated.Count > 1) notes.Add("No correlation matrix was given: the underlyings move independently.");
        }
        else
        {
            chol = options.Correlation.Subset(simulated).Cholesky();
        }

        var ones = new double[book.Underlyings.Count];
        Array.Fill(ones, 1.0);
        var atBase = book.RevalueAt(book.BasePrices.ToArray(), ones, 0).Liquidated;
        if (atBase.Count > 0)
        {
            notes.Add($"{atBase.Count} position(s) are liquidatable already at the base market ({string.Join(", ", atBase.Take(5))}{(atBase.Count > 5 ? ", …" : "")}); paths where they still are count them in PathsWithLiquidation.");
        }

        int n = book.Underlyings.Count, d = simulated.Count, paths = options.Paths;
        var basePrice = book.BasePrices.ToArray();
        var drift = new double[d];
        var diffusion = new double[d];
        for (int i = 0; i < d; i++)
        {
            drift[i] = -0.5 * vols[i] * vols[i] * years;
            diffusion[i] = vols[i] * Math.Sqrt(years);
        }

        var rng = new Xoshiro256StarStar(options.Seed);
        var pnl = new double[paths];
        var liquidations = new int[paths];
        int chunk = Math.Max(1, paths / 100);
        var prices = new double[chunk * n];
        var values = new double[chunk];
        var z = new double[d];
        for (int start = 0; start < paths; start += chunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(chunk, paths - start);
            for (int p = 0; p < count; p++)
            {
                var row = prices.AsSpan(p * n, n);
                basePrice.CopyTo(row);
                rng.NextGaussians(z);
                for (int i = 0; i < d; i++)
                {
                    double x = 0;
                    for (int k = 0; k <= i; k++) x += chol[i, k] * z[k];
                    row[factorOf[i]] = basePrice[factorOf[i]] * Math.Exp(drift[i] + diffusion[i] * x);
                }
            }
            book.RevaluePaths(prices.AsSpan(0, count * n), count, years, values, liquidations.AsSpan(start, count));
            for (int p = 0; p < count; p++) pnl[start + p] = values[p] - book.BaseValueUsd;
            progress?.Report((double)Math.Min(start + count, paths) / paths);
        }

        return Summarise(book, options, pnl, liquidations, simulated, vols, notes);
    }

    private static MonteCarloVarResult Summarise(
        ScenarioBook book, MonteCarloVarOptions options, double[] pnl, int[] liquidations,
        List<string> simulated, double[] vols, List<string> notes)
    {
        int paths = pnl.Length;
        double alpha = options.Confidence;
        var losses = new double[paths];
        for (int i = 0; i < paths; i++) losses[i] = -pnl[i];
        Array.Sort(losses);

        // j = ⌈αN⌉ (1-based); the small epsilon keeps 0.99 × 10,000 at 9,900 despite rounding.
        int j = Math.Clamp((int)Math.Ceiling(alpha * paths - 1e-9), 1, paths);
        double valueAtRisk = losses[j - 1];
        int tail = paths - j;
        double es, esSe;
        if (tail == 0)
        {
            es = valueAtRisk;
            esSe = double.NaN;
        }
        else
        {
            double sum = 0;
            for (int i = j; i < paths; i++) sum += losses[i];
            es = sum / tail;
            double ss = 0;
            for (int i = j; i < paths; i++) ss += (losses[i] - es) * (losses[i] - es);
            double tailVariance = tail > 1 ? ss / (tail - 1) : 0;
            esSe = Math.Sqrt((tailVariance + alpha * (es - valueAtRisk) * (es - valueAtRisk)) / tail);
        }

        int m = (int)Math.Ceiling(Math.Sqrt(paths * alpha * (1 - alpha)));
        double varSe = 0.5 * (losses[Math.Min(j - 1 + m, paths - 1)] - losses[Math.Max(j - 1 - m, 0)]);

        double mean = pnl.Average();
        double sq = 0;
        foreach (double x in pnl) sq += (x - mean) * (x - mean);
        double sd = Math.Sqrt(sq / (paths - 1));

        int withLiquidation = 0;
        foreach (int c in liquidations) if (c > 0) withLiquidation++;

        return new MonteCarloVarResult(
            alpha, paths, options.HorizonDays, options.Seed, book.BaseValueUsd,
            valueAtRisk, varSe, es, esSe, tail, mean, sd, withLiquidation, Histogram(pnl, options.HistogramBins),
            simulated, vols, notes, book.Excluded);
    }

    /// <summary>Equal-width bins from the smallest to the largest value; all values in one bin when they are equal.</summary>
    internal static HistogramBin[] Histogram(ReadOnlySpan<double> values, int bins)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (double v in values) { min = Math.Min(min, v); max = Math.Max(max, v); }
        if (!(max > min)) return [new HistogramBin(min, max, values.Length)];
        var counts = new int[bins];
        double width = (max - min) / bins;
        foreach (double v in values) counts[Math.Min((int)((v - min) / width), bins - 1)]++;
        var result = new HistogramBin[bins];
        for (int b = 0; b < bins; b++) result[b] = new HistogramBin(min + b * width, b == bins - 1 ? max : min + (b + 1) * width, counts[b]);
        return result;
    }
}
