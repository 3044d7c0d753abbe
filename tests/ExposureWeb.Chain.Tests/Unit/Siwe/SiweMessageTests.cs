using System.Text.Json;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Siwe;

namespace ExposureWeb.Chain.Tests.Unit.Siwe;

public class SiweMessageTests
{
    private const string Canonical =
        "localhost:5000 wants you to sign in with your Ethereum account:\n0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\n\n" +
        "Sign in to ExposureWeb.\n\nURI: http://localhost:5000\nVersion: 1\nChain ID: 1\nNonce: 32891756abcdefgh\n" +
        "Issued At: 2026-11-23T20:00:00Z\nExpiration Time: 2026-11-23T20:10:00Z";

    public static TheoryData<int> SiweVectorIndexes()
    {
        JsonElement vectors = TestVectors.Load("eip191.json");
        return new(Enumerable.Range(0, vectors.GetArrayLength())
            .Where(i => vectors[i].TryGetProperty("siwe", out JsonElement siwe) && siwe.GetBoolean()));
    }

    [Theory]
    [MemberData(nameof(SiweVectorIndexes))]
    public void Build_ParsedVectorMessage_RoundTripsExactly(int index)
    {
        JsonElement vector = TestVectors.Load("eip191.json")[index];
        string text = vector.GetProperty("message").GetString()!;

        SiweMessage message = SiweMessage.Parse(text);

        Assert.Equal(text, message.Build());
        Assert.Equal(vector.GetProperty("address").GetString(), message.Address.ToString());
    }

    [Fact]
    public void Parse_CanonicalMessage_ReadsEveryField()
    {
        SiweMessage m = SiweMessage.Parse(Canonical);

        Assert.Equal("localhost:5000", m.Domain);
        Assert.Equal(Address.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"), m.Address);
        Assert.Equal("Sign in to ExposureWeb.", m.Statement);
        Assert.Equal("http://localhost:5000", m.Uri);
        Assert.Equal(1UL, m.ChainId);
        Assert.Equal("32891756abcdefgh", m.Nonce);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 20, 0, 0, TimeSpan.Zero), m.IssuedAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 20, 10, 0, TimeSpan.Zero), m.ExpirationTime);
        Assert.Null(m.NotBefore);
        Assert.Null(m.RequestId);
        Assert.Empty(m.Resources);
    }

    [Fact]
    public void Build_AllOptionalFieldsAndNoStatement_RoundTrips()
    {
        var m = new SiweMessage
        {
            Scheme = "https",
            Domain = "app.example.com",
            Address = Address.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"),
            Uri = "https://app.example.com/login",
            ChainId = 31337,
            Nonce = "AbCdEf0123",
            IssuedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 500, TimeSpan.Zero),
            ExpirationTime = new DateTimeOffset(2026, 1, 2, 3, 14, 5, TimeSpan.Zero),
            NotBefore = new DateTimeOffset(2026, 1, 2, 5, 4, 5, TimeSpan.FromHours(2)),
            RequestId = "req-42",
            Resources = ["ipfs://bafybeiemxf5abjwjbikoz4mc3a3dla6ual3jsgpdr4cjr3oz3evfyavhwq/", "https://example.com/my-web2-claim.json"],
        };

        string text = m.Build();

        Assert.Contains("0x70997970C51812dc3A010C7d01b50e0d17dc79C8\n\n\nURI: ", text, StringComparison.Ordinal);
        Assert.Contains("Issued At: 2026-01-02T03:04:05.5Z\n", text, StringComparison.Ordinal);
        Assert.Contains("Not Before: 2026-01-02T05:04:05+02:00\n", text, StringComparison.Ordinal);
        Assert.EndsWith("Resources:\n- ipfs://bafybeiemxf5abjwjbikoz4mc3a3dla6ual3jsgpdr4cjr3oz3evfyavhwq/\n- https://example.com/my-web2-claim.json", text, StringComparison.Ordinal);
        SiweMessage parsed = SiweMessage.Parse(text);
        Assert.Equal(text, parsed.Build());
        Assert.Equal("https", parsed.Scheme);
        Assert.Null(parsed.Statement);
        Assert.Equal(m.Resources, parsed.Resources);
        Assert.Equal(m.NotBefore, parsed.NotBefore);
    }

    [Theory]
    [InlineData("localhost:5000 wants you to sign in with your Ethereum account:", "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", 2, "address")]
    [InlineData("Nonce: 32891756abcdefgh", "Nonce: short12", 9, "Nonce")]
    [InlineData("Nonce: 32891756abcdefgh", "Nonce: 32891756abcd-efgh", 9, "Nonce")]
    [InlineData("Version: 1", "Version: 2", 7, "Version")]
    [InlineData("Chain ID: 1", "Chain ID: one", 8, "Chain ID")]
    [InlineData("Issued At: 2026-11-23T20:00:00Z", "Issued At: 2026-11-23 20:00:00", 10, "Issued At")]
    [InlineData("Expiration Time: 2026-11-23T20:10:00Z", "Expiration Time: tomorrow", 11, "Expiration Time")]
    [InlineData("URI: http://localhost:5000", "URI: not a uri", 6, "URI")]
    [InlineData("URI: http://localhost:5000", "Uri: http://localhost:5000", 6, "URI")]
    [InlineData(" wants you to sign in", " wants you to log in", 1, "domain")]
    public void Parse_BadField_ErrorNamesLineAndField(string replace, string with, int line, string field)
    {
        string text = replace.StartsWith("localhost", StringComparison.Ordinal)
            ? Canonical.Replace("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", with, StringComparison.Ordinal)
            : Canonical.Replace(replace, with, StringComparison.Ordinal);

        SiweFormatException e = Assert.Throws<SiweFormatException>(() => SiweMessage.Parse(text));

        Assert.Equal(line, e.Line);
        Assert.Equal(field, e.Field);
        Assert.Contains($"line {line}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TrailingNewline_Rejected() =>
        Assert.Equal(12, Assert.Throws<SiweFormatException>(() => SiweMessage.Parse(Canonical + "\n")).Line);

    [Fact]
    public void Parse_CrLf_Rejected() =>
        Assert.Equal(1, Assert.Throws<SiweFormatException>(() => SiweMessage.Parse(Canonical.Replace("\n", "\r\n", StringComparison.Ordinal))).Line);

    [Fact]
    public void Parse_Truncated_ReportsEarlyEnd()
    {
        SiweFormatException e = Assert.Throws<SiweFormatException>(() => SiweMessage.Parse(Canonical[..Canonical.IndexOf("\nNonce", StringComparison.Ordinal)]));

        Assert.Equal("Nonce", e.Field);
    }

    [Fact]
    public void Parse_FieldsOutOfOrder_Rejected()
    {
        string text = Canonical.Replace("Expiration Time: 2026-11-23T20:10:00Z", "Request ID: 1\nExpiration Time: 2026-11-23T20:10:00Z", StringComparison.Ordinal);

        Assert.Throws<SiweFormatException>(() => SiweMessage.Parse(text));
    }

    [Fact]
    public void TryParse_Garbage_ReturnsFalseWithError()
    {
        Assert.False(SiweMessage.TryParse("hello", out SiweMessage? message, out SiweFormatException? error));
        Assert.Null(message);
        Assert.Equal(1, error!.Line);
    }

    [Fact]
    public void Build_ShortNonce_Throws()
    {
        SiweMessage m = SiweMessage.Parse(Canonical) with { Nonce = "abc" };

        Assert.Throws<ArgumentException>(() => m.Build());
    }
}
