using System.Globalization;
using System.Numerics;

namespace ExposureWeb.Chain.Rpc;

/// <summary>
/// JSON-RPC "quantity" encoding: an unsigned integer as "0x" followed by hex digits, e.g. <c>0x1a</c> = 26.
/// Units are whatever the field carries (wei for balances, seconds for timestamps, plain counts for block numbers).
/// </summary>
/// <remarks>
/// Writing always produces the canonical form (no leading zeros, <c>0x0</c> for zero). Reading is strict about the
/// "0x" prefix, the digits and the range, but tolerates leading zeros because some nodes and proxies emit them and
/// rejecting an otherwise unambiguous value would only turn a cosmetic quirk into an outage.
/// </remarks>
public static class HexQuantity
{
    /// <summary>Encodes a value as a canonical quantity, e.g. 26 → <c>0x1a</c>.</summary>
    public static string Format(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    /// <summary>Encodes a non-negative value as a canonical quantity, e.g. 10^18 → <c>0xde0b6b3a7640000</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative.</exception>
    public static string Format(BigInteger value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        if (value.IsZero)
        {
            return "0x0";
        }

        // BigInteger's "x" format pads a leading 0 when the top nibble is >= 8 (two's complement sign room); strip it.
        return "0x" + value.ToString("x", CultureInfo.InvariantCulture).TrimStart('0');
    }

    /// <summary>Parses a quantity that must fit in 64 bits (block numbers, chain ids, timestamps, gas).</summary>
    /// <exception cref="FormatException">Missing "0x", no digits, a non-hex character, or more than 64 bits.</exception>
    public static ulong ParseUInt64(string? text)
    {
        ReadOnlySpan<char> digits = Validate(text);
        if (digits.Length > 16)
        {
            throw new FormatException($"quantity '{text}' does not fit in 64 bits");
        }

        return ulong.Parse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
    }

    /// <summary>Parses a quantity of any size (balances in wei, uint256 values).</summary>
    /// <exception cref="FormatException">Missing "0x", no digits or a non-hex character.</exception>
    public static BigInteger ParseBigInteger(string? text)
    {
        ReadOnlySpan<char> digits = Validate(text);

        // A leading '0' keeps BigInteger from reading a top nibble >= 8 as a negative two's-complement number.
        return BigInteger.Parse("0" + digits.ToString(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
    }

    /// <summary>Attempts <see cref="ParseUInt64"/> without throwing.</summary>
    public static bool TryParseUInt64(string? text, out ulong value)
    {
        try
        {
            value = ParseUInt64(text);
            return true;
        }
        catch (FormatException)
        {
            value = 0;
            return false;
        }
    }

    // Returns the digits after "0x" with leading zeros removed (at least one digit kept).
    private static ReadOnlySpan<char> Validate(string? text)
    {
        if (text is null)
        {
            throw new FormatException("quantity is null");
        }

        if (text.Length < 3 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X'))
        {
            throw new FormatException($"quantity '{Truncate(text)}' must be 0x followed by at least one hex digit");
        }

        ReadOnlySpan<char> digits = text.AsSpan(2);
        foreach (char c in digits)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                throw new FormatException($"quantity '{Truncate(text)}' contains non-hex character '{c}'");
            }
        }

        ReadOnlySpan<char> trimmed = digits.TrimStart('0');
        return trimmed.IsEmpty ? "0" : trimmed;
    }

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
