using ExposureWeb.Engine.Publishing;
using ExposureWeb.Engine.Snapshots;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Engine.Tests;

/// <summary>The in-memory Greeks history: bounded, one point per block, following reorgs and resets.</summary>
public sealed class GreeksHistoryTests
{
    private static readonly DateTimeOffset Genesis = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static ExposureSnapshot Snapshot(int portfolioId, ulong block, double usdDelta = 1_000) => new(
        portfolioId, "local", block, "0x" + block.ToString("x64", System.Globalization.CultureInfo.InvariantCulture), Genesis.AddSeconds(2 * (double)block), Genesis,
        [new AssetExposureRow("ETH", "spot", usdDelta / 2_000, 2_000, usdDelta, null, null, null, null) { DollarGammaPerPercent = 5, VegaPerVolPoint = 7, ThetaPerDay = -3 }],
        [])
    { ValueUsd = 42 };

    private static GreeksHistory History(int capacity) => new(Options.Create(new EngineOptions { GreeksHistoryPoints = capacity }));

    [Fact]
    public void Add_MoreBlocksThanCapacity_KeepsTheLastCapacityInBlockOrder()
    {
        var history = History(720);

        for (ulong block = 1; block <= 1_000; block++) history.Add(Snapshot(7, block));

        var points = history.Of(7);
        Assert.Equal(720, points.Count);
        Assert.Equal(281UL, points[0].BlockNumber);
        Assert.Equal(1_000UL, points[^1].BlockNumber);
        Assert.Equal(points.Select(p => p.BlockNumber).Order(), points.Select(p => p.BlockNumber));
    }

    [Fact]
    public void Add_Snapshot_PointCarriesItsBlockAndNetGreeks()
    {
        var history = History(10);

        history.Add(Snapshot(7, 5, usdDelta: 1_234.5));

        var point = Assert.Single(history.Of(7));
        Assert.Equal(new GreeksPoint(5, Genesis.AddSeconds(10), 1_234.5, 5, 7, -3, 42), point);
        Assert.Empty(history.Of(8));
    }

    [Fact]
    public void Add_SameHeightAgain_ReplacesThatBlocksPoint()
    {
        var history = History(10);
        history.Add(Snapshot(7, 1));
        history.Add(Snapshot(7, 2));

        history.Add(Snapshot(7, 2, usdDelta: 99)); // a reorg re-read at height 2

        Assert.Equal([1UL, 2UL], history.Of(7).Select(p => p.BlockNumber));
        Assert.Equal(99, history.Of(7)[^1].NetUsdDelta);
    }

    [Fact]
    public void Append_ChainWentBack_DropsThePointsAboveTheNewHead()
    {
        GreeksPoint[] series = [];
        foreach (ulong block in new ulong[] { 10, 11, 12, 13 }) series = GreeksHistory.Append(series, GreeksPoint.From(Snapshot(1, block)), 100);

        series = GreeksHistory.Append(series, GreeksPoint.From(Snapshot(1, 11)), 100);

        Assert.Equal([10UL, 11UL], series.Select(p => p.BlockNumber));
    }

    [Fact]
    public void Append_ToAFullSeries_LeavesTheOriginalUntouched()
    {
        var full = Enumerable.Range(1, 3).Select(b => GreeksPoint.From(Snapshot(1, (ulong)b))).ToArray();

        var next = GreeksHistory.Append(full, GreeksPoint.From(Snapshot(1, 4)), 3);

        Assert.Equal([2UL, 3UL, 4UL], next.Select(p => p.BlockNumber));
        Assert.Equal([1UL, 2UL, 3UL], full.Select(p => p.BlockNumber));
    }
}
