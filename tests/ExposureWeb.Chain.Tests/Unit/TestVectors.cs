using System.Numerics;
using System.Text.Json;
using ExposureWeb.Chain.Abi;
using ExposureWeb.Chain.Primitives;

namespace ExposureWeb.Chain.Tests.Unit;

/// <summary>Loads the JSON vectors copied next to the test assembly and converts their values to ABI values.</summary>
internal static class TestVectors
{
    public static JsonElement Load(string fileName)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Vectors", fileName);
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.Clone();
    }

    /// <summary>Converts an ethers-style JSON value (decimal strings, hex strings, nested arrays) to the codec's value shape.</summary>
    public static object ToAbiValue(AbiType type, JsonElement json) => type.Kind switch
    {
        AbiTypeKind.UInt or AbiTypeKind.Int => BigInteger.Parse(json.GetString()!, System.Globalization.CultureInfo.InvariantCulture),
        AbiTypeKind.Address => Address.Parse(json.GetString()!),
        AbiTypeKind.Bool => json.GetBoolean(),
        AbiTypeKind.FixedBytes or AbiTypeKind.Bytes => Hex.Decode(json.GetString()!),
        AbiTypeKind.String => json.GetString()!,
        AbiTypeKind.FixedArray or AbiTypeKind.Array => json.EnumerateArray().Select(e => ToAbiValue(type.ElementType!, e)).ToArray(),
        AbiTypeKind.Tuple => json.EnumerateArray().Select((e, i) => ToAbiValue(type.Components[i], e)).ToArray(),
        _ => throw new NotSupportedException(type.CanonicalName),
    };
}

/// <summary>Compares decoded ABI values structurally via a tagged text rendering, which also gives readable diffs.</summary>
internal static class AbiValues
{
    public static void AssertEqual(object expected, object actual) => Assert.Equal(Describe(expected), Describe(actual));

    public static string Describe(object? value) => value switch
    {
        null => "null",
        BigInteger b => "int:" + b,
        Address a => "address:" + a,
        bool b => b ? "true" : "false",
        byte[] bytes => "bytes:" + Hex.Encode(bytes),
        string s => "string:" + JsonSerializer.Serialize(s),
        object[] list => "[" + string.Join(",", list.Select(Describe)) + "]",
        _ => $"{value.GetType().Name}:{value}",
    };
}
