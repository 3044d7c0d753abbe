using System.Text.Json;
using ExposureWeb.Chain.Primitives;
using Nethereum.Util;

namespace ExposureWeb.Chain.Tests.Unit.Crypto;

/// <summary>The shared Keccak-256 vectors through Nethereum's <see cref="Sha3Keccack"/>, which the ABI and addresses hash with.</summary>
public class KeccakVectorTests
{
    public static TheoryData<int> VectorIndexes() => new(Enumerable.Range(0, TestVectors.Load("keccak256.json").GetArrayLength()));

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void CalculateHash_VectorBytes_MatchesEthers(int index)
    {
        JsonElement vector = TestVectors.Load("keccak256.json")[index];
        byte[] input = Hex.Decode(vector.GetProperty("hex").GetString()!);

        Assert.Equal(vector.GetProperty("keccak256").GetString(), Hex.Encode(Sha3Keccack.Current.CalculateHash(input)));
        if (vector.TryGetProperty("utf8", out JsonElement utf8))
        {
            Assert.Equal(vector.GetProperty("keccak256").GetString(), Hex.Encode(Sha3Keccack.Current.CalculateHashAsBytes(utf8.GetString()!)));
        }
    }

    [Fact]
    public void CalculateHash_Empty_IsKeccakNotSha3()
    {
        // SHA3-256("") is a7ffc6f8...; Ethereum uses the pre-standard Keccak padding.
        Assert.Equal("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470", Hex.Encode(Sha3Keccack.Current.CalculateHash([])));
    }

    [Fact]
    public void CalculateHashAsBytes_TransferSignature_MatchesWellKnownTopic() =>
        Assert.Equal(
            "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef",
            Hex.Encode(Sha3Keccack.Current.CalculateHashAsBytes("Transfer(address,address,uint256)")));
}
