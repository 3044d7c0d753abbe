using ExposureWeb.Risk.Protocols;
using ExposureWeb.Risk.Strategies;

namespace ExposureWeb.Risk.Tests.Strategies;

public sealed class LpRecenteringTests
{
    [Theory]
    [InlineData(201_234, 199_980, 203_340, 10)]
    [InlineData(-201_234, -203_340, -199_980, 10)]
    [InlineData(-1, -60, 60, 60)]
    [InlineData(0, 0, 60, 60)]
    [InlineData(59, 0, 60, 60)]
    [InlineData(12_345, 6_000, 6_200, 200)]
    [InlineData(-887_000, 0, 12_000, 60)]
    [InlineData(887_000, 0, 12_000, 60)]
    public void CentredRange_AnyTick_KeepsWidthAndSpacingAndHoldsTheTick(int tick, int oldLower, int oldUpper, int spacing)
    {
        var (lower, upper) = LpRecentering.CentredRange(tick, oldLower, oldUpper, spacing);

        Assert.Equal(0, lower % spacing);
        Assert.Equal(0, upper % spacing);
        Assert.Equal(Math.Max(spacing, (oldUpper - oldLower) / spacing * spacing), upper - lower);
        Assert.InRange(lower, -UniswapV3Math.MaxTick, UniswapV3Math.MaxTick);
        Assert.InRange(upper, -UniswapV3Math.MaxTick, UniswapV3Math.MaxTick);
        if (Math.Abs(tick) < 880_000)
        {
            Assert.True(lower <= tick && tick < upper, $"[{lower}, {upper}) does not hold {tick}");
            // Centred: the tick sits within one spacing of the middle.
            Assert.InRange(tick - (lower + upper) / 2.0, -spacing, spacing);
        }
    }

    [Fact]
    public void CentredRange_EmptyOldRange_Throws() =>
        Assert.Throws<ArgumentException>(() => LpRecentering.CentredRange(0, 60, 60, 60));

    [Theory]
    [InlineData(1e6, 0, true)]
    [InlineData(0, 5e9, false)]
    [InlineData(3e5, 7e8, true)] // token0 worth 7.5e8 of token1: more than the range's even split takes
    [InlineData(2e5, 7e8, false)]
    public void SwapToFit_ConstantRateSwap_LeavesAmountsTheRangeTakesWhole(double amount0, double amount1, bool sellsToken0)
    {
        // A raw price of 2,500 token1 per token0 and a range of ±10% around it; the swap pays 0.3% fee, no impact.
        double price = 2_500, fee = 0.003;
        double s = Math.Sqrt(price), sa = Math.Sqrt(price / 1.1), sb = Math.Sqrt(price * 1.1);
        double r01 = price * (1 - fee), r10 = (1 - fee) / price;

        var swap = LpRecentering.SwapToFit(amount0, amount1, s, sa, sb, r01, r10);
        double x = swap.ZeroForOne ? amount0 - swap.AmountIn : amount0 + swap.AmountIn * r10;
        double y = swap.ZeroForOne ? amount1 + swap.AmountIn * r01 : amount1 - swap.AmountIn;
        var mint = LpRecentering.Mint(x, y, s, sa, sb);

        Assert.Equal(sellsToken0, swap.ZeroForOne);
        Assert.True(swap.AmountIn > 0);
        Assert.Equal(x, mint.Used0, x * 1e-12);
        Assert.Equal(y, mint.Used1, y * 1e-12);
        // Value kept, less the fee on what was swapped (token1 units).
        double before = amount0 * price + amount1, after = x * price + y;
        double swappedValue = swap.ZeroForOne ? swap.AmountIn * price : swap.AmountIn;
        Assert.Equal(before - swappedValue * fee, after, before * 1e-12);
    }

    [Fact]
    public void SwapToFit_AmountsAlreadyInRatio_SwapsNothing()
    {
        double s = 50, sa = 45, sb = 55;
        var (a0, a1) = LpRecentering.AmountsPerLiquidity(s, sa, sb);
        var swap = LpRecentering.SwapToFit(a0 * 1e9, a1 * 1e9, s, sa, sb, 2_490, 1 / 2_510.0);
        Assert.Equal(0, swap.AmountIn, 1e-6);
    }

    [Theory]
    [InlineData(44)]
    [InlineData(45)]
    [InlineData(55)]
    [InlineData(60)]
    public void AmountsPerLiquidity_PriceOutsideRange_Throws(double sqrtPrice) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => LpRecentering.AmountsPerLiquidity(sqrtPrice, 45, 55));

    [Fact]
    public void SwapToFit_NonPositiveRate_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => LpRecentering.SwapToFit(1, 0, 50, 45, 55, 0, 1));
}
