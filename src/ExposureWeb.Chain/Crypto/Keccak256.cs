using System.Text;
using Org.BouncyCastle.Crypto.Digests;

namespace ExposureWeb.Chain.Crypto;

/// <summary>
/// Ethereum's Keccak-256 (the original Keccak padding, which differs from the standardised SHA3-256).
/// </summary>
public static class Keccak256
{
    /// <summary>Size of the digest in bytes.</summary>
    public const int HashSize = 32;

    /// <summary>Hashes <paramref name="data"/> and returns the 32-byte digest.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var digest = new KeccakDigest(256);
        digest.BlockUpdate(data);
        var output = new byte[HashSize];
        digest.DoFinal(output, 0);
        return output;
    }

    /// <summary>Hashes the UTF-8 encoding of <paramref name="utf8"/>.</summary>
    public static byte[] Hash(string utf8)
    {
        ArgumentNullException.ThrowIfNull(utf8);
        return Hash(Encoding.UTF8.GetBytes(utf8));
    }
}
