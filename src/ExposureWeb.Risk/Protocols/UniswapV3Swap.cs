namespace ExposureWeb.Risk.Protocols;

/// <summary>What an exact-input swap did, raw units.</summary>
/// <param name="AmountIn">Input taken, fee included (less than asked when the price limit or the end of liquidity stopped it).</param>
/// <param name="AmountOut">Output paid.</param>
/// <param name="FeePaid">Part of <paramref name="AmountIn"/> kept as the liquidity providers' fee.</param>
/// <param name="After">The pool after the swap (same ticks, new price, tick and active liquidity).</param>
/// <param name="TicksCrossed">Initialized ticks crossed.</param>
/// <param name="LeftReadRange">The price went past the ticks that were read: beyond them the active liquidity was carried on unchanged.</param>
/// <param name="Stopped">The walk stopped before the input was used up (price limit or the tick range's end).</param>
public sealed record UniswapV3SwapResult(double AmountIn, double AmountOut, double FeePaid, UniswapV3PoolLiquidity After, int TicksCrossed, bool LeftReadRange, bool Stopped);

/// <summary>
/// Uniswap v3's exact-input swap (UniswapV3Pool.swap with SwapMath.computeSwapStep) in doubles: walk from the current
/// √price to the next initialized tick with constant liquidity L — Δ√P = Δy/L selling token1, Δ(1/√P) = Δx/L selling
/// token0 — the fee taken from the input first, crossing each tick by adding (upward) or removing (downward) its
/// liquidityNet, until the input is used up or the price limit is reached.
/// </summary>
/// <remarks>
/// Doubles carry ~15 digits: the amounts agree with the pool's integer arithmetic (which rounds each step in its own
/// favour by a unit) to far better than 1e-9 relative on swaps of any useful size.
/// </remarks>
public static class UniswapV3Swap
{
    /// <summary>The fee's denominator: fees are in hundredths of a basis point.</summary>
    public const int FeeDenominator = 1_000_000;

    /// <summary>The lowest √price a swap can reach (TickMath.MIN_TICK).</summary>
    public static readonly double MinSqrtPrice = UniswapV3Math.TickToSqrtPrice(UniswapV3Math.MinTick);

    /// <summary>The highest √price a swap can reach (TickMath.MAX_TICK).</summary>
    public static readonly double MaxSqrtPrice = UniswapV3Math.TickToSqrtPrice(UniswapV3Math.MaxTick);

    /// <summary>Swaps <paramref name="amountIn"/> of one token for the other.</summary>
    /// <param name="pool">The pool before.</param>
    /// <param name="zeroForOne">True selling token0 (the price falls), false selling token1.</param>
    /// <param name="amountIn">Raw input, fee included; +∞ with a <paramref name="sqrtPriceLimit"/> moves the price to the limit.</param>
    /// <param name="sqrtPriceLimit">Raw √price at which to stop; none: the tick range's end.</param>
    /// <exception cref="ArgumentException">A negative or NaN amount, an infinite amount without a limit, or a limit on the wrong side of the price.</exception>
    public static UniswapV3SwapResult ExactInput(UniswapV3PoolLiquidity pool, bool zeroForOne, double amountIn, double? sqrtPriceLimit = null)
    {
        ArgumentNullException.ThrowIfNull(pool);
        if (!(amountIn >= 0)) throw new ArgumentException($"the amount in must be non-negative (was {amountIn}).", nameof(amountIn));
        if (double.IsPositiveInfinity(amountIn) && sqrtPriceLimit is null) throw new ArgumentException("an unlimited amount needs a price limit.", nameof(sqrtPriceLimit));
        double limit = Math.Clamp(sqrtPriceLimit ?? (zeroForOne ? MinSqrtPrice : MaxSqrtPrice), MinSqrtPrice, MaxSqrtPrice);
        if (zeroForOne ? limit > pool.SqrtPrice : limit < pool.SqrtPrice)
        {
            throw new ArgumentException($"the price limit {limit:G6} is on the wrong side of the price {pool.SqrtPrice:G6} for a swap {(zeroForOne ? "down" : "up")}.", nameof(sqrtPriceLimit));
        }

        double fee = pool.Fee, keep = (FeeDenominator - fee) / FeeDenominator;
        double s = pool.SqrtPrice, liquidity = pool.Liquidity, remaining = amountIn, paidIn = 0, paidOut = 0, fees = 0;
        int tick = pool.Tick, crossed = 0;
        var ticks = pool.Ticks;
        // Index of the next initialized tick in the direction of travel: at or below the current tick going down (the
        // pool's own lte search, so a price sitting on a tick crosses it first), above it going up.
        int next = zeroForOne ? LastAtOrBelow(ticks, tick) : LastAtOrBelow(ticks, tick) + 1;
        while (remaining > 0 && s != limit)
        {
            bool known = zeroForOne ? next >= 0 : next < ticks.Count;
            int tickNext = known ? ticks[next].Tick : zeroForOne ? UniswapV3Math.MinTick : UniswapV3Math.MaxTick;
            double sTick = UniswapV3Math.TickToSqrtPrice(tickNext);
            double target = zeroForOne ? Math.Max(sTick, limit) : Math.Min(sTick, limit);
            double lessFee = remaining * keep;
            double toTarget = zeroForOne ? liquidity * (s - target) / (s * target) : liquidity * (target - s);
            double sNew, stepIn, stepFee, stepOut;
            if (lessFee >= toTarget)
            {
                sNew = target;
                stepIn = toTarget;
                stepFee = fee == 0 ? 0 : toTarget * fee / (FeeDenominator - fee);
                stepOut = zeroForOne ? liquidity * (s - target) : liquidity * (target - s) / (s * target);
            }
            else
            {
                // Written so that small amounts lose no digits to a difference of nearly equal √prices.
                stepIn = lessFee;
                stepFee = remaining - lessFee;
                if (zeroForOne)
                {
                    sNew = liquidity * s / (liquidity + lessFee * s);
                    stepOut = liquidity * s * s * lessFee / (liquidity + lessFee * s);
                }
                else
                {
                    sNew = s + lessFee / liquidity;
                    stepOut = lessFee / (s * sNew);
                }
            }
            remaining = double.IsPositiveInfinity(remaining) ? remaining : Math.Max(remaining - stepIn - stepFee, 0);
            paidIn += stepIn + stepFee;
            paidOut += stepOut;
            fees += stepFee;
            s = sNew;
            if (s == sTick && known)
            {
                liquidity = Math.Max(liquidity + (zeroForOne ? -ticks[next].LiquidityNet : ticks[next].LiquidityNet), 0);
                crossed++;
                tick = zeroForOne ? tickNext - 1 : tickNext;
                next += zeroForOne ? -1 : 1;
            }
            else if (s == sTick)
            {
                tick = zeroForOne ? tickNext - 1 : tickNext;
                break; // the end of the tick range
            }
            else
            {
                tick = UniswapV3Math.PriceToTick(s * s);
            }
        }
        bool left = s < UniswapV3Math.TickToSqrtPrice(pool.ReadLowerTick) || s > UniswapV3Math.TickToSqrtPrice(pool.ReadUpperTick);
        var after = pool with { SqrtPrice = s, Tick = tick, Liquidity = liquidity };
        return new UniswapV3SwapResult(paidIn, paidOut, fees, after, crossed, left, remaining > 0);
    }

    /// <summary>Index of the last tick at or below <paramref name="tick"/>, −1 when none.</summary>
    private static int LastAtOrBelow(IReadOnlyList<UniswapV3TickLiquidity> ticks, int tick)
    {
        int lo = 0, hi = ticks.Count - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (ticks[mid].Tick <= tick) { found = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        return found;
    }
}
