using ExposureWeb.Risk.Volatility;

namespace ExposureWeb.Risk.Tests.Volatility;

/// <summary>RiskMetrics EWMA, worked by hand.</summary>
public class EwmaVolatilityTests
{
    [Fact]
    public void Estimate_ThreePrices_MatchesHandRecursion()
    {
        // r₁ = ln(110/100), r₂ = ln(99/110); σ²₁ = r₁²; σ²₂ = 0.94·r₁² + 0.06·r₂²; annualised ×√365.
        double r1 = Math.Log(1.1), r2 = Math.Log(0.9);
        double expected = Math.Sqrt((0.94 * r1 * r1 + 0.06 * r2 * r2) * 365);
        Assert.Equal(expected, EwmaVolatility.Estimate([100, 110, 99]), 15);
        Assert.Equal(1.8330, EwmaVolatility.Estimate([100, 110, 99]), 4); // 0.0920504 × 365 = 3.35984, √ = 1.83299
    }

    [Fact]
    public void Estimate_ConstantLogReturn_IsThatReturnAnnualised()
    {
        // Every daily return ln(1.01): the EWMA of a constant is the constant, whatever λ.
        var prices = Enumerable.Range(0, 60).Select(i => 100 * Math.Pow(1.01, i)).ToArray();
        Assert.Equal(Math.Log(1.01) * Math.Sqrt(365), EwmaVolatility.Estimate(prices), 12);
        Assert.Equal(Math.Log(1.01) * Math.Sqrt(365 * 24), EwmaVolatility.Estimate(prices, periodsPerYear: 365 * 24, lambda: 0.97), 12);
    }

    [Fact]
    public void Estimate_OnePrice_RejectedWithReason()
    {
        var error = Assert.Throws<ArgumentException>(() => EwmaVolatility.Estimate([100.0]));
        Assert.Contains("at least two", error.Message);
    }

    [Fact]
    public void Estimate_ZeroPrice_NamesItsIndex()
    {
        var error = Assert.Throws<ArgumentException>(() => EwmaVolatility.Estimate([100, 0, 101]));
        Assert.Contains("price 1", error.Message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Estimate_LambdaOutsideOpenInterval_Rejected(double lambda) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => EwmaVolatility.Estimate([100, 101], lambda: lambda));

    [Fact]
    public void RealizedSource_BadHistory_NoQuoteRatherThanThrow()
    {
        var source = new RealizedVolatilitySource(new Dictionary<string, double[]> { ["ETH"] = [100, double.NaN, 101], ["BTC"] = [5] });
        Assert.Null(source.Find("ETH", 1));
        Assert.Null(source.Find("BTC", 1));
    }

    [Fact]
    public void Estimate_IrregularSeriesWithEqualIntervals_EqualsTheRegularEstimate()
    {
        double[] prices = [100, 103, 99, 104, 101, 100.5, 102];
        var years = Enumerable.Range(0, prices.Length).Select(i => i / (365.0 * 24)).ToArray();

        Assert.Equal(EwmaVolatility.Estimate(prices, 365 * 24), EwmaVolatility.Estimate(new PriceSeries(prices, years)), 12);
    }

    [Fact]
    public void Estimate_OneLongGapAmongHourlyUpdates_ThatReturnWeighsAsItsOwnInterval()
    {
        // Hourly ±1% then one +1% move over 24 hours: that return's variance per year is r²/(24 h), 24 times smaller.
        double[] prices = [100, 101, 100, 101];
        double hour = 1 / (365.0 * 24);
        double[] years = [0, hour, 2 * hour, 26 * hour];
        double r1 = Math.Log(1.01), r2 = Math.Log(100 / 101.0), r3 = Math.Log(1.01);
        double v = r1 * r1 / hour;
        v = 0.94 * v + 0.06 * r2 * r2 / hour;
        v = 0.94 * v + 0.06 * r3 * r3 / (24 * hour);

        Assert.Equal(Math.Sqrt(v), EwmaVolatility.Estimate(new PriceSeries(prices, years)), 12);
    }

    [Fact]
    public void Estimate_TimesNotIncreasing_ThrowsNamingTheObservation()
    {
        var error = Assert.Throws<ArgumentException>(() => EwmaVolatility.Estimate(new PriceSeries([100, 101, 102], [0, 0.1, 0.1])));
        Assert.Contains("observation 2", error.Message, StringComparison.Ordinal);
    }
}
