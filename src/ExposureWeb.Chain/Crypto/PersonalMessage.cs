using System.Globalization;
using System.Text;

namespace ExposureWeb.Chain.Crypto;

/// <summary>
/// EIP-191 version 0x45 ("personal_sign") message hashing:
/// Keccak-256("\x19Ethereum Signed Message:\n" + decimal byte length + message).
/// </summary>
public static class PersonalMessage
{
    private const string Prefix = "\u0019Ethereum Signed Message:\n";

    /// <summary>Hashes the UTF-8 encoding of <paramref name="message"/> as <c>personal_sign</c> does.</summary>
    public static byte[] Hash(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Hash(Encoding.UTF8.GetBytes(message));
    }

    /// <summary>Hashes raw message bytes as <c>personal_sign</c> does.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> message)
    {
        byte[] prefix = Encoding.ASCII.GetBytes(Prefix + message.Length.ToString(CultureInfo.InvariantCulture));
        var buffer = new byte[prefix.Length + message.Length];
        prefix.CopyTo(buffer, 0);
        message.CopyTo(buffer.AsSpan(prefix.Length));
        return Keccak256.Hash(buffer);
    }
}
