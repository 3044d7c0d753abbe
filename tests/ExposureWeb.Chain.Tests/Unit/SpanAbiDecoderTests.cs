using System.Numerics;
using ExposureWeb.Chain.Abi;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Protocols.Aave;
using ExposureWeb.Chain.Protocols.Erc20;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace ExposureWeb.Chain.Tests.Unit;

public class SpanAbiDecoderTests
{
    private const string AddressWord = "000000000000000000000000abababababababababababababababababababab";

    [FunctionOutput]
    public sealed class SmallHolder
    {
        [Parameter("uint256", "value", 1)] public int Value { get; set; }
    }

    [Fact]
    public void Decode_AddressOutput_LowerCaseHexLikeAnEthCallResult()
    {
        var output = SpanAbiDecoder.Decode<AddressOutput>(Hex.Decode(AddressWord));
        Assert.Equal("0xabababababababababababababababababababab", output.Value);
    }

    [Fact]
    public void Decode_ValueTooLargeForItsProperty_AbiDecodingExceptionNamingTheDto()
    {
        var word = Hex.Decode("0000000000000000000000000000000000000000000000000000010000000000"); // 2^40 into an int
        var ex = Assert.Throws<AbiDecodingException>(() => SpanAbiDecoder.Decode<SmallHolder>(word));
        Assert.Contains(nameof(SmallHolder), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_NestedStruct_FillsTheStructDto()
    {
        // getUserConfiguration returns a one-word struct: the word is the bitmap.
        var output = SpanAbiDecoder.Decode<UserConfigurationOutput>(Hex.Decode("00000000000000000000000000000000000000000000000000000000000000a2"));
        Assert.Equal(new BigInteger(0xa2), output.Configuration.Data);
    }

    [Fact]
    public void Decode_DirtyAddressPadding_RefusedWhereNethereumDecodesAnAddress()
    {
        // The same word with a non-zero byte in the 12 bytes of padding: not an address. Nethereum's decoder takes the
        // low 20 bytes and moves on; the span decoder refuses it, which is what a hostile contract's answer needs.
        var dirty = Hex.Decode("000000000000000000000001abababababababababababababababababababab");
        Assert.Throws<AbiDecodingException>(() => SpanAbiDecoder.Decode<AddressOutput>(dirty));
        var lenient = (AddressOutput)new ParameterDecoder().DecodeAttributes(dirty, typeof(AddressOutput));
        Assert.Equal("0xabababababababababababababababababababab", lenient.Value.ToLowerInvariant());
    }

    [Fact]
    public void Decode_BoolOtherThanZeroOrOne_RefusedWhereNethereumReadsTrue()
    {
        var two = Hex.Decode("0000000000000000000000000000000000000000000000000000000000000002");
        Assert.Throws<AbiDecodingException>(() => SpanAbiDecoder.Decode<BoolHolder>(two));
        Assert.True(((BoolHolder)new ParameterDecoder().DecodeAttributes(two, typeof(BoolHolder))).Flag);
    }

    [Fact]
    public void Describe_OutputDto_NamesTheTupleOfAbiTypes() =>
        Assert.Equal("BalanceOfOutput (uint256)", SpanAbiDecoder.Describe<BalanceOfOutput>());

    [FunctionOutput]
    public sealed class BoolHolder
    {
        [Parameter("bool", "flag", 1)] public bool Flag { get; set; }
    }
}
