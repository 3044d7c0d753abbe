namespace ExposureWeb.Engine.Publishing;

/// <summary>
/// How a Greeks history follows the chain, one rule for every copy of it (the engine's, the hub's deltas, a client's
/// replica, the database).
/// </summary>
public static class GreeksSeries
{
    /// <summary>
    /// <paramref name="series"/> with <paramref name="point"/> at the end, keeping the last <paramref name="capacity"/>
    /// points. Points at or above the new block are dropped first: a re-read of the same height (a reorg) replaces its
    /// point, and a chain that went back (a reset dev chain) restarts the series from there, so it always follows the chain.
    /// </summary>
    /// <returns>A new array; <paramref name="series"/> is left as it was (readers may hold it).</returns>
    public static GreeksPoint[] Append(IReadOnlyList<GreeksPoint> series, GreeksPoint point, int capacity)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(point);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        int keep = series.Count;
        while (keep > 0 && series[keep - 1].BlockNumber >= point.BlockNumber) keep--;
        int start = Math.Max(0, keep + 1 - capacity);
        var result = new GreeksPoint[keep - start + 1];
        for (int i = start; i < keep; i++) result[i - start] = series[i];
        result[^1] = point;
        return result;
    }
}
