namespace ExposureWeb.Risk.Instruments;

/// <summary>A perpetual-futures position.</summary>
/// <param name="Underlying">Index asset, e.g. <c>ETH</c>.</param>
/// <param name="Size">Signed size in units of the index asset (long &gt; 0, short &lt; 0).</param>
/// <param name="EntryPrice">Average entry price, USD.</param>
/// <param name="MaintenanceMarginRate">Equity that must remain, as a fraction of notional (Hyperliquid: 1 / maintenance leverage).</param>
/// <param name="IsolatedMarginUsd">Margin allocated to this position alone (isolated margin), USD; null when it lives in a cross-margin account.</param>
/// <param name="Venue">Exchange, for display, e.g. <c>GMX v2</c>.</param>
/// <param name="Collateral">
/// Isolated margin held in an asset (GMX v2: WETH, USDC…); when present it is used instead of
/// <paramref name="IsolatedMarginUsd"/>: the margin is worth quantity × that asset's price, so the position is also
/// exposed to it (an ETH long on WETH collateral has delta size + quantity).
/// </param>
public sealed record PerpPosition(
    string Underlying, double Size, double EntryPrice, double MaintenanceMarginRate, double? IsolatedMarginUsd = null, string Venue = "perp",
    PerpCollateral? Collateral = null) : IInstrument
{
    /// <summary>True when the position has isolated margin, in USD or in an asset.</summary>
    public bool IsIsolated => Collateral is not null || IsolatedMarginUsd is not null;

    /// <inheritdoc />
    public string Describe() => $"{Venue} {(Size >= 0 ? "long" : "short")} {Math.Abs(Size):G6} {Underlying} @ {EntryPrice:G6}";
}

/// <summary>Isolated margin of a perp held as a quantity of an asset.</summary>
/// <param name="Underlying">The collateral's underlying, e.g. <c>ETH</c> for WETH, <c>USDC</c>.</param>
/// <param name="Quantity">Units of the collateral token (not base units), non-negative.</param>
public sealed record PerpCollateral(string Underlying, double Quantity);

/// <summary>A cross-margin account: perps sharing one collateral balance, liquidated together.</summary>
/// <param name="Venue">Exchange.</param>
/// <param name="CollateralUsd">Collateral deposited, USD (account value = collateral + Σ unrealised P&amp;L).</param>
/// <param name="Positions">Its perps; their <see cref="PerpPosition.IsolatedMarginUsd"/> and <see cref="PerpPosition.Collateral"/> are ignored.</param>
public sealed record CrossMarginAccount(string Venue, double CollateralUsd, IReadOnlyList<PerpPosition> Positions) : IInstrument
{
    /// <inheritdoc />
    public string Describe() => $"{Venue} cross account, {Positions.Count} perps";
}
