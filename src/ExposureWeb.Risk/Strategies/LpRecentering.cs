using ExposureWeb.Risk.Protocols;

namespace ExposureWeb.Risk.Strategies;

/// <summary>A swap that brings two token amounts to the ratio a Uniswap v3 range takes.</summary>
/// <param name="ZeroForOne">True: sell token0 for token1; false: sell token1 for token0.</param>
/// <param name="AmountIn">Raw base units of the token sold (0 when the amounts already fit).</param>
public readonly record struct RatioSwap(bool ZeroForOne, double AmountIn);

/// <summary>
/// Moving an out-of-range Uniswap v3 position back around the price: the new range (the old width, centred on the
/// pool's tick) and the swap that turns the withdrawn, one-sided amounts into the two the new range takes. Pure; raw
/// units throughout (base units, token1 base units per token0 base unit).
/// </summary>
public static class LpRecentering
{
    /// <summary>
    /// The range of the old one's width, on the pool's tick spacing, around <paramref name="tick"/>:
    /// lower ≤ tick &lt; upper always (a width of one spacing holds the tick's own spacing cell).
    /// </summary>
    public static (int Lower, int Upper) CentredRange(int tick, int oldLower, int oldUpper, int tickSpacing)
    {
        if (tickSpacing <= 0) throw new ArgumentOutOfRangeException(nameof(tickSpacing), tickSpacing, "tick spacing must be positive.");
        if (oldUpper <= oldLower) throw new ArgumentException($"range [{oldLower}, {oldUpper}] is empty.", nameof(oldUpper));
        int spacings = Math.Max(1, (oldUpper - oldLower) / tickSpacing);
        int cell = FloorTo(tick, tickSpacing);
        int lower = cell - spacings / 2 * tickSpacing;
        int upper = lower + spacings * tickSpacing;
        // Keep within the usable ticks, shifting rather than shrinking.
        int minUsable = -FloorTo(UniswapV3Math.MaxTick, tickSpacing), maxUsable = FloorTo(UniswapV3Math.MaxTick, tickSpacing);
        if (lower < minUsable) (lower, upper) = (minUsable, Math.Min(maxUsable, minUsable + spacings * tickSpacing));
        if (upper > maxUsable) (lower, upper) = (Math.Max(minUsable, maxUsable - spacings * tickSpacing), maxUsable);
        return (lower, upper);
    }

    /// <summary>Token0 per token1 (raw) that liquidity in [√a, √b] takes at √P: (1/√P − 1/√b) ÷ (√P − √a).</summary>
    public static (double PerLiquidity0, double PerLiquidity1) AmountsPerLiquidity(double sqrtPrice, double sqrtLower, double sqrtUpper)
    {
        if (!(sqrtLower < sqrtPrice && sqrtPrice < sqrtUpper)) throw new ArgumentOutOfRangeException(nameof(sqrtPrice), sqrtPrice, "the price must lie inside the range.");
        return (1 / sqrtPrice - 1 / sqrtUpper, sqrtPrice - sqrtLower);
    }

    /// <summary>
    /// The swap after which <paramref name="amount0"/> and <paramref name="amount1"/> stand in the range's ratio at
    /// <paramref name="sqrtPrice"/>. <paramref name="rate0For1"/> is token1 received per token0 sold (fee and impact
    /// included), <paramref name="rate1For0"/> the reverse. With rates from a quote of the very swap, the answer is
    /// exact; from the mid price less the fee, a first guess to quote and solve again.
    /// </summary>
    public static RatioSwap SwapToFit(double amount0, double amount1, double sqrtPrice, double sqrtLower, double sqrtUpper, double rate0For1, double rate1For0)
    {
        if (amount0 < 0 || amount1 < 0) throw new ArgumentOutOfRangeException(nameof(amount0), "amounts must not be negative.");
        if (!(rate0For1 > 0) || !(rate1For0 > 0)) throw new ArgumentOutOfRangeException(nameof(rate0For1), "swap rates must be positive.");
        var (a0, a1) = AmountsPerLiquidity(sqrtPrice, sqrtLower, sqrtUpper);
        // Sell s of token0: (x − s)·a1 = (y + s·r)·a0.
        double excess0 = amount0 * a1 - amount1 * a0;
        if (excess0 >= 0) return new RatioSwap(true, excess0 / (a1 + rate0For1 * a0));
        // Sell t of token1: (x + t·r')·a1 = (y − t)·a0.
        return new RatioSwap(false, -excess0 / (a0 + rate1For0 * a1));
    }

    /// <summary>
    /// What a mint of <paramref name="amount0"/> and <paramref name="amount1"/> into the range takes at √P: the
    /// liquidity is the smaller of the two the amounts allow (as the position manager computes it).
    /// </summary>
    public static (double Liquidity, double Used0, double Used1) Mint(double amount0, double amount1, double sqrtPrice, double sqrtLower, double sqrtUpper)
    {
        var (a0, a1) = AmountsPerLiquidity(sqrtPrice, sqrtLower, sqrtUpper);
        double liquidity = Math.Min(amount0 / a0, amount1 / a1);
        return (liquidity, liquidity * a0, liquidity * a1);
    }

    private static int FloorTo(int tick, int spacing) => (int)Math.Floor((double)tick / spacing) * spacing;
}
