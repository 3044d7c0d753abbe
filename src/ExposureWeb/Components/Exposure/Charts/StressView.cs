using ExposureWeb.Engine.Snapshots;

namespace ExposureWeb.Components.Exposure.Charts;

/// <summary>The stress grid as a heatmap: columns are price moves, rows volatility moves, cells P&amp;L in USD.</summary>
/// <param name="PriceMoves">x labels, ascending (the ±16% steps and the extended moves).</param>
/// <param name="VolMoves">y labels, bottom to top: volatility down, unchanged, up.</param>
/// <param name="PnlUsd">z by row (volatility) then column (price); null where the grid has no cell (extended moves are taken with volatility up only).</param>
/// <param name="Hover">Cell text, same shape as <paramref name="PnlUsd"/>.</param>
/// <param name="ColorLimitUsd">
/// The colour scale spans −this … +this, USD: the larger of the worst loss and the largest P&amp;L within ±16%, so losses
/// and the core grid use the whole scale while the extended moves' large gains saturate (their hover still says how much).
/// </param>
/// <param name="Worst">The worst cell.</param>
/// <param name="WorstText">The worst cell in words.</param>
/// <param name="Caption">What moved and where the figures come from.</param>
public sealed record StressView(
    IReadOnlyList<string> PriceMoves,
    IReadOnlyList<string> VolMoves,
    IReadOnlyList<IReadOnlyList<double?>> PnlUsd,
    IReadOnlyList<IReadOnlyList<string>> Hover,
    double ColorLimitUsd,
    StressCell Worst,
    string WorstText,
    string Caption)
{
    public static StressView? From(ExposureSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Stress is not { Cells.Count: > 0 } stress) return null;
        var prices = stress.Cells.Select(c => c.PriceMove).Distinct().Order().ToList();
        var vols = stress.Cells.Select(c => c.VolMove).Distinct().Order().ToList();
        var z = vols.Select(v => (IReadOnlyList<double?>)prices.Select(p => stress.Cells.FirstOrDefault(c => c.PriceMove == p && c.VolMove == v)?.PnlUsd).ToList()).ToList();
        var hover = vols.Select(v => (IReadOnlyList<string>)prices.Select(p =>
            stress.Cells.FirstOrDefault(c => c.PriceMove == p && c.VolMove == v) is { } c ? $"{Cell(c)}<br>P&L {Format.Usd(c.PnlUsd)}{Liquidations(c)}" : "").ToList()).ToList();
        var shocked = stress.ShockedUnderlyings.Count == 0 ? "nothing" : string.Join(", ", stress.ShockedUnderlyings);
        var limit = ColorLimit(stress);
        return new StressView(
            [.. prices.Select(ChartText.Move)],
            [.. vols.Select(Vol)],
            z,
            hover,
            limit,
            stress.Worst,
            $"{Cell(stress.Worst)}: {Format.Usd(stress.Worst.PnlUsd)}{Liquidations(stress.Worst)}",
            $"P&L in USD, {shocked} moved together, stablecoins pegged, value now {Format.Usd(stress.BaseValueUsd)}, colours saturate beyond ±{Format.Usd(limit)} · {ChartText.Block(snapshot.BlockNumber, snapshot.BlockTime)}");
    }

    private static double ColorLimit(StressResult stress)
    {
        double limit = Math.Max(-stress.Worst.PnlUsd, stress.Cells.Where(c => !c.Extended).Select(c => Math.Abs(c.PnlUsd)).DefaultIfEmpty(0).Max());
        // A book with no P&L anywhere still needs a non-empty scale.
        return limit > 0 ? limit : 1;
    }

    private static string Cell(StressCell c) => $"price {ChartText.Move(c.PriceMove)}, {Vol(c.VolMove)}";

    private static string Vol(double move) => move == 0 ? "vol unchanged" : $"vol {ChartText.Move(move)}";

    private static string Liquidations(StressCell c) => c.Liquidated > 0 ? $", {c.Liquidated} position(s) liquidated" : "";
}
