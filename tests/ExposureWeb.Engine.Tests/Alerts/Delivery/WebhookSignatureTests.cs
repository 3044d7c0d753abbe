using System.Security.Cryptography;
using System.Text;
using ExposureWeb.Engine.Alerts.Delivery;

namespace ExposureWeb.Engine.Tests.Alerts.Delivery;

public class WebhookSignatureTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"rule":"r1","state":"firing"}""");
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_750_000_000);
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    [Fact]
    public void Sign_KnownInput_IsHmacSha256OfTimestampDotBodyInLowercaseHex()
    {
        // Reference computed independently: HMAC-SHA256 over the bytes of "1750000000." followed by the body.
        var expected = Convert.ToHexStringLower(
            HMACSHA256.HashData(Encoding.UTF8.GetBytes("s3cret"), Encoding.UTF8.GetBytes("1750000000." + Encoding.UTF8.GetString(Body))));

        var signature = WebhookSignature.Sign("s3cret", 1_750_000_000, Body);

        Assert.Equal("sha256=" + expected, signature);
    }

    [Fact]
    public void Verify_SignedWithTheSecret_Accepts()
    {
        var header = WebhookSignature.Header(["s3cret"], Now.ToUnixTimeSeconds(), Body);

        Assert.True(WebhookSignature.Verify(header, ["s3cret"], Now.ToUnixTimeSeconds().ToString(), Body, Now, Tolerance));
    }

    [Fact]
    public void Header_TwoActiveSecrets_ReceiverHoldingEitherVerifies()
    {
        var ts = Now.ToUnixTimeSeconds();
        var header = WebhookSignature.Header(["old-secret", "new-secret"], ts, Body);

        Assert.Equal($"{WebhookSignature.Sign("old-secret", ts, Body)}, {WebhookSignature.Sign("new-secret", ts, Body)}", header);
        Assert.True(WebhookSignature.Verify(header, ["old-secret"], ts.ToString(), Body, Now, Tolerance));
        Assert.True(WebhookSignature.Verify(header, ["new-secret"], ts.ToString(), Body, Now, Tolerance));
        Assert.True(WebhookSignature.Verify(header, ["unrelated", "new-secret"], ts.ToString(), Body, Now, Tolerance));
        Assert.False(WebhookSignature.Verify(header, ["retired-long-ago"], ts.ToString(), Body, Now, Tolerance));
    }

    [Fact]
    public void Verify_BodyChanged_Rejects()
    {
        var ts = Now.ToUnixTimeSeconds();
        var header = WebhookSignature.Header(["s3cret"], ts, Body);
        var tampered = Encoding.UTF8.GetBytes("""{"rule":"r1","state":"resolved"}""");

        Assert.False(WebhookSignature.Verify(header, ["s3cret"], ts.ToString(), tampered, Now, Tolerance));
    }

    [Fact]
    public void Verify_TimestampChangedAfterSigning_Rejects()
    {
        var ts = Now.ToUnixTimeSeconds();
        var header = WebhookSignature.Header(["s3cret"], ts, Body);

        Assert.False(WebhookSignature.Verify(header, ["s3cret"], (ts + 1).ToString(), Body, Now, Tolerance));
    }

    [Theory]
    [InlineData(-301, false)]
    [InlineData(-300, true)]
    [InlineData(0, true)]
    [InlineData(300, true)]
    [InlineData(301, false)]
    public void Verify_TimestampOffsetFromNow_AcceptedOnlyWithinTolerance(int offsetSeconds, bool accepted)
    {
        var ts = Now.ToUnixTimeSeconds() + offsetSeconds;
        var header = WebhookSignature.Header(["s3cret"], ts, Body);

        Assert.Equal(accepted, WebhookSignature.Verify(header, ["s3cret"], ts.ToString(), Body, Now, Tolerance));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256=")]
    [InlineData("sha256=zz")]
    [InlineData("md5=00112233445566778899aabbccddeeff")]
    [InlineData("sha256=0000000000000000000000000000000000000000000000000000000000000000")]
    public void Verify_MalformedOrWrongHeader_Rejects(string? header)
    {
        Assert.False(WebhookSignature.Verify(header, ["s3cret"], Now.ToUnixTimeSeconds().ToString(), Body, Now, Tolerance));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-5")]
    [InlineData(" 1750000000")]
    [InlineData("1.75e9")]
    public void Verify_MalformedTimestamp_Rejects(string? timestamp)
    {
        var header = WebhookSignature.Header(["s3cret"], Now.ToUnixTimeSeconds(), Body);

        Assert.False(WebhookSignature.Verify(header, ["s3cret"], timestamp, Body, Now, Tolerance));
    }
}
