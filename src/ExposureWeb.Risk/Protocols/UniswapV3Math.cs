using System.Numerics;

namespace ExposureWeb.Risk.Protocols;

/// <summary>Token amounts of a Uniswap v3 range position at one price.</summary>
/// <param name="Amount0">Token0 held, in the unit system of the inputs (human units when the inputs are).</param>
/// <param name="Amount1">Token1 held, same units.</param>
public readonly record struct UniswapV3Amounts(double Amount0, double Amount1);

/// <summary>
/// Uniswap v3 concentrated-liquidity maths (whitepaper §6.2–6.3) on doubles: prices are token1 per token0,
/// s = √P, a position of liquidity L over [Pa, Pb] holds
/// amount0 = L(1/s − 1/√Pb) and amount1 = L(s − √Pa) in range, all token0 below it, all token1 above it.
/// </summary>
/// <remarks>
/// <para>Raw on-chain quantities (prices in base units per base unit, liquidity as the uint128) become human
/// units with <see cref="HumanPrice"/> and <see cref="HumanLiquidity"/>: with decimals d0, d1,
/// P_human = P_raw·10^(d0−d1) and L_human = L_raw·10^(−(d0+d1)/2), after which every formula holds unchanged and
/// gives amounts in whole tokens. Doubles carry ~16 digits: ample for risk, not for reproducing on-chain
/// integer rounding to the wei.</para>
/// <para>Value in token1: V = amount0·P + amount1. Its price derivative is amount0 in every region (the
/// envelope property), and its second derivative is −L/(2·P^{3/2}) in range and 0 outside.</para>
/// </remarks>
public static class UniswapV3Math
{
    /// <summary>Smallest tick (TickMath.MIN_TICK).</summary>
    public const int MinTick = -887272;

    /// <summary>Largest tick (TickMath.MAX_TICK).</summary>
    public const int MaxTick = 887272;

    /// <summary>Price ratio of one tick: P(tick) = 1.0001^tick.</summary>
    public const double TickBase = 1.0001;

    /// <summary>2^96, the fixed-point scale of sqrtPriceX96.</summary>
    public const double Q96 = 79228162514264337593543950336.0;

    /// <summary>Raw price (token1 base units per token0 base unit) at a tick: 1.0001^tick.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The tick is outside [MIN_TICK, MAX_TICK].</exception>
    public static double TickToPrice(int tick)
    {
        ValidateTick(tick, nameof(tick));
        return Math.Pow(TickBase, tick);
    }

    /// <summary>Raw √price at a tick: 1.0001^(tick/2).</summary>
    public static double TickToSqrtPrice(int tick)
    {
        ValidateTick(tick, nameof(tick));
        return Math.Pow(TickBase, 0.5 * tick);
    }

    /// <summary>The tick whose price is at or below <paramref name="rawPrice"/> (floor of log base 1.0001).</summary>
    public static int PriceToTick(double rawPrice)
    {
        RequirePositive(rawPrice, nameof(rawPrice));
        int tick = (int)Math.Floor(Math.Log(rawPrice) / Math.Log(TickBase));
        // Correct the floor for rounding right at a tick boundary.
        if (Math.Pow(TickBase, tick + 1) <= rawPrice) tick++;
        else if (Math.Pow(TickBase, tick) > rawPrice) tick--;
        return Math.Clamp(tick, MinTick, MaxTick);
    }

    /// <summary>Raw price from the pool's slot0 sqrtPriceX96 (a uint160): (sqrtPriceX96 / 2^96)².</summary>
    /// <exception cref="ArgumentOutOfRangeException">Zero, negative or wider than 160 bits.</exception>
    public static double SqrtPriceX96ToPrice(BigInteger sqrtPriceX96)
    {
        if (sqrtPriceX96.Sign <= 0 || sqrtPriceX96.GetBitLength() > 160)
        {
            throw new ArgumentOutOfRangeException(nameof(sqrtPriceX96), sqrtPriceX96, "sqrtPriceX96 must be a positive uint160.");
        }
        double s = (double)sqrtPriceX96 / Q96;
        return s * s;
    }

    /// <summary>Human price (whole token1 per whole token0) from a raw price: P_raw·10^(d0 − d1).</summary>
    /// <param name="rawPrice">Token1 base units per token0 base unit.</param>
    /// <param name="decimals0">Decimals of token0.</param>
    /// <param name="decimals1">Decimals of token1.</param>
    public static double HumanPrice(double rawPrice, int decimals0, int decimals1) => rawPrice * Math.Pow(10, decimals0 - decimals1);

    /// <summary>Liquidity in human units, L_raw·10^(−(d0+d1)/2), so that the amount formulas give whole tokens.</summary>
    public static double HumanLiquidity(double rawLiquidity, int decimals0, int decimals1) => rawLiquidity * Math.Pow(10, -0.5 * (decimals0 + decimals1));

    /// <summary>Token amounts of liquidity <paramref name="liquidity"/> over [√Pa, √Pb] at √P = <paramref name="sqrtPrice"/>.</summary>
    /// <exception cref="ArgumentException">Non-finite or negative inputs, or a range that is empty.</exception>
    public static UniswapV3Amounts Amounts(double liquidity, double sqrtPrice, double sqrtLower, double sqrtUpper)
    {
        Validate(liquidity, sqrtPrice, sqrtLower, sqrtUpper);
        if (sqrtPrice <= sqrtLower)
        {
            return new(liquidity * (sqrtUpper - sqrtLower) / (sqrtLower * sqrtUpper), 0);
        }
        if (sqrtPrice >= sqrtUpper)
        {
            return new(0, liquidity * (sqrtUpper - sqrtLower));
        }
        return new(liquidity * (sqrtUpper - sqrtPrice) / (sqrtPrice * sqrtUpper), liquidity * (sqrtPrice - sqrtLower));
    }

    /// <summary>Value in token1: amount0·P + amount1.</summary>
    public static double Value(double liquidity, double sqrtPrice, double sqrtLower, double sqrtUpper)
    {
        var a = Amounts(liquidity, sqrtPrice, sqrtLower, sqrtUpper);
        return a.Amount0 * sqrtPrice * sqrtPrice + a.Amount1;
    }

    /// <summary>∂V/∂P in token0 units: equal to amount0 in every region.</summary>
    public static double Delta(double liquidity, double sqrtPrice, double sqrtLower, double sqrtUpper) =>
        Amounts(liquidity, sqrtPrice, sqrtLower, sqrtUpper).Amount0;

    /// <summary>∂²V/∂P² (token0 per unit of price): −L/(2·P^{3/2}) strictly inside the range, 0 outside.</summary>
    public static double Gamma(double liquidity, double sqrtPrice, double sqrtLower, double sqrtUpper)
    {
        Validate(liquidity, sqrtPrice, sqrtLower, sqrtUpper);
        return sqrtPrice > sqrtLower && sqrtPrice < sqrtUpper
            ? -liquidity / (2 * sqrtPrice * sqrtPrice * sqrtPrice)
            : 0;
    }

    private static void Validate(double liquidity, double sqrtPrice, double sqrtLower, double sqrtUpper)
    {
        if (!(liquidity >= 0) || double.IsInfinity(liquidity)) throw new ArgumentException($"liquidity must be non-negative and finite (was {liquidity}).", nameof(liquidity));
        RequirePositive(sqrtPrice, nameof(sqrtPrice));
        RequirePositive(sqrtLower, nameof(sqrtLower));
        RequirePositive(sqrtUpper, nameof(sqrtUpper));
        if (!(sqrtLower < sqrtUpper)) throw new ArgumentException($"range is empty: lower √price {sqrtLower} is not below upper {sqrtUpper}.", nameof(sqrtLower));
    }

    private static void RequirePositive(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value)) throw new ArgumentException($"{name} must be positive and finite (was {value}).", name);
    }

    private static void ValidateTick(int tick, string name)
    {
        if (tick < MinTick || tick > MaxTick) throw new ArgumentOutOfRangeException(name, tick, $"tick must be within [{MinTick}, {MaxTick}].");
    }
}
