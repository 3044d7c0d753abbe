using ExposureWeb.Components.Exposure.Charts;
using ExposureWeb.Engine.Governance;

namespace ExposureWeb.Components.Governance;

/// <summary>
/// Health factors before and after a change, one pair of bars per affected portfolio with a lending account. A health
/// factor without debt is infinite: it gets no bar (it would have no height) but a note under the chart.
/// </summary>
/// <param name="Portfolios">x: the portfolios' names.</param>
/// <param name="Before">y of the "before" bars (null: no bar).</param>
/// <param name="After">y of the "after" bars (null: no bar).</param>
/// <param name="Notes">Infinite or missing values in words.</param>
public sealed record HealthFactorChartView(IReadOnlyList<string> Portfolios, IReadOnlyList<double?> Before, IReadOnlyList<double?> After, IReadOnlyList<string> Notes)
{
    /// <summary>The view of <paramref name="report"/>'s affected portfolios; null when none of them has a health factor.</summary>
    public static HealthFactorChartView? From(ImpactReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rows = report.Portfolios.Where(p => p.Affected && (p.HealthBefore is not null || p.HealthAfter is not null)).ToList();
        if (rows.Count == 0) return null;
        var notes = new List<string>();
        foreach (var p in rows)
        {
            if (p.HealthBefore is { } b && double.IsPositiveInfinity(b)) notes.Add($"{p.PortfolioName}: before ∞ (no debt)");
            if (p.HealthAfter is { } a && double.IsPositiveInfinity(a)) notes.Add($"{p.PortfolioName}: after ∞ (no debt)");
            if (p.HealthAfter is null && report.Revert is not null) notes.Add($"{p.PortfolioName}: no \"after\" (the calls revert)");
        }
        return new HealthFactorChartView(
            [.. rows.Select(p => p.PortfolioName)],
            [.. rows.Select(p => Bar(p.HealthBefore))],
            [.. rows.Select(p => Bar(p.HealthAfter))],
            notes);
    }

    private static double? Bar(double? hf) => hf is { } v && double.IsFinite(v) ? Math.Round(v, 6) : null;
}

/// <summary>
/// The payoff curve of one portfolio and underlying before the change, with the liquidation prices before (dashed) and
/// after (solid) as vertical lines: the liquidation-price shift of the report.
/// </summary>
/// <param name="Portfolio">The portfolio shown.</param>
/// <param name="Underlying">The underlying moved.</param>
/// <param name="PriceUsd">Its price now, USD per unit.</param>
/// <param name="PricesUsd">x: moved prices, USD.</param>
/// <param name="PnlUsd">y: P&amp;L, USD.</param>
/// <param name="Before">Liquidation prices before, inside the curve's range.</param>
/// <param name="After">Liquidation prices after, inside the range.</param>
/// <param name="Notes">Every liquidation price in words, those outside the range said so.</param>
public sealed record ReportPayoffView(string Portfolio, string Underlying, double PriceUsd, IReadOnlyList<double> PricesUsd, IReadOnlyList<double> PnlUsd,
    IReadOnlyList<double> Before, IReadOnlyList<double> After, IReadOnlyList<string> Notes)
{
    /// <summary>
    /// The first affected portfolio with a payoff curve, on its first underlying that has a liquidation price (else its
    /// first underlying); null when no affected portfolio has a curve.
    /// </summary>
    public static ReportPayoffView? From(ImpactReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var portfolio = report.Portfolios.FirstOrDefault(p => p.Affected && p.Payoffs.Count > 0);
        if (portfolio is null) return null;
        var curve = portfolio.Payoffs.FirstOrDefault(c => c.MarksBefore.Count + c.MarksAfter.Count > 0) ?? portfolio.Payoffs[0];
        if (curve.PricesUsd.Count == 0) return null;
        double low = curve.PricesUsd.Min(), high = curve.PricesUsd.Max();
        bool Inside(double price) => price >= low && price <= high;
        var notes = new List<string>();
        foreach (var (marks, when) in new[] { (curve.MarksBefore, "before"), (curve.MarksAfter, "after") })
        {
            foreach (var m in marks)
            {
                notes.Add($"Liquidation {when}: {m.PositionId} if {curve.Underlying} {m.Direction} {Format.Price(m.PriceUsd)} ({ChartText.Move(m.Move)}); " +
                    $"P&L there {Format.Usd(m.PnlUsd)}{(Inside(m.PriceUsd) ? "" : " — beyond the chart's range")}");
            }
        }
        return new ReportPayoffView(portfolio.PortfolioName, curve.Underlying, curve.PriceUsd, curve.PricesUsd, curve.PnlUsd,
            [.. curve.MarksBefore.Select(m => m.PriceUsd).Where(Inside)], [.. curve.MarksAfter.Select(m => m.PriceUsd).Where(Inside)], notes);
    }
}
