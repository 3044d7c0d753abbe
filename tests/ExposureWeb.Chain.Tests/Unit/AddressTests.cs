using System.Text.Json;
using ExposureWeb.Chain.Primitives;

namespace ExposureWeb.Chain.Tests.Unit;

public class AddressTests
{
    public static TheoryData<string, string> Eip55Vectors()
    {
        var data = new TheoryData<string, string>();
        foreach (JsonElement v in TestVectors.Load("eip55.json").EnumerateArray())
        {
            data.Add(v.GetProperty("lower").GetString()!, v.GetProperty("checksummed").GetString()!);
        }

        // The examples from the EIP-55 specification itself.
        data.Add("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
        data.Add("0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359");
        data.Add("0xdbf03b407c01e7cd3cbea99509d93f8dddc8c6fb", "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB");
        data.Add("0xd1220a0cf47c7b9be7a2e6ba89f429762e7b9adb", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb");
        return data;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void TryParseEntered_NothingEntered_AsksForAnAddress(string? text)
    {
        Assert.False(Address.TryParseEntered(text, out _, out string? error));
        Assert.Equal(Address.MissingError, error);
    }

    [Fact]
    public void TryParseEntered_PastedWithSpacesAround_Accepted()
    {
        Assert.True(Address.TryParseEntered("  0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed\t", out Address address, out string? error), error);
        Assert.Equal("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", address.ToString());
    }

    [Theory]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", Address.ChecksumError)]
    [InlineData("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", Address.FormatError)]
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1bea", Address.FormatError)]
    [InlineData("0x5aaeb6053f3e94 c9b9a09f33669435e7ef1beaed", Address.FormatError)]
    public void TryParseEntered_NotAnAddress_SameReasonAsTryParse(string text, string reason)
    {
        Assert.False(Address.TryParseEntered(text, out _, out string? error));
        Assert.Equal(reason, error);
        Assert.False(Address.TryParse(text, out _, out string? parseError));
        Assert.Equal(reason, parseError);
    }

    [Theory]
    [MemberData(nameof(Eip55Vectors))]
    public void ToString_LowerCaseInput_ReturnsEip55Checksum(string lower, string checksummed) =>
        Assert.Equal(checksummed, Address.Parse(lower).ToString());

    [Theory]
    [MemberData(nameof(Eip55Vectors))]
    public void Parse_ChecksummedInput_Accepted(string lower, string checksummed)
    {
        Address address = Address.Parse(checksummed);
        Assert.Equal(lower, address.ToLowerHex());
    }

    [Theory]
    [MemberData(nameof(Eip55Vectors))]
    public void Parse_AllUpperCaseInput_AcceptedWithoutChecksum(string lower, string checksummed)
    {
        string upper = "0x" + lower[2..].ToUpperInvariant();
        Assert.True(Address.TryParse(upper, out Address address, out string? error), error);
        Assert.Equal(checksummed, address.ToString());
    }

    [Theory]
    [MemberData(nameof(Eip55Vectors))]
    public void TryParse_OneLetterCaseFlipped_RejectedWithChecksumMessage(string lower, string checksummed)
    {
        _ = lower;
        int index = checksummed.IndexOfAny("abcdefABCDEF".ToCharArray(), 2);
        char flipped = char.IsUpper(checksummed[index]) ? char.ToLowerInvariant(checksummed[index]) : char.ToUpperInvariant(checksummed[index]);
        string wrong = checksummed[..index] + flipped + checksummed[(index + 1)..];
        // Flipping the only letter of an otherwise-digit address could yield an all-one-case string, which is valid.
        if (wrong.Any(char.IsAsciiLetterLower) && wrong[2..].Any(char.IsAsciiLetterUpper))
        {
            Assert.False(Address.TryParse(wrong, out _, out string? error));
            Assert.Equal("checksum mismatch (EIP-55)", error);
        }
    }

    [Fact]
    public void Parse_WrongCaseMixedAddress_ThrowsFormatExceptionWithEip55Message()
    {
        var ex = Assert.Throws<FormatException>(() => Address.Parse("0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"));
        Assert.Contains("checksum mismatch (EIP-55)", ex.Message);
    }

    [Theory]
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1bea")]
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed00")]
    [InlineData("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")]
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaeg")]
    [InlineData("0X5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_Malformed_RejectedWithFormatMessage(string? text)
    {
        Assert.False(Address.TryParse(text, out Address address, out string? error));
        Assert.Equal("expected 0x followed by 40 hex characters", error);
        Assert.Equal(Address.Zero, address);
    }

    [Fact]
    public void FromBytes_TwentyBytes_RoundTrips()
    {
        byte[] bytes = Enumerable.Range(1, 20).Select(i => (byte)i).ToArray();
        Address address = Address.FromBytes(bytes);
        Assert.Equal(bytes, address.Bytes.ToArray());
        Assert.Equal(address, Address.Parse(address.ToString()));
    }

    [Fact]
    public void FromBytes_WrongLength_ThrowsArgumentException() =>
        Assert.Throws<ArgumentException>(() => Address.FromBytes(new byte[19]));

    [Fact]
    public void Zero_EqualsDefaultAndParsedZero()
    {
        Address parsed = Address.Parse("0x0000000000000000000000000000000000000000");
        Assert.Equal(default, Address.Zero);
        Assert.Equal(parsed, Address.Zero);
        Assert.Equal(parsed.GetHashCode(), default(Address).GetHashCode());
        Assert.Equal("0x0000000000000000000000000000000000000000", default(Address).ToString());
    }

    [Fact]
    public void Equality_DifferentCaseSameAddress_EqualAndSameHash()
    {
        Address a = Address.Parse("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed");
        Address b = Address.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
        Assert.True(a == b);
        Assert.False(a != b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, Address.Zero);
    }

    [Fact]
    public void JsonSerialize_Address_WritesChecksummedString()
    {
        Address address = Address.Parse("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed");
        Assert.Equal("{\"A\":\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\"}", JsonSerializer.Serialize(new { A = address }));
    }

    [Fact]
    public void JsonDeserialize_LowerCaseString_ReadsAddress()
    {
        Address address = JsonSerializer.Deserialize<Address>("\"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed\"");
        Assert.Equal("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", address.ToString());
    }

    [Theory]
    [InlineData("\"0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\"")]
    [InlineData("\"0x1234\"")]
    [InlineData("42")]
    public void JsonDeserialize_Invalid_ThrowsJsonException(string json) =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Address>(json));
}
