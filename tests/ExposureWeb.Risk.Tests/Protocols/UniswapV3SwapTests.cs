using ExposureWeb.Risk.Protocols;

namespace ExposureWeb.Risk.Tests.Protocols;

/// <summary>
/// The swap walk against closed forms: with constant liquidity the virtual reserves x = L/√P and y = L·√P keep
/// x·y = L² after the fee is taken; a tick crossing changes the active liquidity by its liquidityNet; a walk in two
/// parts (to the tick, then on) is the walk in one. (Agreement with the pool's own arithmetic: the QuoterV2 test on the
/// dev chain, ExposureWeb.Chain.Tests.)
/// </summary>
public class UniswapV3SwapTests
{
    // ETH/USDC-like raw units: token0 18 decimals, token1 6, price 3 000 → raw 3e-9; L = 1e17 raw.
    private static readonly double Sqrt = Math.Sqrt(3e-9);

    private static UniswapV3PoolLiquidity Pool(double liquidity = 1e17, int fee = 3000, params UniswapV3TickLiquidity[] ticks) =>
        new(Sqrt, UniswapV3Math.PriceToTick(Sqrt * Sqrt), liquidity, fee, 60, ticks, UniswapV3Math.MinTick, UniswapV3Math.MaxTick);

    [Theory]
    [InlineData(true, 1e15)]
    [InlineData(true, 5e19)]
    [InlineData(false, 1e6)]
    [InlineData(false, 2e11)]
    public void ExactInput_ConstantLiquidity_KeepsTheVirtualReservesProduct(bool zeroForOne, double amount)
    {
        const double L = 1e17;
        var swap = UniswapV3Swap.ExactInput(Pool(L), zeroForOne, amount);
        double x = L / Sqrt, y = L * Sqrt, net = amount * (1 - 0.003);
        double product = zeroForOne ? (x + net) * (y - swap.AmountOut) : (x - swap.AmountOut) * (y + net);
        Assert.Equal(1, product / (L * L), 12);
        Assert.Equal(amount, swap.AmountIn, 6);
        Assert.Equal(amount * 0.003, swap.FeePaid, 6);
        Assert.Equal(0, swap.TicksCrossed);
        Assert.False(swap.Stopped);
        Assert.Equal(zeroForOne, swap.After.SqrtPrice < Sqrt);
    }

    [Fact]
    public void ExactInput_AcrossATick_LiquidityChangesByItsNetAndTwoPartsMakeTheWhole()
    {
        int tick = UniswapV3Math.PriceToTick(Sqrt * Sqrt) / 60 * 60 - 600; // a range ending ~6% below the price
        var pool = Pool(1e17, 3000, new UniswapV3TickLiquidity(tick, 4e16), new UniswapV3TickLiquidity(tick + 1200, -4e16)) with { Liquidity = 1.4e17 };
        var toTick = UniswapV3Swap.ExactInput(pool, true, double.PositiveInfinity, UniswapV3Math.TickToSqrtPrice(tick));
        double amount = toTick.AmountIn * 1.5;

        var whole = UniswapV3Swap.ExactInput(pool, true, amount);
        var rest = UniswapV3Swap.ExactInput(toTick.After, true, amount - toTick.AmountIn);

        Assert.Equal(1, whole.TicksCrossed);
        Assert.Equal(1e17, whole.After.Liquidity, 3);
        Assert.Equal(tick - 1, toTick.After.Tick);
        Assert.Equal(1, (toTick.AmountOut + rest.AmountOut) / whole.AmountOut, 12);
        Assert.Equal(1, rest.After.SqrtPrice / whole.After.SqrtPrice, 12);
    }

    [Fact]
    public void ExactInput_PriceLimit_StopsThereWithInputLeft()
    {
        double limit = Sqrt * 0.99;
        var swap = UniswapV3Swap.ExactInput(Pool(), true, 1e21, limit);
        Assert.True(swap.Stopped);
        Assert.Equal(limit, swap.After.SqrtPrice);
        Assert.True(swap.AmountIn < 1e21);
    }

    [Fact]
    public void ExactInput_LimitOnTheWrongSide_Refused() =>
        Assert.Throws<ArgumentException>(() => UniswapV3Swap.ExactInput(Pool(), true, 1e18, Sqrt * 1.01));

    [Fact]
    public void ExactInput_BeyondTheTicksRead_Flagged()
    {
        int tick = UniswapV3Math.PriceToTick(Sqrt * Sqrt);
        var pool = new UniswapV3PoolLiquidity(Sqrt, tick, 1e17, 500, 10, [], tick - 100, tick + 100);
        Assert.False(UniswapV3Swap.ExactInput(pool, true, 1e15).LeftReadRange);
        Assert.True(UniswapV3Swap.ExactInput(pool, true, 1e20).LeftReadRange);
    }
}
