namespace ExposureWeb.Engine.Snapshots;

/// <summary>
/// The portfolio's P&amp;L against the price of one underlying, the other prices and every volatility held fixed,
/// valued by full revaluation right after the move (no time passes). Figures are rounded for the wire: prices to six
/// significant digits, P&amp;L to the cent.
/// </summary>
/// <param name="Underlying">The underlying moved.</param>
/// <param name="PriceUsd">Its price in the snapshot, USD per unit (the curve's P&amp;L is 0 there).</param>
/// <param name="PricesUsd">Moved prices, USD per unit, ascending (−50% … +50% of <paramref name="PriceUsd"/>).</param>
/// <param name="PnlUsd">Portfolio P&amp;L at each of <paramref name="PricesUsd"/>, USD.</param>
/// <param name="Liquidated">Number of positions liquidatable at each of <paramref name="PricesUsd"/>.</param>
/// <param name="Marks">Liquidation prices of positions triggered by this underlying, from the snapshot's liquidation rows.</param>
public sealed record PayoffSeries(
    string Underlying,
    double PriceUsd,
    IReadOnlyList<double> PricesUsd,
    IReadOnlyList<double> PnlUsd,
    IReadOnlyList<int> Liquidated,
    IReadOnlyList<PayoffMark> Marks);

/// <summary>A liquidation price on a payoff curve.</summary>
/// <param name="PositionId">The lending account or perp it liquidates.</param>
/// <param name="PriceUsd">The trigger price, USD per unit (equal to the <see cref="LiquidationRow.PriceUsd"/> it comes from).</param>
/// <param name="Move">The trigger as a relative move from the current price (−0.25 = 25% lower).</param>
/// <param name="PnlUsd">Portfolio P&amp;L at the trigger price, just before that position is liquidated, USD.</param>
/// <param name="Direction">"falls below" or "rises above", as in the liquidation row.</param>
public sealed record PayoffMark(string PositionId, double PriceUsd, double Move, double PnlUsd, string Direction);

/// <summary>
/// Deribit's stress grid over the portfolio (<c>StressGrid.Deribit</c>): every non-stablecoin underlying moved together
/// by the price move, option volatilities scaled by the volatility move, full revaluation.
/// </summary>
/// <param name="BaseValueUsd">Value with no move, USD.</param>
/// <param name="ShockedUnderlyings">Underlyings the price move applies to (USD stablecoins stay pegged).</param>
/// <param name="Cells">The 35 cells in grid order: 9 price steps × (vol up, unchanged, down), then the extended moves.</param>
/// <param name="Worst">The cell with the lowest P&amp;L (Deribit's margin is its loss).</param>
public sealed record StressResult(double BaseValueUsd, IReadOnlyList<string> ShockedUnderlyings, IReadOnlyList<StressCell> Cells, StressCell Worst);

/// <summary>One cell of the stress grid.</summary>
/// <param name="PriceMove">Relative price move (−0.16 = −16%).</param>
/// <param name="VolMove">Relative volatility move (0.5 = σ × 1.5, −0.25 = σ × 0.75).</param>
/// <param name="PnlUsd">Portfolio P&amp;L in the cell, USD.</param>
/// <param name="Liquidated">Number of positions liquidatable in the cell.</param>
/// <param name="Extended">True for the tail moves outside ±16%.</param>
public sealed record StressCell(double PriceMove, double VolMove, double PnlUsd, int Liquidated, bool Extended);
