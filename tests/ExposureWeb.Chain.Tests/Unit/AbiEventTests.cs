using System.Numerics;
using System.Text.Json;
using ExposureWeb.Chain.Abi;
using Nethereum.Util;
using ExposureWeb.Chain.Primitives;

namespace ExposureWeb.Chain.Tests.Unit;

public class AbiEventTests
{
    private static readonly AbiEvent Transfer = AbiEvent.Parse("Transfer(address indexed from,address indexed to,uint256 value)");
    private static readonly Address From = Address.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    private static readonly Address To = Address.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");

    public static TheoryData<string, string> EventTopics()
    {
        var data = new TheoryData<string, string>();
        foreach (JsonElement e in TestVectors.Load("selectors.json").GetProperty("events").EnumerateArray())
        {
            data.Add(e.GetProperty("signature").GetString()!, e.GetProperty("topic0").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EventTopics))]
    public void Parse_VectorSignature_Topic0MatchesEthers(string signature, string topic0)
    {
        AbiEvent e = AbiEvent.Parse(signature);
        Assert.Equal(signature, e.Signature);
        Assert.Equal(topic0, Hex.Encode(e.Topic0));
    }

    [Fact]
    public void Parse_IndexedAndNames_RecordedPerParameter()
    {
        Assert.Equal("Transfer(address,address,uint256)", Transfer.Signature);
        Assert.Equal(["from", "to", "value"], Transfer.Parameters.Select(p => p.Name));
        Assert.Equal([true, true, false], Transfer.Parameters.Select(p => p.Indexed));
    }

    [Fact]
    public void DecodeLog_Transfer_ReturnsArgumentsInDeclarationOrder()
    {
        object[] args = Transfer.DecodeLog(
            [Transfer.Topic0, AbiEncoder.Encode(AbiType.Address, From), AbiEncoder.Encode(AbiType.Address, To)],
            AbiEncoder.Encode(AbiType.UInt256, new BigInteger(1000)));

        AbiValues.AssertEqual(new object[] { From, To, new BigInteger(1000) }, args);
    }

    [Fact]
    public void DecodeLog_IndexedDynamicTypes_ReturnTopicHash()
    {
        AbiEvent e = AbiEvent.Parse("event Named(string indexed name, uint256[2] indexed pair, bytes data, int8 indexed level)");
        byte[] nameHash = Sha3Keccack.Current.CalculateHashAsBytes("alice");
        byte[] pairHash = Sha3Keccack.Current.CalculateHash(AbiEncoder.Encode(AbiType.Parse("uint256[2]"), new object[] { BigInteger.One, BigInteger.One }));

        object[] args = e.DecodeLog(
            [e.Topic0, nameHash, pairHash, AbiEncoder.Encode(AbiType.Int(8), new BigInteger(-3))],
            AbiEncoder.Encode(AbiType.Bytes, new byte[] { 9 }));

        AbiValues.AssertEqual(new object[] { nameHash, pairHash, new byte[] { 9 }, new BigInteger(-3) }, args);
    }

    [Fact]
    public void DecodeLog_Anonymous_NoTopic0Expected()
    {
        AbiEvent e = AbiEvent.Parse("Ping(address indexed who) anonymous");
        Assert.True(e.Anonymous);
        AbiValues.AssertEqual(new object[] { From }, e.DecodeLog([AbiEncoder.Encode(AbiType.Address, From)], []));
    }

    [Fact]
    public void DecodeLog_WrongTopic0_ThrowsAbiDecodingException()
    {
        byte[] approval = Sha3Keccack.Current.CalculateHashAsBytes("Approval(address,address,uint256)");
        var ex = Assert.Throws<AbiDecodingException>(() => Transfer.DecodeLog(
            [approval, new byte[32], new byte[32]], new byte[32]));
        Assert.Contains("topic0", ex.Message);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void DecodeLog_WrongTopicCount_ThrowsAbiDecodingException(int count)
    {
        List<byte[]> topics = [Transfer.Topic0, .. Enumerable.Range(1, count - 1).Select(_ => new byte[32])];
        Assert.Throws<AbiDecodingException>(() => Transfer.DecodeLog(topics, new byte[32]));
    }

    [Fact]
    public void DecodeLog_ShortTopic_ThrowsAbiDecodingException() =>
        Assert.Throws<AbiDecodingException>(() => Transfer.DecodeLog([Transfer.Topic0, new byte[31], new byte[32]], new byte[32]));

    [Fact]
    public void DecodeLog_DirtyAddressTopic_ThrowsAbiDecodingException()
    {
        byte[] dirty = Enumerable.Repeat((byte)0xff, 32).ToArray();
        var ex = Assert.Throws<AbiDecodingException>(() => Transfer.DecodeLog([Transfer.Topic0, dirty, new byte[32]], new byte[32]));
        Assert.Equal("address", ex.TypeName);
    }

    [Fact]
    public void DecodeLog_TruncatedData_ThrowsAbiDecodingException() =>
        Assert.Throws<AbiDecodingException>(() => Transfer.DecodeLog([Transfer.Topic0, new byte[32], new byte[32]], new byte[16]));

    [Theory]
    [InlineData("E(uint8 indexed a,uint8 indexed b,uint8 indexed c,uint8 indexed d)")]
    [InlineData("E(uint8 indexed indexed a)")]
    [InlineData("E(uint8) returns (uint8)")]
    public void Parse_Invalid_ThrowsFormatException(string text) =>
        Assert.Throws<FormatException>(() => AbiEvent.Parse(text));
}
