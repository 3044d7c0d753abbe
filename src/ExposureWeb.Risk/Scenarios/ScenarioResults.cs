using ExposureWeb.Risk.Portfolios;

namespace ExposureWeb.Risk.Scenarios;

/// <summary>Full revaluation of a book in one scenario.</summary>
/// <param name="Cell">The scenario.</param>
/// <param name="ValueUsd">Book value after the move, USD.</param>
/// <param name="PnlUsd">ValueUsd − base value, USD.</param>
/// <param name="MinHealthFactor">Lowest lending health factor after the move; null without lending accounts.</param>
/// <param name="HealthFactors">Health factor of each lending account after the move, aligned with <see cref="ScenarioBook.LendingPositionIds"/>.</param>
/// <param name="Liquidated">Positions liquidatable after the move (lending accounts with HF &lt; 1, perps below maintenance).</param>
public sealed record ScenarioCellResult(
    ScenarioCell Cell, double ValueUsd, double PnlUsd, double? MinHealthFactor, IReadOnlyList<double> HealthFactors, IReadOnlyList<string> Liquidated);

/// <summary>A stress grid run over a book.</summary>
/// <param name="BaseValueUsd">Value with no move, USD.</param>
/// <param name="ShockedUnderlyings">Underlyings whose price (and options' volatility) moved.</param>
/// <param name="Cells">One result per cell, in grid order.</param>
/// <param name="Excluded">Positions left out because they could not be priced at the base market.</param>
public sealed record StressReport(double BaseValueUsd, IReadOnlyList<string> ShockedUnderlyings, IReadOnlyList<ScenarioCellResult> Cells, IReadOnlyList<UnpricedPosition> Excluded)
{
    /// <summary>The cell with the lowest P&amp;L (Deribit: the margin requirement is its loss).</summary>
    public ScenarioCellResult Worst => Cells.MinBy(c => c.PnlUsd) ?? throw new InvalidOperationException("no cells.");

    /// <summary>Loss of the worst cell, USD (0 when every cell gains).</summary>
    public double MarginUsd => Math.Max(-Worst.PnlUsd, 0);
}

/// <summary>P&amp;L of a book against the price of one underlying.</summary>
/// <param name="Move">Relative move of the underlying.</param>
/// <param name="PriceUsd">Its price after the move, USD.</param>
/// <param name="PnlUsd">Book P&amp;L, USD.</param>
/// <param name="Liquidated">Number of positions liquidatable at that price.</param>
public readonly record struct PayoffPoint(double Move, double PriceUsd, double PnlUsd, int Liquidated);

/// <summary>Payoff curve of a book against one underlying, the others fixed.</summary>
/// <param name="Underlying">The underlying moved.</param>
/// <param name="HorizonYears">Time elapsed in the curve (0: an instantaneous move).</param>
/// <param name="Points">Points in ladder order.</param>
public sealed record PayoffCurve(string Underlying, double HorizonYears, IReadOnlyList<PayoffPoint> Points);
