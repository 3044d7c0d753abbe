using ExposureWeb.Components;
using ExposureWeb.Components.Exposure.Charts;
using ExposureWeb.Engine.Publishing;
using ExposureWeb.Engine.Snapshots;

namespace ExposureWeb.Web.Tests.Charts;

/// <summary>The shaping halves of the charts: what they draw, in which units, with which words.</summary>
public sealed class ChartViewTests
{
    [Fact]
    public void PayoffView_NoUnderlyingChosen_FirstCurveWithItsChoicesAndBlockCaption()
    {
        var view = PayoffView.From(TestSnapshots.Small(), selected: null)!;

        Assert.Equal("ETH", view.Underlying);
        Assert.Equal(["ETH", "BTC", "USDC"], view.Choices);
        Assert.Equal(2_000, view.PriceUsd);
        Assert.Equal(41, view.PricesUsd.Count);
        Assert.Contains("block #1,234 · 2030-01-02 03:04:05 UTC", view.Caption, StringComparison.Ordinal);
        Assert.Contains("P&L in USD", view.Caption, StringComparison.Ordinal);
        Assert.Empty(view.Marks);
    }

    [Fact]
    public void PayoffView_StablecoinIsTheLargestExposure_FirstRiskyUnderlyingShownByDefault()
    {
        var snapshot = TestSnapshots.Small();
        var usdcFirst = snapshot with { Payoffs = [.. snapshot.Payoffs.OrderBy(p => p.Underlying == "USDC" ? 0 : 1)] };

        var view = PayoffView.From(usdcFirst, selected: null)!;

        Assert.Equal("ETH", view.Underlying);
        Assert.Equal(["USDC", "ETH", "BTC"], view.Choices);
        Assert.Equal("USDC", PayoffView.From(usdcFirst, "USDC")!.Underlying);
    }

    [Fact]
    public void PayoffView_BtcChosen_PerpLiquidationMarkedInRangeWithPositionLabel()
    {
        var view = PayoffView.From(TestSnapshots.Small(), "btc")!;

        Assert.Equal("BTC", view.Underlying);
        var mark = Assert.Single(view.Marks);
        Assert.Equal(10_300 / 0.196, mark.PriceUsd, 6);
        Assert.Equal("gmx-v2 · 0x7099…79C8", mark.Label);
        Assert.True(mark.Text.Contains("liquidated if BTC falls below $52,551.02 (−12.42%); P&L there −$1,489.80", StringComparison.Ordinal), mark.Text);
        Assert.Empty(view.Beyond);
        Assert.Contains(view.Hover, h => h.Contains("1 position(s) liquidatable", StringComparison.Ordinal));
    }

    [Fact]
    public void PayoffView_MarkOutsideTheCurve_ListedBeyondNotDrawn()
    {
        var snapshot = TestSnapshots.Small();
        var btc = snapshot.Payoffs.Single(p => p.Underlying == "BTC");
        var far = btc with { Marks = [btc.Marks[0] with { PriceUsd = 1_000, Move = 1_000.0 / 60_000 - 1 }] };

        var view = PayoffView.From(snapshot with { Payoffs = [far] }, "BTC")!;

        Assert.Empty(view.Marks);
        Assert.Equal(1_000, Assert.Single(view.Beyond).PriceUsd);
    }

    [Fact]
    public void StressView_DeribitGrid_17PriceColumnsBy3VolRowsWithGapsWhereTheGridHasNoCell()
    {
        var view = StressView.From(TestSnapshots.Small())!;

        Assert.Equal(["−66%", "−33%", "−16%", "−12%", "−8%", "−4%", "0%", "+4%", "+8%", "+12%", "+16%", "+50%", "+100%", "+200%", "+300%", "+400%", "+500%"], view.PriceMoves);
        Assert.Equal(["vol −25%", "vol unchanged", "vol +50%"], view.VolMoves);
        Assert.All(view.PnlUsd, row => Assert.Equal(17, row.Count));
        Assert.Equal(35, view.PnlUsd.Sum(row => row.Count(z => z is not null)));
        Assert.Null(view.PnlUsd[0][0]); // −66% is taken with volatility up only
        Assert.NotNull(view.PnlUsd[2][0]);
    }

    [Fact]
    public void StressView_LongBook_WorstCellInWordsWithItsPnl()
    {
        var snapshot = TestSnapshots.Small();

        var view = StressView.From(snapshot)!;

        Assert.Equal(snapshot.Stress!.Worst, view.Worst);
        Assert.Equal(-0.66, view.Worst.PriceMove);
        Assert.StartsWith("price −66%, vol +50%: −$", view.WorstText, StringComparison.Ordinal);
        Assert.Contains("1 position(s) liquidated", view.WorstText, StringComparison.Ordinal);
        Assert.Contains("ETH, BTC moved together", view.Caption.Replace("BTC, ETH", "ETH, BTC", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void StressView_ExtendedGainsDwarfTheLosses_ColourScaleSpansTheWorstLossNotTheLargestGain()
    {
        var snapshot = TestSnapshots.Small();
        var stress = snapshot.Stress!;

        var view = StressView.From(snapshot)!;

        Assert.True(stress.Cells.Max(c => c.PnlUsd) > -stress.Worst.PnlUsd); // +500% on 3 ETH and a BTC long
        Assert.Equal(-stress.Worst.PnlUsd, view.ColorLimitUsd);
        Assert.Contains($"colours saturate beyond ±{Format.Usd(-stress.Worst.PnlUsd)}", view.Caption, StringComparison.Ordinal);
    }

    [Fact]
    public void GreeksHistoryView_Points_FourLinesEachNamingItsUnit()
    {
        var points = Enumerable.Range(1, 3).Select(i => new GreeksPoint((ulong)i, TestSnapshots.BlockTime.AddSeconds(2 * i), 1_000 * i, 5, 7, -3, 9_000)).ToList();

        var view = GreeksHistoryView.From(points, 720);

        Assert.Equal(["Net delta (USD)", "$ gamma (USD per 1%)", "Vega (USD per vol point)", "Theta (USD per day)"], view.Series.Select(s => s.Name));
        Assert.Equal(["USD", "USD/1%", "USD/vol pt", "USD/day"], view.Series.Select(s => s.Unit));
        Assert.Equal([1_000.0, 2_000, 3_000], view.Series[0].Values);
        Assert.Equal("2030-01-02 03:04:07", view.Times[0]);
        Assert.Equal("3 block(s) from block #1 · 2030-01-02 03:04:07 UTC to block #3 · 2030-01-02 03:04:11 UTC · up to the newest 720 shown, kept across restarts", view.Caption);
    }

    private static AssetExposureRow Asset(string underlying, double? usdDelta) =>
        new(underlying, "test", 1, usdDelta is null ? null : 1, usdDelta, null, null, null, usdDelta is null ? "no feed" : null);

    [Fact]
    public void DeltaByAssetView_Rows_PricedOnesInOrderToTheCent()
    {
        var view = DeltaByAssetView.From([Asset("ETH", 6_000.004), Asset("PEPE", null), Asset("BTC", -1_234.567)]);

        Assert.Equal([new DeltaBar("ETH", 6_000), new DeltaBar("BTC", -1_234.57)], view.Bars);
    }

    [Fact]
    public void DeltaByAssetView_NewRowsWithTheSameDeltas_EqualView()
    {
        var first = DeltaByAssetView.From([Asset("ETH", 6_000), Asset("BTC", -1_234.5)]);

        Assert.Equal(first, DeltaByAssetView.From([Asset("ETH", 6_000.001), Asset("BTC", -1_234.5)]));
        Assert.Equal(first.GetHashCode(), DeltaByAssetView.From([Asset("ETH", 6_000), Asset("BTC", -1_234.5)]).GetHashCode());
        Assert.NotEqual(first, DeltaByAssetView.From([Asset("ETH", 6_000.01), Asset("BTC", -1_234.5)]));
        Assert.NotEqual(first, DeltaByAssetView.From([Asset("BTC", -1_234.5), Asset("ETH", 6_000)]));
    }
}
