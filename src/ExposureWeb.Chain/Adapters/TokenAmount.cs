using System.Numerics;

namespace ExposureWeb.Chain.Adapters;

/// <summary>Converts raw on-chain integers to token units.</summary>
public static class TokenAmount
{
    /// <summary>
    /// raw / 10^decimals as a double. The whole and fractional parts are converted separately so
    /// that balances far beyond 2^53 raw units still land within one rounding of the exact value.
    /// </summary>
    public static double ToUnits(BigInteger raw, int decimals)
    {
        var scale = BigInteger.Pow(10, decimals);
        var whole = BigInteger.DivRem(raw, scale, out var fraction);
        return (double)whole + (double)fraction / (double)scale;
    }
}
