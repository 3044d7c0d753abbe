using System.Text.Json;
using ExposureWeb.Chain.Abi;
using ExposureWeb.Chain.Primitives;

namespace ExposureWeb.Chain.Tests.Unit;

/// <summary>Round trips against encodings produced by ethers 6 (Vectors/abi.json).</summary>
public class AbiVectorTests
{
    public static TheoryData<int> Rows() => new(Enumerable.Range(0, TestVectors.Load("abi.json").GetArrayLength()));

    [Theory]
    [MemberData(nameof(Rows))]
    public void Encode_EthersVector_MatchesEncoding(int row)
    {
        var (types, values, encoded) = Load(row);
        Assert.Equal(encoded, Hex.Encode(AbiEncoder.Encode(types, values)));
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Decode_EthersVector_ReturnsValues(int row)
    {
        var (types, values, encoded) = Load(row);
        AbiValues.AssertEqual(values, AbiDecoder.Decode(types, Hex.Decode(encoded)));
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Decode_EthersVectorTruncated_ThrowsOrDecodesSameValues(int row)
    {
        var (types, values, encoded) = Load(row);
        byte[] data = Hex.Decode(encoded);
        for (int length = 0; length < data.Length; length++)
        {
            // Cutting only the zero padding after a final bytes/string payload is tolerated (as in Solidity);
            // any other cut must be reported as malformed.
            object[] decoded;
            try
            {
                decoded = AbiDecoder.Decode(types, data.AsSpan(0, length));
            }
            catch (AbiDecodingException)
            {
                continue;
            }

            Assert.True(data.AsSpan(length).IndexOfAnyExcept((byte)0) < 0, $"prefix of {length} bytes decoded although it cut real data");
            AbiValues.AssertEqual(values, decoded);
        }
    }

    private static (AbiType[] Types, object[] Values, string Encoded) Load(int row)
    {
        JsonElement vector = TestVectors.Load("abi.json")[row];
        AbiType[] types = vector.GetProperty("types").EnumerateArray().Select(t => AbiType.Parse(t.GetString()!)).ToArray();
        object[] values = vector.GetProperty("values").EnumerateArray().Select((v, i) => TestVectors.ToAbiValue(types[i], v)).ToArray();
        return (types, values, vector.GetProperty("encoded").GetString()!);
    }
}
