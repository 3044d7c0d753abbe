using System.Collections.Concurrent;
using ExposureWeb.Engine.Snapshots;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Engine.Publishing;

/// <summary>
/// The last <see cref="Capacity"/> published points of each portfolio's Greeks, in memory only (lost on restart, by
/// design: the page shows the recent trend; the database holds positions, not ticks).
/// </summary>
/// <remarks>
/// Each portfolio's series is an immutable array replaced on append: readers (one per circuit) take it without a lock
/// and may keep it, and the one writer per chain copies at most <see cref="Capacity"/> points once per block.
/// </remarks>
public sealed class GreeksHistory(IOptions<EngineOptions> options)
{
    private readonly ConcurrentDictionary<int, GreeksPoint[]> _series = new();

    /// <summary>Points kept per portfolio.</summary>
    public int Capacity { get; } = options.Value.GreeksHistoryPoints;

    /// <summary>The portfolio's points, oldest first; empty before its first snapshot.</summary>
    public IReadOnlyList<GreeksPoint> Of(int portfolioId) => _series.GetValueOrDefault(portfolioId) ?? [];

    /// <summary>Adds the point of a published snapshot.</summary>
    public void Add(ExposureSnapshot snapshot)
    {
        var point = GreeksPoint.From(snapshot);
        _series.AddOrUpdate(snapshot.PortfolioId, _ => Append([], point, Capacity), (_, old) => Append(old, point, Capacity));
    }

    /// <summary>
    /// <paramref name="series"/> with <paramref name="point"/> at the end, keeping the last <paramref name="capacity"/>
    /// points. Points at or above the new block are dropped first: a re-read of the same height (a reorg) replaces its
    /// point, and a chain that went back (a reset dev chain) restarts the series from there, so it always follows the chain.
    /// </summary>
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
