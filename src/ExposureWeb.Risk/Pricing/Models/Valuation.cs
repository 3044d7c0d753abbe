using ExposureWeb.Risk.Protocols;
using ExposureWeb.Risk.Volatility;

namespace ExposureWeb.Risk.Pricing.Models;

/// <summary>Sensitivities of a position to one underlying (raw units of <see cref="Risk.Greeks"/>, already × quantity).</summary>
/// <param name="Underlying">Unit of netting.</param>
/// <param name="Greeks">∂V/∂S in units of the underlying, ∂²V/∂S², vega, theta, rho, all for the whole position.</param>
public readonly record struct Sensitivity(string Underlying, Greeks Greeks);

/// <summary>What a model says a position is worth.</summary>
/// <param name="ValueUsd">Present value in USD (negative for liabilities).</param>
/// <param name="Sensitivities">One entry per underlying the value depends on.</param>
/// <param name="Model">Which model priced it, e.g. <c>Black-Scholes-Merton</c>.</param>
/// <param name="Detail">Instrument-specific figures (option inputs, LP amounts, health, liquidation prices); null for plain spot.</param>
/// <param name="Flags">Warnings that do not stop the valuation (a flagged price used, an expired option); empty when none.</param>
public sealed record Valuation(double ValueUsd, IReadOnlyList<Sensitivity> Sensitivities, string Model, ValuationDetail? Detail, IReadOnlyList<string> Flags);

/// <summary>Either a valuation or the reason there is none — unpriceable positions are reported, never dropped.</summary>
/// <param name="Valuation">The valuation when priced.</param>
/// <param name="Error">Why the position could not be priced; null when priced.</param>
public readonly record struct PricingResult(Valuation? Valuation, string? Error)
{
    /// <summary>True when <see cref="Valuation"/> is set.</summary>
    public bool IsPriced => Valuation is not null;

    /// <summary>A priced result.</summary>
    public static PricingResult Priced(Valuation valuation) => new(valuation, null);

    /// <summary>An unpriced result with its reason.</summary>
    public static PricingResult Unpriced(string reason) => new(null, reason);
}

/// <summary>Instrument-specific output of a model.</summary>
public abstract record ValuationDetail;

/// <summary>How an option was priced.</summary>
/// <param name="Years">Time to expiry used, years (0 once expired).</param>
/// <param name="Spot">Underlying price used, USD.</param>
/// <param name="Rate">Risk-free rate used.</param>
/// <param name="Carry">Carry used.</param>
/// <param name="Volatility">Volatility used and where it came from; null for an expired option (no volatility needed).</param>
/// <param name="PerOption">Price and Greeks of one option on one unit.</param>
public sealed record OptionDetail(double Years, double Spot, double Rate, double Carry, VolatilityQuote? Volatility, OptionValuation PerOption) : ValuationDetail;

/// <summary>Composition of a Uniswap v3 position.</summary>
/// <param name="Amount0">Token0 in the range, whole tokens (fees excluded).</param>
/// <param name="Amount1">Token1 in the range, whole tokens (fees excluded).</param>
/// <param name="Price">Pool price used, whole token1 per whole token0.</param>
/// <param name="PriceLower">Range lower bound, token1 per token0.</param>
/// <param name="PriceUpper">Range upper bound, token1 per token0.</param>
/// <param name="InRange">True when the price is strictly inside the range (the position earns fees and has gamma).</param>
/// <param name="GammaInToken1">∂²V/∂P² of the range in token0 per (token1/token0), i.e. against the pool price.</param>
public sealed record LiquidityDetail(double Amount0, double Amount1, double Price, double PriceLower, double PriceUpper, bool InRange, double GammaInToken1) : ValuationDetail;

/// <summary>Health of a lending account.</summary>
/// <param name="Health">Health factor, liquidation prices and per-1% moves.</param>
public sealed record LendingDetail(LendingHealth Health) : ValuationDetail;

/// <summary>A perp's margin picture.</summary>
/// <param name="MarkPrice">Mark used, USD.</param>
/// <param name="UnrealizedPnlUsd">size × (mark − entry), USD.</param>
/// <param name="MaintenanceMarginUsd">l × |size| × mark, USD.</param>
/// <param name="Liquidation">Liquidation price (isolated margin), or unreachable with a note for a perp outside any account.</param>
public sealed record PerpDetail(double MarkPrice, double UnrealizedPnlUsd, double MaintenanceMarginUsd, LiquidationPrice Liquidation) : ValuationDetail;

/// <summary>A cross-margin account's margin picture.</summary>
/// <param name="AccountValueUsd">Collateral + Σ unrealised P&amp;L, USD.</param>
/// <param name="MaintenanceMarginUsd">Σ l·|size|·mark, USD.</param>
/// <param name="Liquidations">Per perp, its liquidation price with every other price fixed.</param>
public sealed record CrossMarginDetail(double AccountValueUsd, double MaintenanceMarginUsd, IReadOnlyList<LiquidationPrice> Liquidations) : ValuationDetail
{
    /// <summary>True when account value is below the maintenance margin.</summary>
    public bool IsLiquidatable => AccountValueUsd < MaintenanceMarginUsd;
}
