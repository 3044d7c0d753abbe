using System.Numerics;

namespace ExposureWeb.DevChain.Deployment;

/// <summary>The Uniswap v3 √price a demo pool has when it agrees with its two USD feeds.</summary>
public static class DemoPoolPrice
{
    /// <summary>
    /// The pool price (token1 raw units per token0 raw unit) as Q64.96 √price, from the two feed answers (same feed
    /// decimals): ⌊√(P0 · 10^d1 / (P1 · 10^d0)) · 2^96⌋, with the integer square root of the scaled ratio.
    /// </summary>
    public static BigInteger SqrtPriceX96(BigInteger answer0, int decimals0, BigInteger answer1, int decimals1)
    {
        if (answer0 <= 0 || answer1 <= 0) throw new ArgumentOutOfRangeException(nameof(answer0), "feed answers must be positive");
        var numerator = answer0 * BigInteger.Pow(10, decimals1) << 192;
        var denominator = answer1 * BigInteger.Pow(10, decimals0);
        return IntegerSqrt(numerator / denominator);
    }

    /// <summary>⌊√n⌋.</summary>
    public static BigInteger IntegerSqrt(BigInteger n)
    {
        if (n.Sign <= 0) return BigInteger.Zero;
        var x = (BigInteger)Math.Sqrt((double)n); // close; Newton's method fixes the last digits
        while (true)
        {
            var y = (x + n / x) >> 1;
            if (BigInteger.Abs(y - x) <= 1)
            {
                while (y * y > n) y--;
                while ((y + 1) * (y + 1) <= n) y++;
                return y;
            }
            x = y;
        }
    }
}
