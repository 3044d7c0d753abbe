using ExposureWeb.Risk.Protocols;

namespace ExposureWeb.Risk.Tests.Protocols;

/// <summary>Perp P&amp;L and liquidation prices (Hyperliquid's formula), worked by hand.</summary>
public class PerpMathTests
{
    [Theory]
    [InlineData(2.0, 2000, 2100, 200)]
    [InlineData(-2.0, 2000, 2100, -200)]
    [InlineData(-0.5, 60000, 58000, 1000)]
    public void UnrealizedPnl_LongAndShort_SizeTimesMove(double size, double entry, double mark, double pnl) =>
        Assert.Equal(pnl, PerpMath.UnrealizedPnl(size, entry, mark), 12);

    [Fact]
    public void IsolatedLiquidationPrice_Long_HandComputed()
    {
        // 1 ETH long at 2000 with 200 margin, l = 2%: liq = (2000 − 200/1)/(1 − 0.02) = 1836.7347…
        var liq = PerpMath.IsolatedLiquidationPrice("ETH", 1, 2000, 2100, 200, 0.02);
        Assert.Equal(1800 / 0.98, liq.Price!.Value, 9);
        Assert.Equal(LiquidationDirection.PriceFalls, liq.Direction);
        Assert.False(liq.LiquidatableNow);
        // At that price equity (200 + p − 2000) equals maintenance (0.02·p).
        double p = liq.Price.Value;
        Assert.Equal(0.02 * p, 200 + (p - 2000), 9);
    }

    [Fact]
    public void IsolatedLiquidationPrice_Short_HandComputed()
    {
        // 2 ETH short at 2000 with 400 margin, l = 2%: liq = (2000 + 400/2)/(1 + 0.02) = 2156.86…
        var liq = PerpMath.IsolatedLiquidationPrice("ETH", -2, 2000, 1950, 400, 0.02);
        Assert.Equal(2200 / 1.02, liq.Price!.Value, 9);
        Assert.Equal(LiquidationDirection.PriceRises, liq.Direction);
    }

    [Theory]
    [InlineData(1900)]
    [InlineData(2000)]
    [InlineData(2150)]
    public void IsolatedLiquidationPrice_AnyMark_SameAnswer(double mark)
    {
        // The published form uses the mark, but for isolated margin the mark cancels out.
        var liq = PerpMath.IsolatedLiquidationPrice("ETH", 1, 2000, mark, 200, 0.02);
        Assert.Equal(1800 / 0.98, liq.Price!.Value, 9);
    }

    [Fact]
    public void IsolatedLiquidationPrice_FullyCollateralisedLong_Unreachable()
    {
        var liq = PerpMath.IsolatedLiquidationPrice("ETH", 1, 2000, 2000, 2000, 0.02);
        Assert.Null(liq.Price);
        Assert.Contains("zero", liq.Note);
    }

    [Fact]
    public void IsolatedLiquidationPrice_PastTheBoundary_LiquidatableNow()
    {
        // 1 ETH long at 2000 with 100 margin, marked at 1900: equity 0 < maintenance 38.
        var liq = PerpMath.IsolatedLiquidationPrice("ETH", 1, 2000, 1900, 100, 0.02);
        Assert.True(liq.LiquidatableNow);
        Assert.Equal(1900 / 0.98, liq.Price!.Value, 9);
    }

    [Fact]
    public void LiquidationPrice_CrossMarginPublishedFormula_HandComputed()
    {
        // Account value 10000, maintenance 520 (10 ETH and 0.1 BTC at 2%): available 9480.
        // ETH long 10: 2000 − 9480/10/0.98; BTC short 0.1: 60000 + 9480/0.1/1.02.
        Assert.Equal(2000 - 948 / 0.98, PerpMath.LiquidationPrice("ETH", 10, 2000, 9480, 0.02).Price!.Value, 9);
        Assert.Equal(60000 + 94800 / 1.02, PerpMath.LiquidationPrice("BTC", -0.1, 60000, 9480, 0.02).Price!.Value, 6);
    }

    [Fact]
    public void LiquidationPrice_ZeroSizeOrBadRate_DefinedOrRejected()
    {
        Assert.Null(PerpMath.LiquidationPrice("ETH", 0, 2000, 100, 0.02).Price);
        Assert.Throws<ArgumentOutOfRangeException>(() => PerpMath.LiquidationPrice("ETH", 1, 2000, 100, 1.0));
        Assert.Throws<ArgumentException>(() => PerpMath.LiquidationPrice("ETH", 1, double.NaN, 100, 0.02));
    }
}
