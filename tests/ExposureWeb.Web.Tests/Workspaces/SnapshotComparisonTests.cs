using ExposureWeb.Components.Dashboards;
using ExposureWeb.Engine.Snapshots;

namespace ExposureWeb.Web.Tests.Workspaces;

/// <summary>The compare view's rows: frozen against live, each with its unit, changed ones marked.</summary>
public sealed class SnapshotComparisonTests
{
    private static ExposureSnapshot At(ulong block, double ethPrice, double? health, double? liquidationPrice) =>
        SnapshotsApiTests.Exposure(1, block, ethPrice) with
        {
            MinHealthFactor = health,
            Liquidations = liquidationPrice is { } l ? [new LiquidationRow("aave", "ETH", l, ethPrice, "falls to", health)] : [],
        };

    [Fact]
    public void Rows_EthPriceFell_ValueDeltaAndLiquidationMarkedChangedGreeksNot()
    {
        var rows = SnapshotComparison.Rows(At(10, 3_000, 1.5, 2_000), At(11, 2_500, 1.25, 2_000)).ToDictionary(r => r.Key);

        Assert.Equal(("$30,000.00", "$25,000.00", "−$5,000.00", true), (rows["value"].Frozen, rows["value"].Live, rows["value"].Change, rows["value"].Changed));
        Assert.Equal(("$30,000.00", "$25,000.00", true), (rows["usd-delta-ETH"].Frozen, rows["usd-delta-ETH"].Live, rows["usd-delta-ETH"].Changed));
        Assert.Equal(("1.500", "1.250", "−0.250", true), (rows["min-health"].Frozen, rows["min-health"].Live, rows["min-health"].Change, rows["min-health"].Changed));
        Assert.Equal(("33.3%", "20.0%", "−13.3 pts", true), (rows["nearest-liquidation"].Frozen, rows["nearest-liquidation"].Live, rows["nearest-liquidation"].Change, rows["nearest-liquidation"].Changed));
        Assert.Equal(("$0.00", "no change", false), (rows["net-theta"].Live, rows["net-theta"].Change, rows["net-theta"].Changed));
        Assert.All(rows.Values, r => Assert.False(string.IsNullOrEmpty(r.Unit)));
    }

    [Fact]
    public void Rows_NoLiveBlock_DashesAndChangedBecauseNothingToCompare()
    {
        var rows = SnapshotComparison.Rows(At(10, 3_000, null, null), null).ToDictionary(r => r.Key);

        Assert.Equal(("$30,000.00", "—", "—", true), (rows["value"].Frozen, rows["value"].Live, rows["value"].Change, rows["value"].Changed));
        Assert.Equal(("—", "—", "—", false), (rows["min-health"].Frozen, rows["min-health"].Live, rows["min-health"].Change, rows["min-health"].Changed));
    }

    [Fact]
    public void Rows_UnderlyingOnlyLive_RowWithDashForTheFrozenSide()
    {
        var live = At(11, 3_000, null, null) with { Assets = [.. At(11, 3_000, null, null).Assets, new AssetExposureRow("BTC", "spot", 1, 60_000, 60_000, null, null, null, null)] };

        var rows = SnapshotComparison.Rows(At(10, 3_000, null, null), live).ToDictionary(r => r.Key);

        Assert.Equal(("—", "$60,000.00", true), (rows["usd-delta-BTC"].Frozen, rows["usd-delta-BTC"].Live, rows["usd-delta-BTC"].Changed));
        Assert.False(rows["usd-delta-ETH"].Changed);
    }
}
