using System.Numerics;
using System.Text.Json;
using ExposureWeb.Chain.Abi;
using ExposureWeb.Chain.Primitives;

namespace ExposureWeb.Chain.Tests.Unit;

public class AbiFunctionTests
{
    public static TheoryData<string, string> FunctionSelectors()
    {
        var data = new TheoryData<string, string>();
        foreach (JsonElement f in TestVectors.Load("selectors.json").GetProperty("functions").EnumerateArray())
        {
            data.Add(f.GetProperty("signature").GetString()!, f.GetProperty("selector").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FunctionSelectors))]
    public void Parse_VectorSignature_SelectorMatchesEthers(string signature, string selector)
    {
        AbiFunction function = AbiFunction.Parse(signature);
        Assert.Equal(signature, function.Signature);
        Assert.Equal(selector, Hex.Encode(function.Selector));
    }

    [Theory]
    [InlineData("aggregate3(tuple(address target, bool allowFailure, bytes callData)[] calls) returns (tuple(bool success, bytes returnData)[] returnData)")]
    [InlineData("function aggregate3((address,bool,bytes)[] calldata calls) external payable returns ((bool,bytes)[] memory)")]
    [InlineData("  aggregate3( ( address , bool , bytes ) [ ] )  ")]
    public void Parse_HumanReadableForms_CanonicaliseTuples(string text)
    {
        AbiFunction function = AbiFunction.Parse(text);
        Assert.Equal("aggregate3((address,bool,bytes)[])", function.Signature);
        Assert.Equal("0x82ad56cb", Hex.Encode(function.Selector));
    }

    [Fact]
    public void Parse_NamedParameters_ExposesNamesAndOutputs()
    {
        AbiFunction function = AbiFunction.Parse("function transfer(address to, uint amount) returns (bool ok)");
        Assert.Equal("transfer", function.Name);
        Assert.Equal(["to", "amount"], function.Inputs.Select(p => p.Name));
        Assert.Equal("uint256", function.Inputs[1].Type.CanonicalName);
        Assert.Equal("ok", Assert.Single(function.Outputs).Name);
        Assert.Equal("transfer(address,uint256) returns (bool)", function.ToString());
    }

    [Theory]
    [InlineData("balanceOf(address")]
    [InlineData("balanceOf(address) returns")]
    [InlineData("balanceOf(address) returns (uint256) returns (uint256)")]
    [InlineData("(address)")]
    [InlineData("balanceOf(address) foo")]
    [InlineData("balanceOf(address indexed who)")]
    [InlineData("balanceOf(uint7)")]
    [InlineData("balanceOf(address a b)")]
    [InlineData("")]
    public void Parse_Malformed_ThrowsFormatException(string text) =>
        Assert.Throws<FormatException>(() => AbiFunction.Parse(text));

    [Fact]
    public void EncodeCall_BalanceOf_SelectorThenPaddedAddress()
    {
        AbiFunction balanceOf = AbiFunction.Parse("balanceOf(address) returns (uint256)");
        Address owner = Address.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");

        Assert.Equal("0x70a08231000000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266", Hex.Encode(balanceOf.EncodeCall(owner)));
    }

    [Fact]
    public void DecodeOutput_LatestRoundData_ReturnsFiveValues()
    {
        AbiFunction latest = AbiFunction.Parse("latestRoundData() returns (uint80,int256,uint256,uint256,uint80)");
        object[] values = [new BigInteger(7), new BigInteger(-2_500_000_000), new BigInteger(1_700_000_000), new BigInteger(1_700_000_001), new BigInteger(7)];

        AbiValues.AssertEqual(values, latest.DecodeOutput(latest.EncodeOutput(values)));
    }

    [Fact]
    public void DecodeOutput_NoOutputs_ReturnsEmpty() =>
        Assert.Empty(AbiFunction.Parse("updateAnswer(int256)").DecodeOutput([]));

    [Fact]
    public void DecodeInput_Aggregate3Calldata_RoundTrips()
    {
        AbiFunction aggregate3 = AbiFunction.Parse("aggregate3((address,bool,bytes)[]) returns ((bool,bytes)[])");
        object[] calls =
        [
            new object[] { Address.Parse("0x0101010101010101010101010101010101010101"), true, new byte[] { 0x70, 0xa0, 0x82, 0x31 } },
            new object[] { Address.Zero, false, Array.Empty<byte>() },
        ];

        byte[] calldata = aggregate3.EncodeCall([calls]);

        AbiValues.AssertEqual(new object[] { calls }, aggregate3.DecodeInput(calldata));
    }

    [Fact]
    public void DecodeInput_ErrorString_DecodesRevertReason()
    {
        AbiFunction error = AbiFunction.Parse("Error(string)");
        byte[] revert = Hex.Decode(
            "0x08c379a0" +
            "0000000000000000000000000000000000000000000000000000000000000020" +
            "000000000000000000000000000000000000000000000000000000000000001a" +
            "4e6f7420656e6f7567682045746865722070726f76696465642e000000000000");

        Assert.Equal("Not enough Ether provided.", error.DecodeInput(revert)[0]);
    }

    [Fact]
    public void DecodeInput_WrongSelector_ThrowsAbiDecodingException()
    {
        AbiFunction transfer = AbiFunction.Parse("transfer(address,uint256)");
        byte[] calldata = AbiFunction.Parse("approve(address,uint256)").EncodeCall(Address.Zero, BigInteger.One);

        var ex = Assert.Throws<AbiDecodingException>(() => transfer.DecodeInput(calldata));
        Assert.Contains("selector", ex.Message);
    }

    [Fact]
    public void DecodeInput_ShorterThanSelector_ThrowsAbiDecodingException() =>
        Assert.Throws<AbiDecodingException>(() => AbiFunction.Parse("f()").DecodeInput([0x26, 0x12]));

    [Fact]
    public void DecodeInput_MalformedArguments_OffsetIncludesSelector()
    {
        AbiFunction f = AbiFunction.Parse("f(bool)");
        byte[] calldata = [.. f.Selector, .. new byte[31], 2];

        var ex = Assert.Throws<AbiDecodingException>(() => f.DecodeInput(calldata));
        Assert.Equal(4, ex.Offset);
    }

    [Fact]
    public void Selector_MutatingReturnedArray_DoesNotAffectFunction()
    {
        AbiFunction f = AbiFunction.Parse("transfer(address,uint256)");
        f.Selector[0] = 0;
        Assert.Equal("0xa9059cbb", Hex.Encode(f.Selector));
    }

    [Fact]
    public void EncodeCall_WrongArgumentCount_ThrowsArgumentException() =>
        Assert.Throws<ArgumentException>(() => AbiFunction.Parse("transfer(address,uint256)").EncodeCall(Address.Zero));
}
