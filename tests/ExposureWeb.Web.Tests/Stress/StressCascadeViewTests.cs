using ExposureWeb.Components.Stress;
using ExposureWeb.Engine.Stress;

namespace ExposureWeb.Web.Tests.Stress;

/// <summary>The cascade chart's shape: price per round, collateral seized so far, and the caption in words.</summary>
public sealed class StressCascadeViewTests
{
    private static StressRunResult Result(string stop, params StressCascadeRound[] path) => new()
    {
        Kind = "Cascade",
        Cascade = new StressCascade("ETH", -0.3, 3000, "0xpool", "WETH/USDC 0.05%", stop, 50, 0, false, 0, 0, path),
    };

    private static StressCascadeRound Round(int round, double price, double sold, double seizedUsd, params string[] liquidated) =>
        new(round, price, price, sold, 0, sold, seizedUsd, seizedUsd / 1.05, liquidated, 0.9, 1000, -100 * round);

    [Fact]
    public void From_ThreeRounds_CumulativeSeizedAndSoldLeaveOutTheShocksOwnTrade()
    {
        var view = StressCascadeView.From(Result("Converged", Round(0, 2100, 500, 0), Round(1, 2000, 4, 8400, "aave-a"), Round(2, 1990, 1, 2000, "aave-a")))!;

        Assert.Equal([0, 1, 2], view.Rounds);
        Assert.Equal([2100, 2000, 1990], view.PriceUsd);
        Assert.Equal([0, 8400, 10400], view.CumulativeSeizedUsd);
        Assert.Equal([0, 4, 5], view.CumulativeSoldDriver);
        Assert.Contains("1 liquidated", view.Hover[1]);
        Assert.Contains("converged after 2 round(s)", view.Caption);
        Assert.Contains("−33.67%", view.Caption);
    }

    [Fact]
    public void From_CapReached_CaptionSaysSo() =>
        Assert.Contains("cap reached", StressCascadeView.From(Result("CapReached", Round(0, 2100, 0, 0), Round(1, 2000, 4, 8400, "a")))!.Caption);

    [Fact]
    public void From_NotACascade_NoView() => Assert.Null(StressCascadeView.From(new StressRunResult { Kind = "Grid" }));
}
