using ExposureWeb.Risk.Numerics;

namespace ExposureWeb.Risk.Pricing;

/// <summary>
/// Black-Scholes-Merton price and Greeks of European options with continuous rate r and carry q.
/// </summary>
/// <remarks>
/// <para>With F = S·e^{(r−q)T}, v = σ√T, d₁ = ln(F/K)/v + v/2, d₂ = d₁ − v and ω = +1 (call) or −1 (put):
/// price = ω(S·e^{−qT}·N(ωd₁) − K·e^{−rT}·N(ωd₂)). Puts use N(−d) directly, never put-call parity, so deep
/// out-of-the-money prices keep their relative accuracy.</para>
/// <para>Edges, all defined: at expiry (T = 0) the price is the intrinsic value max(ω(S − K), 0), delta is
/// ω·1 in the money, 0 out of the money and ω/2 exactly at the strike (the average of the one-sided
/// limits), and gamma, vega, theta and rho are 0. With zero volatility (T &gt; 0) the option is the discounted
/// forward intrinsic value max(ω(S·e^{−qT} − K·e^{−rT}), 0), with the matching limits of the Greeks (vega
/// stays finite at the forward: S·e^{−qT}·√T·φ(0)).</para>
/// </remarks>
public static class BlackScholes
{
    /// <summary>Price of one option, USD. Validates like <see cref="Evaluate"/>.</summary>
    public static double Price(in OptionParameters option) => Evaluate(option).Price;

    /// <summary>Price and the five Greeks (raw units: vega per 1.00 vol, theta per year, rho per 1.00 rate).</summary>
    /// <exception cref="ArgumentException">An input is NaN or infinite, spot or strike is not positive, or time or volatility is negative; the message names the input.</exception>
    public static OptionValuation Evaluate(in OptionParameters option)
    {
        Validate(option);
        EvaluateCore(option.Spot, option.Strike, option.Years, option.Rate, option.Carry, option.Volatility,
            option.Right == OptionRight.Call,
            out double price, out double delta, out double gamma, out double vega, out double theta, out double rho);
        return new OptionValuation(price, new Greeks(delta, gamma, vega, theta, rho));
    }

    /// <summary>Rejects inputs the model is not defined for, naming the input.</summary>
    /// <exception cref="ArgumentException">See <see cref="Evaluate"/>.</exception>
    public static void Validate(in OptionParameters option)
    {
        RequirePositive(option.Spot, "spot");
        RequirePositive(option.Strike, "strike");
        RequireNonNegative(option.Years, "years");
        RequireFinite(option.Rate, "rate");
        RequireFinite(option.Carry, "carry");
        RequireNonNegative(option.Volatility, "vol");
        if (option.Right is not (OptionRight.Call or OptionRight.Put))
        {
            throw new ArgumentException($"option right must be Call or Put (was {(int)option.Right}).", "type");
        }
    }

    /// <summary>Message for an input that is not a positive finite number, or null when it is.</summary>
    internal static string? CheckPositive(double value, string name) =>
        double.IsNaN(value) ? $"{name} is NaN."
        : double.IsInfinity(value) ? $"{name} must be finite (was {value})."
        : value <= 0 ? $"{name} must be positive (was {value})."
        : null;

    /// <summary>Message for an input that is not a non-negative finite number, or null when it is.</summary>
    internal static string? CheckNonNegative(double value, string name) =>
        double.IsNaN(value) ? $"{name} is NaN."
        : double.IsInfinity(value) ? $"{name} must be finite (was {value})."
        : value < 0 ? $"{name} must not be negative (was {value})."
        : null;

    /// <summary>Message for an input that is not finite, or null when it is.</summary>
    internal static string? CheckFinite(double value, string name) =>
        double.IsNaN(value) ? $"{name} is NaN."
        : double.IsInfinity(value) ? $"{name} must be finite (was {value})."
        : null;

    private static void RequirePositive(double value, string name)
    {
        if (CheckPositive(value, name) is { } message) throw new ArgumentException(message, name);
    }

    private static void RequireNonNegative(double value, string name)
    {
        if (CheckNonNegative(value, name) is { } message) throw new ArgumentException(message, name);
    }

    private static void RequireFinite(double value, string name)
    {
        if (CheckFinite(value, name) is { } message) throw new ArgumentException(message, name);
    }

    /// <summary>
    /// The unchecked scalar kernel, shared with the batch kernel's remainder lanes and edge lanes.
    /// Inputs must already be valid.
    /// </summary>
    internal static void EvaluateCore(double s, double k, double t, double r, double q, double sigma, bool isCall,
        out double price, out double delta, out double gamma, out double vega, out double theta, out double rho)
    {
        double omega = isCall ? 1.0 : -1.0;
        double sqrtT = Math.Sqrt(t);
        double v = sigma * sqrtT;
        double dq = Math.Exp(-q * t);
        double dr = Math.Exp(-r * t);
        double sdq = s * dq;
        double kdr = k * dr;

        if (!(v >= BlackScholesBatch.MinimumStdDev))
        {
            EvaluateDegenerate(s, k, t, r, q, isCall, sqrtT, dq, dr, out price, out delta, out gamma, out vega, out theta, out rho);
            return;
        }

        double invV = 1 / v;
        double d1 = Math.FusedMultiplyAdd(Math.Log(s / k) + (r - q) * t, invV, 0.5 * v);
        double d2 = d1 - v;
        var (n1, n1c) = NormalDistribution.CdfBoth(d1, out double e1);
        var (n2, n2c) = NormalDistribution.CdfBoth(d2, out _);
        double nd1 = isCall ? n1 : n1c;   // N(ω d1)
        double nd2 = isCall ? n2 : n2c;   // N(ω d2)
        double pdf1 = NormalDistribution.InvSqrt2Pi * e1;

        price = omega * (sdq * nd1 - kdr * nd2);
        delta = omega * dq * nd1;
        gamma = dq * pdf1 * invV / s;
        vega = sdq * pdf1 * sqrtT;
        // σ/(2√T) written as σ²/(2v) so that the only division is the shared 1/v.
        theta = -0.5 * sdq * pdf1 * sigma * sigma * invV - omega * r * kdr * nd2 + omega * q * sdq * nd1;
        rho = omega * k * t * dr * nd2;
    }

    /// <summary>σ√T = 0: at expiry (T = 0) or with zero volatility; the limits documented on the class.</summary>
    private static void EvaluateDegenerate(double s, double k, double t, double r, double q, bool isCall,
        double sqrtT, double dq, double dr,
        out double price, out double delta, out double gamma, out double vega, out double theta, out double rho)
    {
        double omega = isCall ? 1.0 : -1.0;
        gamma = 0;
        if (t == 0)
        {
            // Expired: the payoff itself. Theta and rho are zero because no time is left to decay or discount.
            double moneyness = omega * (s - k);
            price = Math.Max(moneyness, 0);
            delta = moneyness > 0 ? omega : moneyness < 0 ? 0 : 0.5 * omega;
            vega = theta = rho = 0;
            return;
        }

        // Zero volatility: the forward is certain. N(ωd) is 1 in the money forward, 0 out of it, 1/2 at it.
        double sdq = s * dq, kdr = k * dr;
        double forwardMoneyness = omega * (sdq - kdr);
        double n = forwardMoneyness > 0 ? 1 : forwardMoneyness < 0 ? 0 : 0.5;
        price = Math.Max(forwardMoneyness, 0);
        delta = omega * dq * n;
        vega = forwardMoneyness == 0 ? sdq * sqrtT * NormalDistribution.InvSqrt2Pi : 0;
        theta = -omega * r * kdr * n + omega * q * sdq * n;
        rho = omega * k * t * dr * n;
    }
}
