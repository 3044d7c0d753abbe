namespace ExposureWeb.Chain.Primitives;

/// <summary>
/// Hexadecimal encoding as used by Ethereum JSON-RPC: lower case, optionally "0x"-prefixed.
/// </summary>
public static class Hex
{
    /// <summary>Encodes <paramref name="bytes"/> as lower-case hex.</summary>
    /// <param name="bytes">The bytes to encode.</param>
    /// <param name="prefix">Whether to prepend "0x".</param>
    public static string Encode(ReadOnlySpan<byte> bytes, bool prefix = true)
    {
        string body = Convert.ToHexStringLower(bytes);
        return prefix ? "0x" + body : body;
    }

    /// <summary>
    /// Decodes a hex string with or without a "0x"/"0X" prefix. An empty body ("" or "0x") yields an empty array.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="hex"/> is null.</exception>
    /// <exception cref="FormatException">The string has odd length or contains a non-hex character.</exception>
    public static byte[] Decode(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        if (!TryDecode(hex, out byte[] result, out string? error))
        {
            throw new FormatException(error);
        }

        return result;
    }

    /// <summary>Attempts to decode a hex string; see <see cref="Decode"/> for the accepted format.</summary>
    public static bool TryDecode(string? hex, out byte[] bytes) => TryDecode(hex, out bytes, out _);

    /// <summary>
    /// Attempts to decode a hex string; on failure <paramref name="error"/> explains why in plain words.
    /// </summary>
    public static bool TryDecode(string? hex, out byte[] bytes, out string? error)
    {
        bytes = [];
        if (hex is null)
        {
            error = "hex string is null";
            return false;
        }

        ReadOnlySpan<char> body = hex.AsSpan();
        if (body.Length >= 2 && body[0] == '0' && (body[1] == 'x' || body[1] == 'X'))
        {
            body = body[2..];
        }

        if (body.Length % 2 != 0)
        {
            error = $"hex string has an odd number of digits ({body.Length}); each byte needs two hex digits";
            return false;
        }

        for (int i = 0; i < body.Length; i++)
        {
            if (!char.IsAsciiHexDigit(body[i]))
            {
                error = $"invalid hex character '{body[i]}' at position {i + (hex.Length - body.Length)}";
                return false;
            }
        }

        bytes = Convert.FromHexString(body);
        error = null;
        return true;
    }
}
