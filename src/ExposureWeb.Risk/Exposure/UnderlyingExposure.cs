namespace ExposureWeb.Risk.Exposure;

/// <summary>Net spot delta of one underlying across a portfolio.</summary>
/// <param name="Underlying">Unit of netting.</param>
/// <param name="Delta">∂V/∂S in units of the underlying (for spot, the quantity held).</param>
/// <param name="PriceUsd">USD per unit used, or null when no usable price exists.</param>
/// <param name="UsdDelta">Delta × price in USD: the dollar amount that moves one-for-one with the underlying; null without a usable price.</param>
/// <param name="Holdings">What the delta is made of.</param>
/// <param name="Price">The quote used, with provenance; null when no feed prices this underlying.</param>
public sealed record UnderlyingExposure(
    string Underlying,
    double Delta,
    double? PriceUsd,
    double? UsdDelta,
    IReadOnlyList<Instruments.SpotHolding> Holdings,
    PriceQuote? Price);
