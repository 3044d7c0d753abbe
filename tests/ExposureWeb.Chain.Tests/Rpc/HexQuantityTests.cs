using System.Numerics;
using ExposureWeb.Chain.Rpc;

namespace ExposureWeb.Chain.Tests.Rpc;

public sealed class HexQuantityTests
{
    [Theory]
    [InlineData(0UL, "0x0")]
    [InlineData(26UL, "0x1a")]
    [InlineData(ulong.MaxValue, "0xffffffffffffffff")]
    public void FormatAndParseUInt64_Value_RoundTripsCanonically(ulong value, string hex)
    {
        Assert.Equal(hex, HexQuantity.Format(value));
        Assert.Equal(value, HexQuantity.ParseUInt64(hex));
    }

    [Theory]
    [InlineData("0", "0x0")]
    [InlineData("255", "0xff")]
    [InlineData("10000000000000000000000", "0x21e19e0c9bab2400000")]
    [InlineData("115792089237316195423570985008687907853269984665640564039457584007913129639935", "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    public void FormatAndParseBigInteger_Value_RoundTripsWithoutSignPadding(string value, string hex)
    {
        BigInteger number = BigInteger.Parse(value);

        Assert.Equal(hex, HexQuantity.Format(number));
        Assert.Equal(number, HexQuantity.ParseBigInteger(hex));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0x")]
    [InlineData("1a")]
    [InlineData("0x1g")]
    [InlineData("-0x1")]
    [InlineData("0x 1")]
    [InlineData("0x10000000000000000")]
    public void ParseUInt64_Malformed_ThrowsFormatException(string? text)
    {
        Assert.Throws<FormatException>(() => HexQuantity.ParseUInt64(text));
    }

    [Fact]
    public void ParseUInt64_LeadingZeros_Tolerated()
    {
        Assert.Equal(26UL, HexQuantity.ParseUInt64("0x00000000000000000000001a"));
        Assert.Equal(26UL, HexQuantity.ParseUInt64("0X1A"));
    }

    [Fact]
    public void FormatBigInteger_Negative_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => HexQuantity.Format(BigInteger.MinusOne));
    }

    [Fact]
    public void BlockParameter_Forms_RenderAsRpcStrings()
    {
        Assert.Equal("latest", BlockParameter.Latest.ToRpcString());
        Assert.Equal("latest", default(BlockParameter).ToRpcString());
        Assert.Equal("0x1a", BlockParameter.FromNumber(26).ToRpcString());
        Assert.Equal("0x0", ((BlockParameter)0UL).ToRpcString());
    }
}
