using System.Numerics;
using ExposureWeb.Risk.Protocols;

namespace ExposureWeb.Risk.Tests.Protocols;

/// <summary>
/// Range position maths against hand-computed values: L = 1000 over [1, 9] (√ bounds 1 and 3), priced at
/// P = 4 (in range), 0.25 (below) and 16 (above).
/// </summary>
public class UniswapV3MathTests
{
    private const double L = 1000, Sa = 1, Sb = 3;

    [Fact]
    public void Amounts_InRange_BothTokens()
    {
        // amount0 = L(sb − s)/(s·sb) = 1000·1/6; amount1 = L(s − sa) = 1000.
        var a = UniswapV3Math.Amounts(L, 2, Sa, Sb);
        Assert.Equal(1000.0 / 6, a.Amount0, 12);
        Assert.Equal(1000, a.Amount1, 12);
        Assert.Equal(1000.0 / 6 * 4 + 1000, UniswapV3Math.Value(L, 2, Sa, Sb), 12);
        Assert.Equal(1000.0 / 6, UniswapV3Math.Delta(L, 2, Sa, Sb), 12);
        Assert.Equal(-1000.0 / (2 * 8), UniswapV3Math.Gamma(L, 2, Sa, Sb), 12); // −L/(2P^{3/2}) = −62.5
    }

    [Fact]
    public void Amounts_BelowRange_AllToken0AndNoGamma()
    {
        // amount0 = L(sb − sa)/(sa·sb) = 1000·2/3; value = amount0·P = 666.67·0.25.
        var a = UniswapV3Math.Amounts(L, 0.5, Sa, Sb);
        Assert.Equal(2000.0 / 3, a.Amount0, 12);
        Assert.Equal(0, a.Amount1);
        Assert.Equal(2000.0 / 3 * 0.25, UniswapV3Math.Value(L, 0.5, Sa, Sb), 12);
        Assert.Equal(2000.0 / 3, UniswapV3Math.Delta(L, 0.5, Sa, Sb), 12);
        Assert.Equal(0, UniswapV3Math.Gamma(L, 0.5, Sa, Sb));
    }

    [Fact]
    public void Amounts_AboveRange_AllToken1AndNoDelta()
    {
        var a = UniswapV3Math.Amounts(L, 4, Sa, Sb);
        Assert.Equal(0, a.Amount0);
        Assert.Equal(2000, a.Amount1, 12); // L(sb − sa)
        Assert.Equal(2000, UniswapV3Math.Value(L, 4, Sa, Sb), 12);
        Assert.Equal(0, UniswapV3Math.Delta(L, 4, Sa, Sb));
        Assert.Equal(0, UniswapV3Math.Gamma(L, 4, Sa, Sb));
    }

    [Theory]
    [InlineData(Sa)]
    [InlineData(Sb)]
    public void Value_AtRangeBounds_Continuous(double bound)
    {
        double inside = UniswapV3Math.Value(L, bound * (1 + 1e-12), Sa, Sb);
        double outside = UniswapV3Math.Value(L, bound * (1 - 1e-12), Sa, Sb);
        Assert.Equal(inside, outside, 6);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(1.7)]
    [InlineData(2.9)]
    [InlineData(5.0)]
    public void Delta_AnyRegion_IsTheDerivativeOfValueInPrice(double sqrtPrice)
    {
        double p = sqrtPrice * sqrtPrice, h = p * 1e-6;
        double fd = (UniswapV3Math.Value(L, Math.Sqrt(p + h), Sa, Sb) - UniswapV3Math.Value(L, Math.Sqrt(p - h), Sa, Sb)) / (2 * h);
        Assert.Equal(fd, UniswapV3Math.Delta(L, sqrtPrice, Sa, Sb), 5);
        double fdGamma = (UniswapV3Math.Delta(L, Math.Sqrt(p + h), Sa, Sb) - UniswapV3Math.Delta(L, Math.Sqrt(p - h), Sa, Sb)) / (2 * h);
        Assert.Equal(fdGamma, UniswapV3Math.Gamma(L, sqrtPrice, Sa, Sb), 5);
    }

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(1, 1.0001)]
    [InlineData(-1, 1 / 1.0001)]
    [InlineData(100, 1.0100496620928754)] // 1.0001^100
    public void TickToPrice_KnownTicks_OnePointZeroZeroZeroOneToTheTick(int tick, double expected) =>
        Assert.Equal(expected, UniswapV3Math.TickToPrice(tick), 14);

    [Theory]
    [InlineData(-887272)]
    [InlineData(-201234)]
    [InlineData(0)]
    [InlineData(76012)]
    [InlineData(887271)]
    public void PriceToTick_OfTickPrice_SameTick(int tick) =>
        Assert.Equal(tick, UniswapV3Math.PriceToTick(UniswapV3Math.TickToPrice(tick) * (1 + 1e-12)));

    [Fact]
    public void TickToPrice_OutsideTickMath_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => UniswapV3Math.TickToPrice(UniswapV3Math.MaxTick + 1));

    [Fact]
    public void SqrtPriceX96ToPrice_UsdcWethPool_DecimalsAdjusted()
    {
        // token0 USDC (6 decimals), token1 WETH (18). ETH at 2500 USDC → 0.0004 WETH per USDC → raw 0.0004·10^12 = 4e8,
        // √ = 20000, so sqrtPriceX96 = 20000·2^96 exactly.
        var sqrtPriceX96 = new BigInteger(20000) << 96;
        double raw = UniswapV3Math.SqrtPriceX96ToPrice(sqrtPriceX96);
        Assert.Equal(4e8, raw);
        double human = UniswapV3Math.HumanPrice(raw, decimals0: 6, decimals1: 18);
        Assert.Equal(0.0004, human, 15);
        Assert.Equal(2500, 1 / human, 9);
    }

    [Fact]
    public void SqrtPriceX96ToPrice_NotAUint160_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => UniswapV3Math.SqrtPriceX96ToPrice(BigInteger.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => UniswapV3Math.SqrtPriceX96ToPrice(BigInteger.One << 160));
    }

    [Fact]
    public void HumanLiquidity_RawAndHumanUnits_GiveTheSameTokens()
    {
        // WETH(18)/USDC(6): compute amounts in raw units and scale by decimals, or convert L and prices first.
        const int d0 = 18, d1 = 6;
        double rawL = 3e15, rawS = Math.Sqrt(2000e-12), rawSa = Math.Sqrt(1800e-12), rawSb = Math.Sqrt(2300e-12);
        var raw = UniswapV3Math.Amounts(rawL, rawS, rawSa, rawSb);
        double scale = Math.Sqrt(Math.Pow(10, d0 - d1));
        var human = UniswapV3Math.Amounts(UniswapV3Math.HumanLiquidity(rawL, d0, d1), rawS * scale, rawSa * scale, rawSb * scale);
        Assert.Equal(raw.Amount0 / 1e18, human.Amount0, 9);
        Assert.Equal(raw.Amount1 / 1e6, human.Amount1, 6);
    }

    [Fact]
    public void Amounts_EmptyRangeOrNegativeLiquidity_Throws()
    {
        Assert.Throws<ArgumentException>(() => UniswapV3Math.Amounts(L, 2, 3, 3));
        Assert.Throws<ArgumentException>(() => UniswapV3Math.Amounts(-1, 2, 1, 3));
        Assert.Throws<ArgumentException>(() => UniswapV3Math.Amounts(L, double.NaN, 1, 3));
    }
}
