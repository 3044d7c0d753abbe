using ExposureWeb.Engine.Publishing;
using ExposureWeb.Engine.Snapshots;

namespace ExposureWeb.Engine.Tests;

/// <summary>What the hub and the REST snapshot carry of a large portfolio, and the pages of the rest.</summary>
public sealed class SnapshotTrimTests
{
    private static ExposureSnapshot Snapshot(int positions, int liquidations) =>
        new(7, "local", 120, "0xabc", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, [], [])
        {
            Positions = [.. Enumerable.Range(0, positions).Select(i => new PositionRow($"manual:{i}", "manual", "manual", $"spot {i} ETH", "ETH", null) { ValueUsd = i })],
            // Position i liquidates at a distance of (i + 1) % 1000 / 1000 of the price: the nearest are not the first ones.
            Liquidations = [.. Enumerable.Range(0, liquidations).Select(i => new LiquidationRow($"manual:{i}", "ETH", 2_000 * (1 - (i + 1) % 1000 / 1000.0), 2_000, "falls below", null))],
        };

    [Fact]
    public void ForWire_SmallPortfolio_TheSameSnapshot()
    {
        var snapshot = Snapshot(SnapshotTrim.PositionsSent, SnapshotTrim.LiquidationsSent);

        Assert.Same(snapshot, SnapshotTrim.ForWire(snapshot));
    }

    [Fact]
    public void ForWire_5000Positions_FirstPositionsNearestLiquidationsAndTheCounts()
    {
        var snapshot = Snapshot(5_000, 5_000);

        var wire = SnapshotTrim.ForWire(snapshot);

        Assert.Equal(snapshot.Positions.Take(SnapshotTrim.PositionsSent), wire.Positions);
        Assert.Equal(5_000 - SnapshotTrim.PositionsSent, wire.PositionsOmitted);
        Assert.Equal(5_000 - SnapshotTrim.LiquidationsSent, wire.LiquidationsOmitted);
        var nearest = snapshot.Liquidations.OrderBy(l => l.Distance).Take(SnapshotTrim.LiquidationsSent).Max(l => l.Distance);
        Assert.Equal(SnapshotTrim.LiquidationsSent, wire.Liquidations.Count);
        Assert.All(wire.Liquidations, l => Assert.True(l.Distance <= nearest));
        // Kept in the engine's order, so rows do not jump between blocks.
        Assert.Equal(wire.Liquidations.OrderBy(l => snapshot.Liquidations.ToList().IndexOf(l)), wire.Liquidations);
        Assert.Equal(snapshot.Liquidations.Min(l => l.Distance), wire.Liquidations.Min(l => l.Distance));
    }

    [Fact]
    public void PositionPageOf_LastPartialPage_TheRemainingRowsWithTheTotal()
    {
        var page = PositionPage.Of(Snapshot(5_010, 0), 42, 5_000, 50);

        Assert.Equal((42L, 120UL, 5_010, 5_000), (page.Sequence, page.BlockNumber, page.Total, page.Offset));
        Assert.Equal(Enumerable.Range(5_000, 10).Select(i => $"manual:{i}"), page.Rows.Select(r => r.Id));
    }

    [Fact]
    public void PositionPageOf_CountAboveTheMaximum_Clamped()
    {
        var page = PositionPage.Of(Snapshot(2_000, 0), 1, 0, 10_000);

        Assert.Equal(PositionPage.MaxPageSize, page.Rows.Count);
    }
}
