namespace ExposureWeb.Risk.Pricing;

/// <summary>What became of an implied-volatility search.</summary>
public enum ImpliedVolatilityStatus
{
    /// <summary>A volatility was found; <see cref="ImpliedVolatilityResult.Volatility"/> reprices the option within the tolerance.</summary>
    Solved,

    /// <summary>The price is below the no-arbitrage lower bound (discounted forward intrinsic): no volatility gives it.</summary>
    BelowLowerBound,

    /// <summary>The price is at or above the upper bound (S·e^{−qT} for a call, K·e^{−rT} for a put): no finite volatility gives it.</summary>
    AboveUpperBound,

    /// <summary>At expiry the price does not depend on volatility, so none can be implied (the price equals the intrinsic value).</summary>
    Undetermined,

    /// <summary>The price needs a volatility above <see cref="ImpliedVolatility.MaximumVolatility"/>, or the search ran out of iterations.</summary>
    NotConverged,

    /// <summary>An input was NaN, infinite or out of range; the message names it.</summary>
    InvalidInput,
}

/// <summary>Outcome of <see cref="ImpliedVolatility.Solve"/>: a status, never an exception.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Volatility">Implied volatility per √year when solved; NaN otherwise.</param>
/// <param name="Iterations">Pricing evaluations used by the search.</param>
/// <param name="LowerBound">The no-arbitrage lower bound of the price, USD (NaN for invalid input).</param>
/// <param name="UpperBound">The no-arbitrage upper bound of the price, USD (NaN for invalid input).</param>
/// <param name="Message">A sentence for the user saying why, with the numbers.</param>
public readonly record struct ImpliedVolatilityResult(
    ImpliedVolatilityStatus Status, double Volatility, int Iterations, double LowerBound, double UpperBound, string Message)
{
    /// <summary>True when <see cref="Volatility"/> holds an answer.</summary>
    public bool IsSolved => Status == ImpliedVolatilityStatus.Solved;
}

/// <summary>
/// Black-Scholes-Merton implied volatility: a bracketed Newton search with bisection as the safeguard, so it
/// cannot leave the bracket and always converges when an answer exists (price strictly between the bounds).
/// </summary>
/// <remarks>
/// The option price is increasing in σ from the lower bound (σ = 0) to the upper bound (σ → ∞), so the root is
/// unique. Newton steps are taken while they land inside the current bracket; otherwise (small vega far from the
/// money) the bracket is halved. Converged when the repricing error is within
/// <see cref="PriceTolerance"/>·(S·e^{−qT} + K·e^{−rT}) or the bracket is narrower than ~2 ulps.
/// </remarks>
public static class ImpliedVolatility
{
    /// <summary>Largest volatility searched, per √year (100 = 10,000%).</summary>
    public const double MaximumVolatility = 100;

    /// <summary>Repricing tolerance relative to the option's notional, S·e^{−qT} + K·e^{−rT}.</summary>
    public const double PriceTolerance = 1e-14;

    private const int MaximumIterations = 200;

    /// <summary>Finds σ such that the Black-Scholes-Merton price equals <paramref name="price"/>.</summary>
    /// <param name="price">Observed option price, USD.</param>
    /// <param name="spot">Underlying price, USD per unit.</param>
    /// <param name="strike">Strike, USD per unit.</param>
    /// <param name="years">Time to expiry, years (Actual/365).</param>
    /// <param name="rate">Risk-free rate, continuous per year.</param>
    /// <param name="carry">Carry (dividend/convenience yield), continuous per year.</param>
    /// <param name="right">Call or put.</param>
    public static ImpliedVolatilityResult Solve(double price, double spot, double strike, double years, double rate, double carry, OptionRight right)
    {
        string? invalid = BlackScholes.CheckFinite(price, "price")
            ?? BlackScholes.CheckPositive(spot, "spot")
            ?? BlackScholes.CheckPositive(strike, "strike")
            ?? BlackScholes.CheckNonNegative(years, "years")
            ?? BlackScholes.CheckFinite(rate, "rate")
            ?? BlackScholes.CheckFinite(carry, "carry");
        if (invalid is not null)
        {
            return new(ImpliedVolatilityStatus.InvalidInput, double.NaN, 0, double.NaN, double.NaN, invalid);
        }

        double omega = right == OptionRight.Call ? 1 : -1;
        double sdq = spot * Math.Exp(-carry * years);
        double kdr = strike * Math.Exp(-rate * years);
        double lower = Math.Max(omega * (sdq - kdr), 0);
        double upper = omega > 0 ? sdq : kdr;
        double tolerance = PriceTolerance * (sdq + kdr);

        ImpliedVolatilityResult Result(ImpliedVolatilityStatus status, double vol, int iterations, string message) =>
            new(status, vol, iterations, lower, upper, message);

        if (price < lower - tolerance)
        {
            return Result(ImpliedVolatilityStatus.BelowLowerBound, double.NaN, 0,
                $"price {price:G6} is below the lower bound {lower:G6} (discounted forward intrinsic value): no volatility fits.");
        }
        if (years == 0)
        {
            return price > lower + tolerance
                ? Result(ImpliedVolatilityStatus.AboveUpperBound, double.NaN, 0,
                    $"price {price:G6} is above the intrinsic value {lower:G6} of an expired option: no volatility fits.")
                : Result(ImpliedVolatilityStatus.Undetermined, double.NaN, 0,
                    "the option is at expiry: its price is the intrinsic value whatever the volatility.");
        }
        if (price >= upper - tolerance)
        {
            return Result(ImpliedVolatilityStatus.AboveUpperBound, double.NaN, 0,
                $"price {price:G6} is at or above the upper bound {upper:G6} ({(omega > 0 ? "S·e^(−qT)" : "K·e^(−rT)")}): no finite volatility fits.");
        }
        if (price <= lower + tolerance)
        {
            return Result(ImpliedVolatilityStatus.Solved, 0, 0, "the price is the discounted forward intrinsic value: zero volatility.");
        }

        int iterations = 0;
        double Price(double vol, out double vega)
        {
            iterations++;
            BlackScholes.EvaluateCore(spot, strike, years, rate, carry, vol, omega > 0, out double p, out _, out _, out vega, out _, out _);
            return p;
        }

        // Bracket [lo, hi] with price(lo) < target ≤ price(hi).
        double lo = 0, hi = 1;
        while (Price(hi, out _) < price)
        {
            lo = hi;
            hi *= 2;
            if (hi > MaximumVolatility)
            {
                return Result(ImpliedVolatilityStatus.NotConverged, double.NaN, iterations,
                    $"price {price:G6} needs a volatility above {MaximumVolatility:P0} (upper bound {upper:G6}).");
            }
        }

        // Start at the Brenner-Subrahmanyam at-the-money estimate σ ≈ √(2π/T)·(V − lower)/S, kept inside the bracket.
        double sigma = Math.Sqrt(2 * Math.PI / years) * (price - lower) / spot;
        if (!(sigma > lo && sigma < hi)) sigma = 0.5 * (lo + hi);

        while (iterations < MaximumIterations)
        {
            double f = Price(sigma, out double vega) - price;
            if (Math.Abs(f) <= tolerance)
            {
                return Result(ImpliedVolatilityStatus.Solved, sigma, iterations, "solved.");
            }
            if (f < 0) lo = sigma; else hi = sigma;
            if (hi - lo <= 4 * double.Epsilon + 2e-16 * hi)
            {
                return Result(ImpliedVolatilityStatus.Solved, sigma, iterations, "solved (bracket at double precision).");
            }
            double next = sigma - f / vega;
            sigma = next > lo && next < hi ? next : 0.5 * (lo + hi);
        }
        return Result(ImpliedVolatilityStatus.NotConverged, double.NaN, iterations,
            $"no convergence in {MaximumIterations} evaluations (bracket [{lo:G6}, {hi:G6}]).");
    }
}
