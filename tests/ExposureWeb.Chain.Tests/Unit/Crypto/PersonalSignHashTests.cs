using System.Text.Json;
using ExposureWeb.Chain.Primitives;
using Nethereum.Util;

namespace ExposureWeb.Chain.Tests.Unit.Crypto;

/// <summary>The shared EIP-191 vectors through Nethereum's <see cref="EthereumMessageHasher"/>, which sign-in hashes with.</summary>
public class PersonalSignHashTests
{
    private static readonly EthereumMessageHasher Hasher = new();

    public static TheoryData<int> VectorIndexes() => new(Enumerable.Range(0, TestVectors.Load("eip191.json").GetArrayLength()));

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void HashPrefixedMessage_VectorMessage_MatchesEthers(int index)
    {
        JsonElement vector = TestVectors.Load("eip191.json")[index];

        Assert.Equal(vector.GetProperty("eip191Hash").GetString(), Hex.Encode(Hasher.HashPrefixedMessage(vector.GetProperty("message").GetString()!)));
    }

    [Fact]
    public void HashPrefixedMessage_MultiByteUtf8_UsesByteLengthNotCharCount()
    {
        // "é" is 2 UTF-8 bytes: the prefix must say 2, not 1.
        byte[] expected = Sha3Keccack.Current.CalculateHashAsBytes("\u0019Ethereum Signed Message:\n2é");

        Assert.Equal(expected, Hasher.HashPrefixedMessage("é"));
    }
}
