using ExposureWeb.Engine.Snapshots;
using ExposureWeb.Risk.Scenarios;

namespace ExposureWeb.Engine.Scenarios;

/// <summary>
/// The scenario figures a snapshot carries for its charts, computed from the <see cref="ScenarioBook"/> compiled from
/// the very positions and market the snapshot priced, so the curves and the grid agree with its Greeks and liquidations.
/// </summary>
public static class ScenarioFigures
{
    /// <summary>Payoff curves span −50% … +50% of the current price.</summary>
    public const double PayoffRange = 0.5;

    /// <summary>41 points: 2.5% apart, the current price (move 0) among them.</summary>
    public const int PayoffPoints = 41;

    /// <summary>
    /// Liquidation prices marked per curve: the nearest to the current price. A portfolio of thousands of perps would
    /// otherwise draw thousands of lines on every update; the liquidation panel lists them all.
    /// </summary>
    public const int MaxMarks = 12;

    // Six significant digits keep a price readable on an axis at any magnitude (LINK at 15, BTC at 60 000) while the
    // JSON stays short; P&L is money, shown to the cent.
    private const int PriceDigits = 6;
    private const int MoveDecimals = 6;

    /// <summary>One payoff curve per underlying of the book, in the order of <paramref name="order"/> (the asset rows).</summary>
    /// <param name="book">The compiled portfolio.</param>
    /// <param name="order">Underlyings in the order to list them; those without exposure in the book are skipped.</param>
    /// <param name="liquidations">The snapshot's liquidation rows; each with a price becomes a mark on its underlying's curve.</param>
    public static IReadOnlyList<PayoffSeries> Payoffs(ScenarioBook book, IEnumerable<string> order, IReadOnlyList<LiquidationRow> liquidations)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(liquidations);
        var inBook = book.Underlyings.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var moves = StressGrid.Ladder(-PayoffRange, PayoffRange, PayoffPoints);
        var series = new List<PayoffSeries>();
        foreach (var underlying in order.Where(inBook.Contains).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var curve = book.Payoff(underlying, moves);
            // Move 0 is exactly on the ladder: its price is the current one.
            double price = curve.Points[PayoffPoints / 2].PriceUsd;
            series.Add(new PayoffSeries(
                underlying,
                price,
                [.. curve.Points.Select(p => RoundPrice(p.PriceUsd))],
                [.. curve.Points.Select(p => Cents(p.PnlUsd))],
                [.. curve.Points.Select(p => p.Liquidated)],
                Marks(book, underlying, price, liquidations)));
        }
        return series;
    }

    private static List<PayoffMark> Marks(ScenarioBook book, string underlying, double price, IReadOnlyList<LiquidationRow> liquidations)
    {
        var rows = liquidations
            .Where(l => l.PriceUsd is > 0 && string.Equals(l.Underlying, underlying, StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (rows.Count == 0 || !(price > 0)) return [];
        rows = [.. rows.OrderBy(l => Math.Abs(l.PriceUsd!.Value - price)).Take(MaxMarks).OrderBy(l => l.PriceUsd)];
        var moves = rows.Select(l => l.PriceUsd!.Value / price - 1).ToList();
        var atTrigger = book.Payoff(underlying, moves);
        // The trigger price is copied, not recomputed from the move: the mark must sit where the liquidation panel says.
        return [.. rows.Select((l, i) => new PayoffMark(l.PositionId, l.PriceUsd!.Value, Math.Round(moves[i], MoveDecimals), Cents(atTrigger.Points[i].PnlUsd), l.Direction))];
    }

    /// <summary>Deribit's grid over the book; null when the book holds nothing it can revalue.</summary>
    public static StressResult? Stress(ScenarioBook book)
    {
        ArgumentNullException.ThrowIfNull(book);
        if (book.PositionCount == 0) return null;
        var report = book.Run(StressGrid.Deribit());
        var cells = report.Cells.Select(c => new StressCell(
            Math.Round(c.Cell.PriceMove, MoveDecimals), Math.Round(c.Cell.VolMove, MoveDecimals), Cents(c.PnlUsd), c.Liquidated.Count, c.Cell.Extended)).ToList();
        // The first of equal minima, as StressReport.Worst picks it.
        var worst = cells.MinBy(c => c.PnlUsd)!;
        return new StressResult(Cents(report.BaseValueUsd), report.ShockedUnderlyings, cells, worst);
    }

    private static double Cents(double usd) => Math.Round(usd, 2);

    private static double RoundPrice(double usd)
    {
        if (usd == 0 || !double.IsFinite(usd)) return usd;
        int decimals = PriceDigits - 1 - (int)Math.Floor(Math.Log10(Math.Abs(usd)));
        return decimals >= 0 ? Math.Round(usd, Math.Min(decimals, 15)) : Math.Round(usd / Math.Pow(10, -decimals)) * Math.Pow(10, -decimals);
    }
}
