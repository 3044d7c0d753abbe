using ExposureWeb.Engine.Snapshots;

namespace ExposureWeb.Engine.Publishing;

/// <summary>
/// One page of a portfolio's positions from the newest snapshot (the hub's <c>GetPositions</c> and
/// <c>GET /api/portfolios/{id}/positions</c>): a large portfolio's live messages carry only its first positions.
/// </summary>
/// <param name="Sequence">The snapshot the rows come from (the hub's number; 0 before the first).</param>
/// <param name="BlockNumber">Its block.</param>
/// <param name="Total">Positions in that snapshot.</param>
/// <param name="Offset">Index of the first row (0-based, in the snapshot's order).</param>
/// <param name="Rows">The rows.</param>
public sealed record PositionPage(long Sequence, ulong BlockNumber, int Total, int Offset, IReadOnlyList<PositionRow> Rows)
{
    /// <summary>Most rows one page may ask for.</summary>
    public const int MaxPageSize = 500;

    /// <summary>Cuts a page out of <paramref name="snapshot"/>'s positions (clamped to what exists).</summary>
    public static PositionPage Of(ExposureSnapshot? snapshot, long sequence, int offset, int count)
    {
        if (snapshot is null) return new PositionPage(sequence, 0, 0, 0, []);
        var all = snapshot.Positions;
        var start = Math.Clamp(offset, 0, all.Count);
        var take = Math.Clamp(count, 0, Math.Min(MaxPageSize, all.Count - start));
        return new PositionPage(sequence, snapshot.BlockNumber, all.Count, start, [.. all.Skip(start).Take(take)]);
    }
}

/// <summary>
/// What the hub and the REST snapshot carry of a large portfolio: the first <see cref="PositionsSent"/> positions and the
/// <see cref="LiquidationsSent"/> nearest liquidations, the rest counted in <see cref="ExposureSnapshot.PositionsOmitted"/>
/// and <see cref="ExposureSnapshot.LiquidationsOmitted"/>. Every summary (net Greeks, value, lowest health factor,
/// nearest liquidation, payoffs, stress) is computed by the engine over everything, so it stays whole.
/// </summary>
/// <remarks>
/// Issue 15: 5,000 manual positions made a 4 MB snapshot, and since each perp's value moves with every price, a delta of
/// thousands of changed rows a block, diffed, sent and applied as JSON and then rendered; now a message is bounded.
/// </remarks>
public static class SnapshotTrim
{
    public const int PositionsSent = 100;

    public const int LiquidationsSent = 100;

    public static ExposureSnapshot ForWire(ExposureSnapshot snapshot)
    {
        var positions = snapshot.Positions;
        var liquidations = snapshot.Liquidations;
        if (positions.Count <= PositionsSent && liquidations.Count <= LiquidationsSent) return snapshot;
        // The nearest liquidations, kept in the engine's order, so the rows a reader sees do not jump between blocks.
        var nearest = liquidations.Count <= LiquidationsSent ? null
            : liquidations.Select((l, i) => (l, i)).OrderBy(x => x.l.Distance ?? double.MaxValue).ThenBy(x => x.i).Take(LiquidationsSent)
                .Select(x => x.i).ToHashSet();
        return snapshot with
        {
            Positions = positions.Count <= PositionsSent ? positions : [.. positions.Take(PositionsSent)],
            PositionsOmitted = Math.Max(0, positions.Count - PositionsSent),
            Liquidations = nearest is null ? liquidations : [.. liquidations.Where((_, i) => nearest.Contains(i))],
            LiquidationsOmitted = Math.Max(0, liquidations.Count - LiquidationsSent),
        };
    }
}
