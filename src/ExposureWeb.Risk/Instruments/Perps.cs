namespace ExposureWeb.Risk.Instruments;

/// <summary>A perpetual-futures position.</summary>
/// <param name="Underlying">Index asset, e.g. <c>ETH</c>.</param>
/// <param name="Size">Signed size in units of the index asset (long &gt; 0, short &lt; 0).</param>
/// <param name="EntryPrice">Average entry price, USD.</param>
/// <param name="MaintenanceMarginRate">Equity that must remain, as a fraction of notional (Hyperliquid: 1 / maintenance leverage).</param>
/// <param name="IsolatedMarginUsd">Margin allocated to this position alone (isolated margin), USD; null when it lives in a cross-margin account.</param>
/// <param name="Venue">Exchange, for display, e.g. <c>GMX v2</c>.</param>
public sealed record PerpPosition(
    string Underlying, double Size, double EntryPrice, double MaintenanceMarginRate, double? IsolatedMarginUsd = null, string Venue = "perp") : IInstrument
{
    /// <inheritdoc />
    public string Describe() => $"{Venue} {(Size >= 0 ? "long" : "short")} {Math.Abs(Size):G6} {Underlying} @ {EntryPrice:G6}";
}

/// <summary>A cross-margin account: perps sharing one collateral balance, liquidated together.</summary>
/// <param name="Venue">Exchange.</param>
/// <param name="CollateralUsd">Collateral deposited, USD (account value = collateral + Σ unrealised P&amp;L).</param>
/// <param name="Positions">Its perps; their <see cref="PerpPosition.IsolatedMarginUsd"/> is ignored.</param>
public sealed record CrossMarginAccount(string Venue, double CollateralUsd, IReadOnlyList<PerpPosition> Positions) : IInstrument
{
    /// <inheritdoc />
    public string Describe() => $"{Venue} cross account, {Positions.Count} perps";
}
