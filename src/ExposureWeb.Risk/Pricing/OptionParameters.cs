namespace ExposureWeb.Risk.Pricing;

/// <summary>The inputs of a Black-Scholes-Merton valuation of one European option.</summary>
/// <param name="Spot">Underlying price S, USD per unit; positive.</param>
/// <param name="Strike">Strike K, USD per unit; positive.</param>
/// <param name="Years">Time to expiry T in years (Actual/365); zero means at expiry.</param>
/// <param name="Rate">Risk-free rate r, continuously compounded per year (0.05 = 5%); may be negative.</param>
/// <param name="Carry">Carry q: dividend, staking or convenience yield of the underlying, continuous per year; may be negative.</param>
/// <param name="Volatility">Volatility σ per √year (0.2 = 20%); zero allowed.</param>
/// <param name="Right">Call or put.</param>
public readonly record struct OptionParameters(
    double Spot, double Strike, double Years, double Rate, double Carry, double Volatility, OptionRight Right);

/// <summary>Price and raw Greeks of one option (per one option on one unit of the underlying).</summary>
/// <param name="Price">Present value in USD.</param>
/// <param name="Greeks">Sensitivities in the raw units of <see cref="Risk.Greeks"/>.</param>
public readonly record struct OptionValuation(double Price, Greeks Greeks);
