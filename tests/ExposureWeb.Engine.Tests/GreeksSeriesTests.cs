using ExposureWeb.Engine.Publishing;
using ExposureWeb.Engine.Snapshots;

namespace ExposureWeb.Engine.Tests;

/// <summary>The rule every copy of a Greeks history follows: bounded, one point per block, following reorgs and resets.</summary>
public sealed class GreeksSeriesTests
{
    private static readonly DateTimeOffset Genesis = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static ExposureSnapshot Snapshot(int portfolioId, ulong block, double usdDelta = 1_000) => new(
        portfolioId, "local", block, "0x" + block.ToString("x64", System.Globalization.CultureInfo.InvariantCulture), Genesis.AddSeconds(2 * (double)block), Genesis,
        [new AssetExposureRow("ETH", "spot", usdDelta / 2_000, 2_000, usdDelta, null, null, null, null) { DollarGammaPerPercent = 5, VegaPerVolPoint = 7, ThetaPerDay = -3 }],
        [])
    { ValueUsd = 42 };

    private static GreeksPoint Point(ulong block, double usdDelta = 1_000) => GreeksPoint.From(Snapshot(7, block, usdDelta));

    [Fact]
    public void Append_MoreBlocksThanCapacity_KeepsTheLastCapacityInBlockOrder()
    {
        GreeksPoint[] series = [];

        for (ulong block = 1; block <= 1_000; block++) series = GreeksSeries.Append(series, Point(block), 720);

        Assert.Equal(720, series.Length);
        Assert.Equal(281UL, series[0].BlockNumber);
        Assert.Equal(1_000UL, series[^1].BlockNumber);
        Assert.Equal(series.Select(p => p.BlockNumber).Order(), series.Select(p => p.BlockNumber));
    }

    [Fact]
    public void From_Snapshot_PointCarriesItsBlockAndNetGreeks()
    {
        var point = GreeksPoint.From(Snapshot(7, 5, usdDelta: 1_234.5));

        Assert.Equal(new GreeksPoint(5, Genesis.AddSeconds(10), 1_234.5, 5, 7, -3, 42), point);
    }

    [Fact]
    public void Append_SameHeightAgain_ReplacesThatBlocksPoint()
    {
        GreeksPoint[] series = [Point(1), Point(2)];

        series = GreeksSeries.Append(series, Point(2, usdDelta: 99), 10); // a reorg re-read at height 2

        Assert.Equal([1UL, 2UL], series.Select(p => p.BlockNumber));
        Assert.Equal(99, series[^1].NetUsdDelta);
    }

    [Fact]
    public void Append_ChainWentBack_DropsThePointsAboveTheNewHead()
    {
        GreeksPoint[] series = [];
        foreach (ulong block in new ulong[] { 10, 11, 12, 13 }) series = GreeksSeries.Append(series, Point(block), 100);

        series = GreeksSeries.Append(series, Point(11), 100);

        Assert.Equal([10UL, 11UL], series.Select(p => p.BlockNumber));
    }

    [Fact]
    public void Append_ToAFullSeries_LeavesTheOriginalUntouched()
    {
        var full = Enumerable.Range(1, 3).Select(b => Point((ulong)b)).ToArray();

        var next = GreeksSeries.Append(full, Point(4), 3);

        Assert.Equal([2UL, 3UL, 4UL], next.Select(p => p.BlockNumber));
        Assert.Equal([1UL, 2UL, 3UL], full.Select(p => p.BlockNumber));
    }
}
