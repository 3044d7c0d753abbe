using System.Text.Json;
using ExposureWeb.Chain.Crypto;
using ExposureWeb.Chain.Primitives;

namespace ExposureWeb.Chain.Tests.Unit.Crypto;

public class PersonalMessageTests
{
    public static TheoryData<int> VectorIndexes() => new(Enumerable.Range(0, TestVectors.Load("eip191.json").GetArrayLength()));

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void Hash_VectorMessage_MatchesEthers(int index)
    {
        JsonElement vector = TestVectors.Load("eip191.json")[index];

        Assert.Equal(vector.GetProperty("eip191Hash").GetString(), Hex.Encode(PersonalMessage.Hash(vector.GetProperty("message").GetString()!)));
    }

    [Fact]
    public void Hash_MultiByteUtf8_UsesByteLengthNotCharCount()
    {
        // "é" is 2 UTF-8 bytes: the prefix must say 2, not 1.
        byte[] expected = Keccak256.Hash("\u0019Ethereum Signed Message:\n2é");

        Assert.Equal(expected, PersonalMessage.Hash("é"));
    }
}
