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
}

/// <summary>Realised volatility from price histories, EWMA-estimated on request.</summary>
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

    /// <inheritdoc />
    /// <remarks>A history too short or holding a bad price yields no quote (the option is then reported unpriced).</remarks>
    public VolatilityQuote? Find(string underlying, double years)
    {
        lock (_cache)
        {
            if (_cache.TryGetValue(underlying, out var cached)) return cached;
            VolatilityQuote? quote = null;
            if (_histories.TryGetValue(underlying, out var prices) && prices.Length >= 2 && prices.All(p => p > 0 && double.IsFinite(p)))
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
