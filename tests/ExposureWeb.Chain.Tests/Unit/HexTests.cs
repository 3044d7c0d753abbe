using ExposureWeb.Chain.Primitives;

namespace ExposureWeb.Chain.Tests.Unit;

public class HexTests
{
    [Fact]
    public void Encode_Default_LowerCaseWithPrefix() =>
        Assert.Equal("0x00abff", Hex.Encode([0x00, 0xAB, 0xFF]));

    [Fact]
    public void Encode_NoPrefix_OmitsPrefix() =>
        Assert.Equal("00abff", Hex.Encode([0x00, 0xAB, 0xFF], prefix: false));

    [Fact]
    public void Encode_Empty_ReturnsBarePrefix() => Assert.Equal("0x", Hex.Encode([]));

    [Theory]
    [InlineData("0x00abff")]
    [InlineData("00abff")]
    [InlineData("0X00ABFF")]
    [InlineData("0x00AbFf")]
    public void Decode_ValidInput_ReturnsBytes(string hex) => Assert.Equal(new byte[] { 0x00, 0xAB, 0xFF }, Hex.Decode(hex));

    [Theory]
    [InlineData("")]
    [InlineData("0x")]
    public void Decode_EmptyBody_ReturnsEmpty(string hex) => Assert.Empty(Hex.Decode(hex));

    [Fact]
    public void Decode_OddLength_ThrowsFormatExceptionMentioningOddDigits()
    {
        var ex = Assert.Throws<FormatException>(() => Hex.Decode("0xabc"));
        Assert.Contains("odd number of digits", ex.Message);
    }

    [Fact]
    public void Decode_NonHexCharacter_ThrowsFormatExceptionNamingCharacter()
    {
        var ex = Assert.Throws<FormatException>(() => Hex.Decode("0x0g"));
        Assert.Contains("'g'", ex.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("0x1")]
    [InlineData("zz")]
    [InlineData("0x 1")]
    public void TryDecode_InvalidInput_ReturnsFalse(string? hex)
    {
        Assert.False(Hex.TryDecode(hex, out byte[] bytes));
        Assert.Empty(bytes);
    }

    [Fact]
    public void TryDecode_ValidInput_ReturnsTrueAndBytes()
    {
        Assert.True(Hex.TryDecode("0x0102", out byte[] bytes, out string? error));
        Assert.Equal(new byte[] { 1, 2 }, bytes);
        Assert.Null(error);
    }
}
