namespace ExposureWeb.Risk.Volatility;

/// <summary>
/// RiskMetrics exponentially weighted realised volatility: σ²ₜ = λ·σ²ₜ₋₁ + (1 − λ)·r²ₜ over log returns
/// rₜ = ln(Pₜ/Pₜ₋₁) with zero mean, seeded with the first squared return.
/// </summary>
/// <remarks>
/// Annualisation: σ_year = σ_period·√(periods per year). Prices sampled daily on a market that trades every day
/// (crypto) use 365 periods per year, consistent with the Actual/365 calendar time of the option model; hourly
/// samples use 365 × 24. The default λ = 0.94 is RiskMetrics' daily decay (a half-life of ~11 observations).
/// </remarks>
public static class EwmaVolatility
{
    /// <summary>RiskMetrics' daily decay factor.</summary>
    public const double RiskMetricsLambda = 0.94;

    /// <summary>Periods per year for daily samples of a market open every day.</summary>
    public const double DailyPeriodsPerYear = MarketConventions.DaysPerYear;

    /// <summary>Annualised EWMA volatility of a price history (oldest first).</summary>
    /// <param name="prices">Observed prices, oldest first; at least two, all positive and finite.</param>
    /// <param name="periodsPerYear">Sampling frequency used to annualise, e.g. <see cref="DailyPeriodsPerYear"/>.</param>
    /// <param name="lambda">Decay in (0, 1).</param>
    /// <exception cref="ArgumentException">Fewer than two prices, a non-positive or non-finite price (named by index), or λ or the frequency out of range.</exception>
    public static double Estimate(ReadOnlySpan<double> prices, double periodsPerYear = DailyPeriodsPerYear, double lambda = RiskMetricsLambda)
    {
        if (!(lambda > 0 && lambda < 1)) throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "λ must be in (0, 1).");
        if (!(periodsPerYear > 0) || double.IsInfinity(periodsPerYear)) throw new ArgumentOutOfRangeException(nameof(periodsPerYear), periodsPerYear, "periods per year must be positive and finite.");
        if (prices.Length < 2) throw new ArgumentException($"EWMA needs at least two prices (got {prices.Length}).", nameof(prices));
        for (int i = 0; i < prices.Length; i++)
        {
            if (!(prices[i] > 0) || double.IsInfinity(prices[i]))
            {
                throw new ArgumentException($"price {i} must be positive and finite (was {prices[i]}).", nameof(prices));
            }
        }

        double r = Math.Log(prices[1] / prices[0]);
        double variance = r * r;
        for (int i = 2; i < prices.Length; i++)
        {
            r = Math.Log(prices[i] / prices[i - 1]);
            variance = lambda * variance + (1 - lambda) * r * r;
        }
        return Math.Sqrt(variance * periodsPerYear);
    }

    /// <summary>
    /// Annualised EWMA volatility of prices observed at irregular times (oracle updates: a heartbeat, or sooner when
    /// the price moves). Each log return is scaled by its own interval, r²/Δt, an estimate of the variance per year,
    /// and those are weighted exponentially: with equal intervals Δt = 1/f this is exactly
    /// <see cref="Estimate(ReadOnlySpan{double}, double, double)"/> with f periods per year.
    /// </summary>
    /// <param name="series">Prices with their observation times, oldest first.</param>
    /// <param name="lambda">Decay in (0, 1).</param>
    /// <exception cref="ArgumentException">Fewer than two prices, a bad price, or times that do not increase.</exception>
    public static double Estimate(PriceSeries series, double lambda = RiskMetricsLambda)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (!(lambda > 0 && lambda < 1)) throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "λ must be in (0, 1).");
        var (prices, years) = (series.Prices, series.Years);
        if (prices.Length < 2) throw new ArgumentException($"EWMA needs at least two prices (got {prices.Length}).", nameof(series));
        double variancePerYear = 0;
        for (int i = 1; i < prices.Length; i++)
        {
            if (!(prices[i - 1] > 0) || !(prices[i] > 0) || double.IsInfinity(prices[i]) || double.IsInfinity(prices[i - 1]))
            {
                throw new ArgumentException($"price {(prices[i - 1] > 0 ? i : i - 1)} must be positive and finite.", nameof(series));
            }
            double dt = years[i] - years[i - 1];
            if (!(dt > 0)) throw new ArgumentException($"observation {i} is not after observation {i - 1}.", nameof(series));
            double r = Math.Log(prices[i] / prices[i - 1]);
            double rate = r * r / dt;
            variancePerYear = i == 1 ? rate : lambda * variancePerYear + (1 - lambda) * rate;
        }
        return Math.Sqrt(variancePerYear);
    }
}

/// <summary>Prices of one underlying with the time of each, in years from the first (oldest first).</summary>
/// <param name="Prices">Observed prices.</param>
/// <param name="Years">Observation times in years (Actual/365) from the first observation; increasing.</param>
public sealed record PriceSeries(double[] Prices, double[] Years)
{
    /// <summary>The mean interval between observations, in hours (for describing the estimate).</summary>
    public double MeanIntervalHours => Prices.Length < 2 ? 0 : (Years[^1] - Years[0]) / (Prices.Length - 1) * MarketConventions.DaysPerYear * 24;
}

/// <summary>
/// Realised volatility from price histories, EWMA-estimated on request: regularly sampled histories with one sampling
/// rate, or per-underlying <see cref="PriceSeries"/> whose returns are each scaled by their own interval.
/// </summary>
/// <param name="histories">Prices per underlying, oldest first, sampled <paramref name="periodsPerYear"/> times a year.</param>
/// <param name="periodsPerYear">Sampling frequency for annualisation.</param>
/// <param name="lambda">EWMA decay.</param>
public sealed class RealizedVolatilitySource(
    IReadOnlyDictionary<string, double[]> histories,
    double periodsPerYear = EwmaVolatility.DailyPeriodsPerYear,
    double lambda = EwmaVolatility.RiskMetricsLambda) : IVolatilitySource
{
    private readonly Dictionary<string, VolatilityQuote?> _cache = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, double[]> _histories = new(histories, StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, PriceSeries> _series = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Histories observed at their own times (oracle updates), each annualised from its own intervals.</summary>
    public RealizedVolatilitySource(IReadOnlyDictionary<string, PriceSeries> series, double lambda = EwmaVolatility.RiskMetricsLambda)
        : this(new Dictionary<string, double[]>(), EwmaVolatility.DailyPeriodsPerYear, lambda)
    {
        foreach (var (underlying, s) in series) _series[underlying] = s;
    }

    /// <inheritdoc />
    /// <remarks>A history too short or holding a bad price yields no quote (the option is then reported unpriced).</remarks>
    public VolatilityQuote? Find(string underlying, double years)
    {
        lock (_cache)
        {
            if (_cache.TryGetValue(underlying, out var cached)) return cached;
            VolatilityQuote? quote = null;
            if (_series.TryGetValue(underlying, out var series))
            {
                try
                {
                    quote = new VolatilityQuote(EwmaVolatility.Estimate(series, lambda), VolatilitySourceKind.EwmaRealized,
                        $"EWMA λ={lambda} over {series.Prices.Length - 1} oracle updates (every {series.MeanIntervalHours:0.#} h on average), each return annualised by its own interval");
                }
                catch (ArgumentException)
                {
                    quote = null; // a bad point: the option is reported unpriced rather than valued on a wrong volatility
                }
            }
            else if (_histories.TryGetValue(underlying, out var prices) && prices.Length >= 2 && prices.All(p => p > 0 && double.IsFinite(p)))
            {
                double vol = EwmaVolatility.Estimate(prices, periodsPerYear, lambda);
                quote = new VolatilityQuote(vol, VolatilitySourceKind.EwmaRealized,
                    $"EWMA λ={lambda} over {prices.Length - 1} returns, annualised ×√{periodsPerYear:G6}");
            }
            _cache[underlying] = quote;
            return quote;
        }
    }
}
