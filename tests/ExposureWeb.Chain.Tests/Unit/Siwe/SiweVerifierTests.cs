using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Siwe;
using ExposureWeb.Chain.Tests.Unit.Crypto;
using Nethereum.Signer;

namespace ExposureWeb.Chain.Tests.Unit.Siwe;

public class SiweVerifierTests
{
    private static readonly DateTimeOffset Issued = new(2026, 11, 23, 20, 0, 0, TimeSpan.Zero);

    private static readonly SiweExpectations Expect = new("localhost:5000", "http://localhost:5000", 1, Issued.AddMinutes(1), TimeSpan.FromSeconds(30));

    private static SiweMessage Message(Address? address = null) => new()
    {
        Domain = "localhost:5000",
        Address = address ?? AnvilKeys.AddressOf(AnvilKeys.Account0),
        Statement = "Sign in to ExposureWeb.",
        Uri = "http://localhost:5000",
        ChainId = 1,
        Nonce = "32891756abcdefgh",
        IssuedAt = Issued,
        ExpirationTime = Issued.AddMinutes(10),
    };

    private static (string Text, string Signature) Signed(SiweMessage message, EthECKey? key = null)
    {
        string text = message.Build();
        return (text, AnvilKeys.SignPersonal(text, key ?? AnvilKeys.Account0));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(7)]
    public void Verify_VectorMessageAndSignature_Accepted(int index)
    {
        var vector = TestVectors.Load("eip191.json")[index];

        SiweVerificationResult result = SiweVerifier.Verify(vector.GetProperty("message").GetString(), vector.GetProperty("signature").GetString(), Expect);

        Assert.True(result.IsValid, result.Reason);
        Assert.Equal(SiweFailure.None, result.Failure);
        Assert.Equal(Address.Parse(vector.GetProperty("address").GetString()!), result.Address);
    }

    [Fact]
    public void Verify_MalformedMessage_RefusedAsMalformedMessage()
    {
        SiweVerificationResult result = SiweVerifier.Verify("hello", "0x00", Expect);

        Assert.Equal(SiweFailure.MalformedMessage, result.Failure);
        Assert.Contains("line 1", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_WrongDomain_Refused()
    {
        var (text, signature) = Signed(Message() with { Domain = "evil.example" });

        Assert.Equal(SiweFailure.WrongDomain, SiweVerifier.Verify(text, signature, Expect).Failure);
    }

    [Fact]
    public void Verify_WrongUri_Refused()
    {
        var (text, signature) = Signed(Message() with { Uri = "https://evil.example" });

        Assert.Equal(SiweFailure.WrongUri, SiweVerifier.Verify(text, signature, Expect).Failure);
    }

    [Fact]
    public void Verify_WrongChainId_Refused()
    {
        var (text, signature) = Signed(Message() with { ChainId = 10 });

        Assert.Equal(SiweFailure.WrongChainId, SiweVerifier.Verify(text, signature, Expect).Failure);
    }

    [Fact]
    public void Verify_PastExpirationBeyondSkew_RefusedAsExpired()
    {
        var (text, signature) = Signed(Message());

        Assert.Equal(SiweFailure.Expired, SiweVerifier.Verify(text, signature, Expect with { Now = Issued.AddMinutes(11) }).Failure);
        Assert.True(SiweVerifier.Verify(text, signature, Expect with { Now = Issued.AddMinutes(10).AddSeconds(20) }).IsValid);
    }

    [Fact]
    public void Verify_NotBeforeInFuture_RefusedAsNotYetValid()
    {
        var (text, signature) = Signed(Message() with { NotBefore = Issued.AddMinutes(5) });

        Assert.Equal(SiweFailure.NotYetValid, SiweVerifier.Verify(text, signature, Expect).Failure);
        Assert.True(SiweVerifier.Verify(text, signature, Expect with { Now = Issued.AddMinutes(5) }).IsValid);
    }

    [Fact]
    public void Verify_IssuedAtInFutureBeyondSkew_RefusedAsNotYetValid()
    {
        var (text, signature) = Signed(Message());

        Assert.Equal(SiweFailure.NotYetValid, SiweVerifier.Verify(text, signature, Expect with { Now = Issued.AddMinutes(-1) }).Failure);
        Assert.True(SiweVerifier.Verify(text, signature, Expect with { Now = Issued.AddSeconds(-20) }).IsValid);
    }

    [Fact]
    public void Verify_SignedByAnotherAddress_RefusedAsSignerMismatch()
    {
        var (text, signature) = Signed(Message(), AnvilKeys.Account1);

        SiweVerificationResult result = SiweVerifier.Verify(text, signature, Expect);

        Assert.Equal(SiweFailure.SignerMismatch, result.Failure);
        Assert.Null(result.Address);
    }

    [Fact]
    public void Verify_TamperedMessage_RefusedAsSignerMismatch()
    {
        var (text, signature) = Signed(Message());

        Assert.Equal(SiweFailure.SignerMismatch, SiweVerifier.Verify(text.Replace("Sign in", "Sign In", StringComparison.Ordinal), signature, Expect).Failure);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0x")]
    [InlineData("zz")]
    [InlineData("0x1234")]
    [InlineData("0xnothex")]
    public void Verify_MalformedSignature_Refused(string? signature)
    {
        var (text, _) = Signed(Message());

        Assert.Equal(SiweFailure.MalformedSignature, SiweVerifier.Verify(text, signature, Expect).Failure);
    }

    [Fact]
    public void Verify_HighSSignature_RefusedAsMalformedSignature()
    {
        var (text, signature) = Signed(Message());
        byte[] bytes = Hex.Decode(signature);
        bytes[32] |= 0x80; // s above n/2

        Assert.Equal(SiweFailure.MalformedSignature, SiweVerifier.Verify(text, Hex.Encode(bytes), Expect).Failure);
    }

    [Fact]
    public async Task VerifyAsync_NonceCallbackSaysUsed_RefusedAsNonceRejected()
    {
        var (text, signature) = Signed(Message());
        string? asked = null;

        SiweVerificationResult result = await SiweVerifier.VerifyAsync(text, signature, Expect, client: null,
            nonceIsUnused: (nonce, _) => { asked = nonce; return ValueTask.FromResult(false); });

        Assert.Equal(SiweFailure.NonceRejected, result.Failure);
        Assert.Equal("32891756abcdefgh", asked);
    }

    [Fact]
    public async Task VerifyAsync_RefusedMessage_DoesNotAskNonce()
    {
        var (text, signature) = Signed(Message() with { ChainId = 5 });
        bool asked = false;

        SiweVerificationResult result = await SiweVerifier.VerifyAsync(text, signature, Expect, client: null,
            nonceIsUnused: (_, _) => { asked = true; return ValueTask.FromResult(true); });

        Assert.Equal(SiweFailure.WrongChainId, result.Failure);
        Assert.False(asked);
    }
}
