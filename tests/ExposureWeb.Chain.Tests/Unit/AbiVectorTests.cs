using ExposureWeb.Chain.Abi;
using ExposureWeb.Chain.Primitives;
using Nethereum.ABI.FunctionEncoding;

namespace ExposureWeb.Chain.Tests.Unit;

/// <summary>
/// Vectors/abi.json (encodings produced by ethers 6) through the Nethereum path: Nethereum encodes the decoded DTO
/// back to the same bytes, and Nethereum's decoder and the project's span decoder read the same values as ethers.
/// </summary>
public class AbiVectorTests
{
    public static TheoryData<int> Rows() => new(Enumerable.Range(0, TestVectors.Load("abi.json").GetArrayLength()));

    [Fact]
    public void Rows_EveryVector_HasADto() => Assert.Equal(TestVectors.Load("abi.json").GetArrayLength(), AbiVectorDtos.Rows.Length);

    [Theory]
    [MemberData(nameof(Rows))]
    public void SpanDecode_EthersVector_ReturnsEthersValues(int row)
    {
        var (type, expected, encoded) = Load(row);
        Assert.Equal(expected, DtoText.Of(SpanDecode(type, encoded)));
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void NethereumDecode_EthersVector_ReturnsEthersValues(int row)
    {
        var (type, expected, encoded) = Load(row);
        var dto = new ParameterDecoder().DecodeAttributes(encoded, type);
        Assert.Equal(expected, DtoText.Of(dto));
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void NethereumEncode_DecodedVector_ReproducesEthersBytes(int row)
    {
        var (type, _, encoded) = Load(row);
        var dto = SpanDecode(type, encoded);
        Assert.Equal(Hex.Encode(encoded), Hex.Encode(new ParametersEncoder().EncodeParametersFromTypeAttributes(type, dto)));
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void SpanDecode_EthersVectorTruncated_ThrowsOrDecodesSameValues(int row)
    {
        var (type, expected, encoded) = Load(row);
        for (int length = 0; length < encoded.Length; length++)
        {
            // Cutting only the zero padding after a final bytes/string payload is tolerated (as in Solidity);
            // any other cut must be reported as malformed.
            object decoded;
            try
            {
                decoded = SpanDecode(type, encoded[..length]);
            }
            catch (AbiDecodingException)
            {
                continue;
            }
            Assert.True(encoded.AsSpan(length).IndexOfAnyExcept((byte)0) < 0, $"prefix of {length} bytes decoded although it cut real data");
            Assert.Equal(expected, DtoText.Of(decoded));
        }
    }

    /// <summary><see cref="SpanAbiDecoder.Decode(Type, ReadOnlySpan{byte})"/>.</summary>
    internal static object SpanDecode(Type type, byte[] data) => SpanAbiDecoder.Decode(type, data);

    private static (Type Type, string Expected, byte[] Encoded) Load(int row)
    {
        var vector = TestVectors.Load("abi.json")[row];
        return (AbiVectorDtos.Rows[row], DtoText.OfJson(vector.GetProperty("values"), topLevel: true), Hex.Decode(vector.GetProperty("encoded").GetString()!));
    }
}
