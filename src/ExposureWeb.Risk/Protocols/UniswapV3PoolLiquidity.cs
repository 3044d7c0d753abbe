namespace ExposureWeb.Risk.Protocols;

/// <summary>An initialized tick of a Uniswap v3 pool and the liquidity that starts (positive) or ends (negative) there.</summary>
/// <param name="Tick">The tick index.</param>
/// <param name="LiquidityNet">The pool's <c>ticks(i).liquidityNet</c>, raw: added to the active liquidity when the price crosses the tick upward.</param>
public readonly record struct UniswapV3TickLiquidity(int Tick, double LiquidityNet);

/// <summary>
/// A pool's liquidity profile at one block, in the pool's raw units (token base units): what an exact-input swap walks.
/// </summary>
/// <remarks>
/// Only the initialized ticks between <see cref="ReadLowerTick"/> and <see cref="ReadUpperTick"/> are known (the words of
/// the tick bitmap that were read); a walk beyond them carries the last active liquidity on, which is exact only if no
/// position starts or ends out there, and says so (<see cref="UniswapV3SwapResult.LeftReadRange"/>).
/// </remarks>
public sealed record UniswapV3PoolLiquidity
{
    /// <summary>Builds a profile and checks it.</summary>
    /// <param name="sqrtPrice">√(token1 base units per token0 base unit): slot0's sqrtPriceX96 ÷ 2^96.</param>
    /// <param name="tick">slot0's tick (the tick at or below the price; one below a tick just crossed downward).</param>
    /// <param name="liquidity">The active liquidity (<c>liquidity()</c>), raw.</param>
    /// <param name="fee">The fee in hundredths of a basis point (500 = 0.05%).</param>
    /// <param name="tickSpacing">The pool's tick spacing.</param>
    /// <param name="ticks">Initialized ticks in the read range, any order.</param>
    /// <param name="readLowerTick">Lowest tick whose initialization is known.</param>
    /// <param name="readUpperTick">Highest tick whose initialization is known.</param>
    /// <exception cref="ArgumentException">A non-positive price, negative liquidity, a fee outside [0, 10⁶), a non-positive spacing or an empty read range.</exception>
    public UniswapV3PoolLiquidity(double sqrtPrice, int tick, double liquidity, int fee, int tickSpacing, IEnumerable<UniswapV3TickLiquidity> ticks, int readLowerTick, int readUpperTick)
    {
        if (!(sqrtPrice > 0) || double.IsInfinity(sqrtPrice)) throw new ArgumentException($"the √price must be positive and finite (was {sqrtPrice}).", nameof(sqrtPrice));
        if (!(liquidity >= 0) || double.IsInfinity(liquidity)) throw new ArgumentException($"the liquidity must be non-negative and finite (was {liquidity}).", nameof(liquidity));
        if (fee is < 0 or >= UniswapV3Swap.FeeDenominator) throw new ArgumentException($"the fee must be in [0, 1 000 000) hundredths of a basis point (was {fee}).", nameof(fee));
        if (tickSpacing <= 0) throw new ArgumentException($"the tick spacing must be positive (was {tickSpacing}).", nameof(tickSpacing));
        if (readLowerTick > readUpperTick) throw new ArgumentException($"the read range [{readLowerTick}, {readUpperTick}] is empty.", nameof(readLowerTick));
        SqrtPrice = sqrtPrice;
        Tick = tick;
        Liquidity = liquidity;
        Fee = fee;
        TickSpacing = tickSpacing;
        Ticks = [.. ticks.OrderBy(t => t.Tick)];
        ReadLowerTick = readLowerTick;
        ReadUpperTick = readUpperTick;
    }

    /// <summary>√(token1 base units per token0 base unit).</summary>
    public double SqrtPrice { get; init; }

    /// <summary>The current tick as the pool keeps it.</summary>
    public int Tick { get; init; }

    /// <summary>Active liquidity, raw.</summary>
    public double Liquidity { get; init; }

    /// <summary>Fee in hundredths of a basis point.</summary>
    public int Fee { get; }

    /// <summary>Tick spacing.</summary>
    public int TickSpacing { get; }

    /// <summary>Initialized ticks in the read range, ascending.</summary>
    public IReadOnlyList<UniswapV3TickLiquidity> Ticks { get; }

    /// <summary>Lowest tick whose initialization is known.</summary>
    public int ReadLowerTick { get; }

    /// <summary>Highest tick whose initialization is known.</summary>
    public int ReadUpperTick { get; }

    /// <summary>The raw price, token1 base units per token0 base unit.</summary>
    public double RawPrice => SqrtPrice * SqrtPrice;
}
