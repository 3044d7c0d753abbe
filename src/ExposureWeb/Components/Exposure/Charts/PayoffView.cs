using ExposureWeb.Engine.Snapshots;

namespace ExposureWeb.Components.Exposure.Charts;

/// <summary>One underlying's payoff curve ready to draw: P&amp;L in USD against its price in USD.</summary>
/// <param name="Underlying">The underlying shown.</param>
/// <param name="Choices">Every underlying with a curve, for the picker.</param>
/// <param name="PriceUsd">Its price now, USD.</param>
/// <param name="PricesUsd">x: moved prices, USD.</param>
/// <param name="PnlUsd">y: P&amp;L, USD.</param>
/// <param name="Hover">Per point: price, move, P&amp;L and liquidations in words.</param>
/// <param name="Marks">Liquidation prices inside the curve's range (drawn).</param>
/// <param name="Beyond">Liquidation prices outside it (listed under the chart).</param>
/// <param name="Caption">Where the figures come from.</param>
public sealed record PayoffView(
    string Underlying,
    IReadOnlyList<string> Choices,
    double PriceUsd,
    IReadOnlyList<double> PricesUsd,
    IReadOnlyList<double> PnlUsd,
    IReadOnlyList<string> Hover,
    IReadOnlyList<PayoffMarkView> Marks,
    IReadOnlyList<PayoffMarkView> Beyond,
    string Caption)
{
    /// <summary>The view of <paramref name="selected"/> (without a curve for it: the first non-stablecoin, else the first); null without curves.</summary>
    public static PayoffView? From(ExposureSnapshot snapshot, string? selected)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Payoffs.Count == 0) return null;
        // Unless chosen, the largest exposure that is not a stablecoin: a depeg curve is rarely the first question.
        var risky = snapshot.Stress?.ShockedUnderlyings ?? [];
        var series = snapshot.Payoffs.FirstOrDefault(p => string.Equals(p.Underlying, selected, StringComparison.OrdinalIgnoreCase))
            ?? snapshot.Payoffs.FirstOrDefault(p => risky.Contains(p.Underlying, StringComparer.OrdinalIgnoreCase))
            ?? snapshot.Payoffs[0];
        double low = series.PricesUsd[0], high = series.PricesUsd[^1];
        var hover = series.PricesUsd.Select((price, i) =>
        {
            var text = $"{series.Underlying} {Format.Price(price)} ({ChartText.Move(price / series.PriceUsd - 1)})<br>P&L {Format.Usd(series.PnlUsd[i])}";
            return series.Liquidated[i] > 0 ? $"{text}<br>{series.Liquidated[i]} position(s) liquidatable" : text;
        }).ToList();
        var marks = series.Marks.Select(m => new PayoffMarkView(
            ChartText.Position(m.PositionId, snapshot.Positions), m.PriceUsd, m.PnlUsd,
            $"{ChartText.Position(m.PositionId, snapshot.Positions)} is liquidated if {series.Underlying} {m.Direction} {Format.Price(m.PriceUsd)} ({ChartText.Move(m.Move)}); P&L there {Format.Usd(m.PnlUsd)}"))
            .ToList();
        var inRange = marks.Where(m => m.PriceUsd >= low && m.PriceUsd <= high).ToList();
        return new PayoffView(
            series.Underlying,
            [.. snapshot.Payoffs.Select(p => p.Underlying)],
            series.PriceUsd,
            series.PricesUsd,
            series.PnlUsd,
            hover,
            inRange,
            [.. marks.Except(inRange)],
            $"P&L in USD if {series.Underlying} alone moves now (other prices and volatilities unchanged) · {ChartText.Block(snapshot.BlockNumber, snapshot.BlockTime)}");
    }
}

/// <summary>A liquidation price on the payoff chart.</summary>
/// <param name="Label">The position, short.</param>
/// <param name="PriceUsd">Trigger price, USD.</param>
/// <param name="PnlUsd">P&amp;L at the trigger, USD.</param>
/// <param name="Text">The whole statement, for the list under the chart.</param>
public sealed record PayoffMarkView(string Label, double PriceUsd, double PnlUsd, string Text);
