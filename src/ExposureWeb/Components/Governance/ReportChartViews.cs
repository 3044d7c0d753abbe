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
/// after (solid) as vertical lines: the liquidation-price shift of the report. The x axis reaches past the curve to
/// show liquidation prices up to <see cref="MaxReach"/> times the price (the curve covers ±50%); farther ones are listed.
/// </summary>
/// <param name="Portfolio">The portfolio shown.</param>
/// <param name="Underlying">The underlying moved.</param>
/// <param name="Choices">Every underlying of the portfolio with a curve, for the picker.</param>
/// <param name="PriceUsd">Its price now, USD per unit.</param>
/// <param name="PricesUsd">x: moved prices, USD.</param>
/// <param name="PnlUsd">y: P&amp;L, USD.</param>
/// <param name="Before">Liquidation prices before, drawn.</param>
/// <param name="After">Liquidation prices after, drawn.</param>
/// <param name="XRange">The x axis: the curve and the drawn liquidation prices, USD.</param>
/// <param name="Notes">Every liquidation price in words, those not drawn said so.</param>
public sealed record ReportPayoffView(string Portfolio, string Underlying, IReadOnlyList<string> Choices, double PriceUsd, IReadOnlyList<double> PricesUsd,
    IReadOnlyList<double> PnlUsd, IReadOnlyList<double> Before, IReadOnlyList<double> After, (double Low, double High) XRange, IReadOnlyList<string> Notes)
{
    /// <summary>Liquidation prices up to this multiple of the price are drawn.</summary>
    public const double MaxReach = 3;

    /// <summary>
    /// The first affected portfolio with a payoff curve, on <paramref name="selected"/> or else the underlying the change
    /// is about (a changed reserve's symbol, WETH read as ETH) when its liquidation prices move, else the first underlying
    /// whose liquidation prices move, else the first; null when no affected portfolio has a curve.
    /// </summary>
    public static ReportPayoffView? From(ImpactReport report, string? selected = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var portfolio = report.Portfolios.FirstOrDefault(p => p.Affected && p.Payoffs.Any(c => c.PricesUsd.Count > 0));
        if (portfolio is null) return null;
        var curves = portfolio.Payoffs.Where(c => c.PricesUsd.Count > 0).ToList();
        var changed = report.Changes.Select(c => c.SubjectLabel).OfType<string>().SelectMany(s => new[] { s, s.StartsWith('W') ? s[1..] : s }).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var curve = curves.FirstOrDefault(c => string.Equals(c.Underlying, selected, StringComparison.OrdinalIgnoreCase))
            ?? curves.FirstOrDefault(c => changed.Contains(c.Underlying) && Moves(c))
            ?? curves.FirstOrDefault(Moves)
            ?? curves[0];
        bool Drawn(double price) => price > 0 && price <= curve.PriceUsd * MaxReach;
        var drawn = curve.MarksBefore.Concat(curve.MarksAfter).Select(m => m.PriceUsd).Where(Drawn).ToList();
        double low = Math.Min(curve.PricesUsd.Min(), drawn.DefaultIfEmpty(double.MaxValue).Min()), high = Math.Max(curve.PricesUsd.Max(), drawn.DefaultIfEmpty(0).Max());
        var pad = (high - low) * 0.03;
        var notes = new List<string>();
        foreach (var (marks, when) in new[] { (curve.MarksBefore, "before"), (curve.MarksAfter, "after") })
        {
            foreach (var m in marks)
            {
                notes.Add($"Liquidation {when}: {GovernanceDisplay.Position(m.PositionId)} if {curve.Underlying} {m.Direction} {Format.Price(m.PriceUsd)} ({ChartText.Move(m.Move)}); " +
                    $"P&L there {Format.Usd(m.PnlUsd)}{(Drawn(m.PriceUsd) ? "" : " — beyond the chart's range")}");
            }
        }
        return new ReportPayoffView(portfolio.PortfolioName, curve.Underlying, [.. curves.Select(c => c.Underlying)], curve.PriceUsd, curve.PricesUsd, curve.PnlUsd,
            [.. curve.MarksBefore.Select(m => m.PriceUsd).Where(Drawn)], [.. curve.MarksAfter.Select(m => m.PriceUsd).Where(Drawn)],
            (Math.Max(0, low - pad), high + pad), notes);
    }

    // A liquidation price that appears, disappears or moves.
    private static bool Moves(PayoffShift curve) =>
        !curve.MarksBefore.Select(m => (m.PositionId, m.PriceUsd)).OrderBy(m => m).SequenceEqual(curve.MarksAfter.Select(m => (m.PositionId, m.PriceUsd)).OrderBy(m => m));
}
