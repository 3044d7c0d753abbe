using System.Globalization;
using ExposureWeb.Engine.Publishing;

namespace ExposureWeb.Components.Exposure.Charts;

/// <summary>The Greeks history as four lines over block time, each with its unit.</summary>
/// <param name="Times">x: block times, UTC, in Plotly's date format.</param>
/// <param name="Blocks">Block numbers, for the hover.</param>
/// <param name="Series">The four lines, top to bottom.</param>
/// <param name="Caption">Which blocks the lines span.</param>
public sealed record GreeksHistoryView(IReadOnlyList<string> Times, IReadOnlyList<ulong> Blocks, IReadOnlyList<GreeksLine> Series, string Caption)
{
    public static GreeksHistoryView From(IReadOnlyList<GreeksPoint> points, int capacity)
    {
        ArgumentNullException.ThrowIfNull(points);
        var caption = points.Count == 0
            ? "No block read yet."
            : $"{points.Count} block(s) from {ChartText.Block(points[0].BlockNumber, points[0].BlockTime)} to {ChartText.Block(points[^1].BlockNumber, points[^1].BlockTime)} · up to the newest {capacity} shown, kept across restarts";
        return new GreeksHistoryView(
            [.. points.Select(p => p.BlockTime.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture))],
            [.. points.Select(p => p.BlockNumber)],
            [
                new("Net delta (USD)", "USD", [.. points.Select(p => p.NetUsdDelta)]),
                new("$ gamma (USD per 1%)", "USD/1%", [.. points.Select(p => p.DollarGammaPerPercent)]),
                new("Vega (USD per vol point)", "USD/vol pt", [.. points.Select(p => p.VegaPerVolPoint)]),
                new("Theta (USD per day)", "USD/day", [.. points.Select(p => p.ThetaPerDay)]),
            ],
            caption);
    }

    /// <summary>
    /// Where this view's new points start when it is <paramref name="drawn"/> with points appended (and maybe its oldest
    /// ones dropped): the index of its first point after <paramref name="drawn"/>'s last. Null when it is not (the history
    /// was reloaded, a block's point was replaced after a reorg, nothing was appended), and the view is drawn whole.
    /// </summary>
    public int? AppendedAfter(GreeksHistoryView drawn)
    {
        ArgumentNullException.ThrowIfNull(drawn);
        if (drawn.Blocks.Count == 0 || Series.Count != drawn.Series.Count) return null;
        var last = drawn.Blocks[^1];
        var k = Blocks.Count - 1;
        while (k >= 0 && Blocks[k] > last) k--;
        if (k < 0 || k == Blocks.Count - 1 || Blocks[k] != last || k >= drawn.Blocks.Count) return null;
        // The points both hold must be the same ones: this view's first k + 1 are the tail of what was drawn.
        var offset = drawn.Blocks.Count - 1 - k;
        for (int i = 0; i <= k; i++)
        {
            if (Blocks[i] != drawn.Blocks[offset + i] || Times[i] != drawn.Times[offset + i]) return null;
            for (int s = 0; s < Series.Count; s++)
            {
                if (!Series[s].Values[i].Equals(drawn.Series[s].Values[offset + i])) return null;
            }
        }
        return k + 1;
    }
}

/// <summary>One Greek over time.</summary>
/// <param name="Name">Legend entry, with the unit.</param>
/// <param name="Unit">Axis title.</param>
/// <param name="Values">One per block.</param>
public sealed record GreeksLine(string Name, string Unit, IReadOnlyList<double> Values);
