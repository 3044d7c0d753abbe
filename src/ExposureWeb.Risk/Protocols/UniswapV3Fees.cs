using System.Numerics;

namespace ExposureWeb.Risk.Protocols;

/// <summary>
/// Uncollected fees of a Uniswap v3 position, exactly as the pool and the position manager account for them
/// (v3-core Tick.getFeeGrowthInside, v3-periphery NonfungiblePositionManager.collect): integer arithmetic on the
/// Q128.128 fee growth accumulators, which wrap modulo 2^256 by design.
/// </summary>
public static class UniswapV3Fees
{
    private static readonly BigInteger Modulus = BigInteger.One << 256;
    private static readonly BigInteger Q128 = BigInteger.One << 128;

    /// <summary>
    /// Fee growth per unit of liquidity inside [tickLower, tickUpper) now: the global growth minus the growth below the
    /// lower tick and above the upper tick, from each tick's "outside" value as seen from the current tick.
    /// </summary>
    public static BigInteger FeeGrowthInside(BigInteger feeGrowthGlobal, BigInteger lowerOutside, BigInteger upperOutside, int tickLower, int tickUpper, int tickCurrent)
    {
        var below = tickCurrent >= tickLower ? lowerOutside : Sub(feeGrowthGlobal, lowerOutside);
        var above = tickCurrent < tickUpper ? upperOutside : Sub(feeGrowthGlobal, upperOutside);
        return Sub(Sub(feeGrowthGlobal, below), above);
    }

    /// <summary>
    /// What <c>collect</c> would pay in one token, raw: the tokens already owed plus
    /// ⌊liquidity × (inside now − inside at the last poke) / 2^128⌋.
    /// </summary>
    public static BigInteger Uncollected(BigInteger tokensOwed, BigInteger liquidity, BigInteger feeGrowthInside, BigInteger feeGrowthInsideLast) =>
        tokensOwed + Sub(feeGrowthInside, feeGrowthInsideLast) * liquidity / Q128;

    private static BigInteger Sub(BigInteger a, BigInteger b)
    {
        var difference = (a - b) % Modulus;
        return difference.Sign < 0 ? difference + Modulus : difference;
    }
}
