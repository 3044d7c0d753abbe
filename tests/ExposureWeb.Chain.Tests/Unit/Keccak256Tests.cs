using System.Text.Json;
using ExposureWeb.Chain.Crypto;
using ExposureWeb.Chain.Primitives;

namespace ExposureWeb.Chain.Tests.Unit;

public class Keccak256Tests
{
    public static TheoryData<int> VectorIndexes() => new(Enumerable.Range(0, TestVectors.Load("keccak256.json").GetArrayLength()));

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void Hash_VectorBytes_MatchesEthers(int index)
    {
        JsonElement vector = TestVectors.Load("keccak256.json")[index];
        byte[] input = Hex.Decode(vector.GetProperty("hex").GetString()!);

        Assert.Equal(vector.GetProperty("keccak256").GetString(), Hex.Encode(Keccak256.Hash(input)));
        if (vector.TryGetProperty("utf8", out JsonElement utf8))
        {
            Assert.Equal(vector.GetProperty("keccak256").GetString(), Hex.Encode(Keccak256.Hash(utf8.GetString()!)));
        }
    }

    [Fact]
    public void Hash_Empty_IsKeccakNotSha3()
    {
        // SHA3-256("") is a7ffc6f8...; Ethereum uses the pre-standard Keccak padding.
        Assert.Equal("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470", Hex.Encode(Keccak256.Hash([])));
    }

    [Fact]
    public void Hash_TransferSignature_MatchesWellKnownTopic() =>
        Assert.Equal(
            "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef",
            Hex.Encode(Keccak256.Hash("Transfer(address,address,uint256)")));
}
