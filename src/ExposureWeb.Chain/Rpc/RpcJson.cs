using System.Text.Json;
using System.Text.Json.Serialization;
using ExposureWeb.Chain.Primitives;

namespace ExposureWeb.Chain.Rpc;

/// <summary>Shared JSON settings and strict field readers for node responses.</summary>
internal static class RpcJson
{
    /// <summary>
    /// Serializer settings for request parameters and <see cref="EthClient.RequestAsync{T}"/> results: camelCase
    /// because JSON-RPC objects use it, and nulls omitted because nodes treat an explicit null differently from an
    /// absent field (e.g. <c>"to": null</c> vs. a contract creation without <c>to</c>).
    /// </summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <exception cref="FormatException">Missing or not a string.</exception>
    public static string GetString(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out JsonElement value) || value.ValueKind != JsonValueKind.String)
        {
            throw new FormatException($"expected string field '{name}'");
        }

        return value.GetString()!;
    }

    /// <summary>Returns the field's string, or null when it is absent or JSON null.</summary>
    /// <exception cref="FormatException">Present but not a string.</exception>
    public static string? GetOptionalString(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new FormatException($"expected string field '{name}', got {value.ValueKind}");
    }

    /// <summary>Reads a 32-byte hash field and normalises it to lower case.</summary>
    /// <exception cref="FormatException">Missing or not "0x" + 64 hex characters.</exception>
    public static string GetHash(JsonElement obj, string name) => ParseHash(GetString(obj, name));

    /// <exception cref="FormatException">Not "0x" + 64 hex characters.</exception>
    public static string ParseHash(string? text)
    {
        if (text is null || text.Length != 66 || !text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            || !text.AsSpan(2).ContainsOnlyHexDigits())
        {
            throw new FormatException($"expected a 32-byte hash (0x + 64 hex characters), got '{text}'");
        }

        return text.ToLowerInvariant();
    }

    /// <summary>Decodes a "0x"-prefixed byte string (call results, revert data).</summary>
    /// <exception cref="FormatException">Missing prefix, odd length or non-hex characters.</exception>
    public static byte[] ParseData(string? text)
    {
        if (text is null || !text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException("expected 0x-prefixed hex data");
        }

        return Hex.Decode(text);
    }

    public static bool ContainsOnlyHexDigits(this ReadOnlySpan<char> span)
    {
        foreach (char c in span)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The element's own text, for error messages, truncated so a huge payload cannot flood a log.</summary>
    public static string Describe(JsonElement element, int maxLength = 200)
    {
        string raw = element.ValueKind == JsonValueKind.Undefined ? "(none)" : element.GetRawText();
        return raw.Length <= maxLength ? raw : raw[..maxLength] + "…";
    }
}
