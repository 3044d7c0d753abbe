using ExposureWeb.Risk.Volatility;

namespace ExposureWeb.Risk.Tests.Volatility;

/// <summary>Term structure interpolated in total variance; values worked by hand.</summary>
public class VolatilityTermStructureTests
{
    // Pillars: 3 months at 80% (w = 0.8²·0.25 = 0.16) and 1 year at 60% (w = 0.36).
    private static readonly VolatilityTermStructure Curve = new([(1.0, 0.6), (0.25, 0.8)]);

    [Theory]
    [InlineData(0.25, 0.8)]
    [InlineData(1.0, 0.6)]
    [InlineData(0.1, 0.8)]   // before the first pillar: flat
    [InlineData(3.0, 0.6)]   // after the last: flat
    public void VolatilityAt_PillarsAndExtrapolation_Flat(double years, double expected) =>
        Assert.Equal(expected, Curve.VolatilityAt(years), 15);

    [Fact]
    public void VolatilityAt_BetweenPillars_InterpolatesTotalVariance()
    {
        // T = 0.5: w = 0.16 + (0.5 − 0.25)/(1 − 0.25)·(0.36 − 0.16) = 0.22666…, σ = √(w/0.5) = √0.45333… = 0.673300…
        Assert.Equal(Math.Sqrt((0.16 + 0.2 / 3) / 0.5), Curve.VolatilityAt(0.5), 15);
        Assert.Equal(0.6733003292241386, Curve.VolatilityAt(0.5), 12);
    }

    [Fact]
    public void Constructor_DecreasingTotalVariance_RejectedAsCalendarArbitrage()
    {
        // 100% at 1 year (w = 1) then 50% at 2 years (w = 0.5).
        var error = Assert.Throws<ArgumentException>(() => new VolatilityTermStructure([(1.0, 1.0), (2.0, 0.5)]));
        Assert.Contains("calendar arbitrage", error.Message);
    }

    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(1.0, -0.1)]
    [InlineData(1.0, double.NaN)]
    public void Constructor_BadPillar_Rejected(double years, double vol) =>
        Assert.Throws<ArgumentException>(() => new VolatilityTermStructure([(years, vol)]));

    [Fact]
    public void ConfiguredSource_FlatAndTermAndUnknown_SaysWhichSource()
    {
        var source = new ConfiguredVolatilitySource(new Dictionary<string, VolatilityTermStructure>
        {
            ["ETH"] = Curve,
            ["BTC"] = VolatilityTermStructure.Flat(0.5),
        });

        var eth = source.Find("eth", 0.5)!;
        Assert.Equal(VolatilitySourceKind.TermStructure, eth.Source);
        Assert.Equal(Curve.VolatilityAt(0.5), eth.Volatility);
        var btc = source.Find("BTC", 2)!;
        Assert.Equal(VolatilitySourceKind.Configured, btc.Source);
        Assert.Equal(0.5, btc.Volatility);
        Assert.Null(source.Find("DOGE", 1));
    }

    [Fact]
    public void SourceChain_ConfiguredMissing_FallsBackToRealized()
    {
        var chain = new VolatilitySourceChain(
            ConfiguredVolatilitySource.Flat(new Dictionary<string, double> { ["BTC"] = 0.5 }),
            new RealizedVolatilitySource(new Dictionary<string, double[]> { ["ETH"] = [100, 101, 99, 102] }));

        Assert.Equal(VolatilitySourceKind.Configured, chain.Find("BTC", 1)!.Source);
        Assert.Equal(VolatilitySourceKind.EwmaRealized, chain.Find("ETH", 1)!.Source);
        Assert.Null(chain.Find("SOL", 1));
    }
}
