using System.Collections;
using System.Numerics;
using System.Text.Json;
using ExposureWeb.Chain.Abi;
using ExposureWeb.Chain.Primitives;

namespace ExposureWeb.Chain.Tests.Unit;

/// <summary>
/// A canonical text form of decoded values, so that a DTO from either decoder and the JSON values of a vector compare
/// as text (and give readable diffs): integers in decimal, hex (addresses, bytes) in lower case.
/// </summary>
internal static class DtoText
{
    public static string Of(object? value, bool topLevel = true) => value switch
    {
        null => "null",
        BigInteger or int or uint or long or ulong or ushort or short or byte or sbyte => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!,
        bool b => b ? "true" : "false",
        byte[] bytes => Hex.Encode(bytes),
        string s => s.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? s.ToLowerInvariant() : JsonSerializer.Serialize(s),
        IList list => "[" + string.Join(",", list.Cast<object?>().Select(v => Of(v, false))) + "]",
        _ => (topLevel ? "(" : "[") + string.Join(",", OutputFields.Of(value).Select(f => Of(f.Value, false))) + (topLevel ? ")" : "]"),
    };

    /// <summary>The same form for an ethers JSON value list (decimal strings, hex strings, nested arrays as tuples or arrays).</summary>
    public static string OfJson(JsonElement json, bool topLevel = false) => json.ValueKind switch
    {
        JsonValueKind.Array when topLevel => "(" + string.Join(",", json.EnumerateArray().Select(e => OfJson(e))) + ")",
        JsonValueKind.Array => "[" + string.Join(",", json.EnumerateArray().Select(e => OfJson(e))) + "]",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.String => json.GetString()!.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? json.GetString()!.ToLowerInvariant()
            : BigInteger.TryParse(json.GetString(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n)
                ? n.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : JsonSerializer.Serialize(json.GetString()),
        _ => json.GetRawText(),
    };
}
