using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using Nethereum.Util;

namespace ExposureWeb.Chain.Primitives;

/// <summary>
/// A 20-byte Ethereum account address. <c>default(Address)</c> equals <see cref="Zero"/>.
/// </summary>
[JsonConverter(typeof(AddressJsonConverter))]
public readonly struct Address : IEquatable<Address>
{
    /// <summary>Number of bytes in an address.</summary>
    public const int Length = 20;

    /// <summary>Error reported when a string is not "0x" plus 40 hex characters.</summary>
    public const string FormatError = "expected 0x followed by 40 hex characters";

    /// <summary>Error reported when a mixed-case address does not match its EIP-55 checksum.</summary>
    public const string ChecksumError = "checksum mismatch (EIP-55)";

    /// <summary>Error reported by <see cref="TryParseEntered"/> when nothing was entered.</summary>
    public const string MissingError = "enter an address: 0x followed by 40 hexadecimal characters";

    private static readonly byte[] ZeroBytes = new byte[Length];

    // Null only for default(Address); treated as the zero address so the struct default stays valid.
    private readonly byte[]? _bytes;

    private Address(byte[] bytes) => _bytes = bytes;

    /// <summary>The zero address 0x0000000000000000000000000000000000000000.</summary>
    public static Address Zero => default;

    /// <summary>The 20 raw bytes.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes ?? ZeroBytes;

    /// <summary>Creates an address from exactly 20 bytes (the input is copied).</summary>
    /// <exception cref="ArgumentException">The span is not 20 bytes long.</exception>
    public static Address FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
        {
            throw new ArgumentException($"an address is {Length} bytes, got {bytes.Length}", nameof(bytes));
        }

        return new Address(bytes.ToArray());
    }

    /// <summary>Parses "0x" + 40 hex characters, validating the EIP-55 checksum when the case is mixed.</summary>
    /// <exception cref="FormatException">The input is malformed or fails the checksum.</exception>
    public static Address Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!TryParse(value, out Address address, out string? error))
        {
            throw new FormatException($"invalid address '{value}': {error}");
        }

        return address;
    }

    /// <summary>Attempts to parse an address; see <see cref="Parse"/>.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, out Address address) =>
        TryParse(value, out address, out _);

    /// <summary>
    /// Attempts to parse an address. All-lower and all-upper hex are accepted without checksum;
    /// mixed case must match EIP-55 because it signals the author intended a checksum.
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? value, out Address address, [NotNullWhen(false)] out string? error)
    {
        address = default;
        // Nethereum tests the "0x" prefix culture-sensitively; the slice below relies on exactly those two characters.
        if (value is null || !value.StartsWith("0x", StringComparison.Ordinal) || !AddressUtil.Current.IsValidEthereumAddressHexFormat(value))
        {
            error = FormatError;
            return false;
        }

        // Only mixed case carries a checksum: wallets and explorers also print addresses all lower or all upper.
        ReadOnlySpan<char> body = value.AsSpan(2);
        bool mixedCase = body.IndexOfAnyInRange('a', 'f') >= 0 && body.IndexOfAnyInRange('A', 'F') >= 0;
        if (mixedCase && !ChecksumCache.IsKnownChecksum(value) && !ChecksumCache.RememberIfValid(value))
        {
            error = ChecksumError;
            return false;
        }

        address = new Address(Convert.FromHexString(body));
        error = null;
        return true;
    }

    /// <summary>
    /// Reads an address as a person enters it (a form field, a sign-in request): white space around it is ignored,
    /// nothing at all is <see cref="MissingError"/>, the rest is <see cref="TryParse(string?, out Address, out string?)"/>.
    /// The one rule that forms show and stores enforce.
    /// </summary>
    public static bool TryParseEntered([NotNullWhen(true)] string? text, out Address address, [NotNullWhen(false)] out string? error)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            address = default;
            error = MissingError;
            return false;
        }

        return TryParse(text.Trim(), out address, out error);
    }

    /// <summary>Lower-case "0x"-prefixed hex, without checksum.</summary>
    public string ToLowerHex() => Hex.Encode(Bytes);

    /// <summary>The EIP-55 checksummed form, e.g. 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed.</summary>
    public override string ToString() => ChecksumCache.Checksummed(this);

    /// <inheritdoc />
    public bool Equals(Address other) => Bytes.SequenceEqual(other.Bytes);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Address other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Bytes);
        return hash.ToHashCode();
    }

    /// <summary>
    /// An address as people glance at it: its first 6 and last 4 characters (<c>0x7099…79C8</c>); text of 10 characters or
    /// fewer (e.g. <c>manual</c>) as it is. The one short form of pages, labels and workspace names.
    /// </summary>
    public static string Abbreviate(string text) => text.Length > 10 ? $"{text[..6]}…{text[^4..]}" : text;

    /// <summary>Byte-wise equality.</summary>
    public static bool operator ==(Address left, Address right) => left.Equals(right);

    /// <summary>Byte-wise inequality.</summary>
    public static bool operator !=(Address left, Address right) => !left.Equals(right);
}

/// <summary>
/// EIP-55 forms computed once per address: the engine prints and parses the same few thousand addresses (tokens,
/// pools, watched wallets) for every position of every block, and each checksum is a Keccak-256. Bounded: past
/// <see cref="Capacity"/> entries the cache starts over.
/// </summary>
file static class ChecksumCache
{
    private const int Capacity = 65_536;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Address, string> Printed = new();
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Valid = new(StringComparer.Ordinal);

    public static string Checksummed(Address address)
    {
        if (Printed.TryGetValue(address, out var text)) return text;
        text = AddressUtil.Current.ConvertToChecksumAddress(address.Bytes.ToArray());
        if (Printed.Count >= Capacity) Printed.Clear();
        Printed[address] = text;
        return text;
    }

    public static bool IsKnownChecksum(string value) => Valid.ContainsKey(value);

    public static bool RememberIfValid(string value)
    {
        if (!AddressUtil.Current.IsChecksumAddress(value)) return false;
        if (Valid.Count >= Capacity) Valid.Clear();
        Valid[value] = true;
        return true;
    }
}

/// <summary>Reads and writes <see cref="Address"/> as its EIP-55 checksummed JSON string.</summary>
public sealed class AddressJsonConverter : JsonConverter<Address>
{
    /// <inheritdoc />
    public override Address Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"expected an address string, got {reader.TokenType}");
        }

        string? text = reader.GetString();
        if (!Address.TryParse(text, out Address address, out string? error))
        {
            throw new JsonException($"invalid address '{text}': {error}");
        }

        return address;
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Address value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
