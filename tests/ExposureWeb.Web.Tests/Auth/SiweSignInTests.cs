using System.Net;
using ExposureWeb.Chain.Siwe;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ExposureWeb.Web.Tests.Auth;

/// <summary>Sign-In with Ethereum over HTTP against the real app: every refusal names its reason; a good message signs in.</summary>
[Collection(AuthAppCollection.Name)]
public sealed class SiweSignInTests(AuthApp app)
{
    private HttpClient NewClient() => app.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private static void AssertRefused((int Status, System.Text.Json.JsonElement Body) result, string code, string reasonPart)
    {
        Assert.Equal(400, result.Status);
        Assert.Equal(code, result.Body.GetProperty("code").GetString());
        Assert.Contains(reasonPart, result.Body.GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Verify_ValidSignedChallenge_SessionOpensApiAnswersAndFirstPortfolioWatchesWallet()
    {
        using var client = NewClient();
        var wallet = TestWallet.Carol;
        var message = await wallet.ChallengeAsync(client);

        var (status, body) = await TestWallet.VerifyAsync(client, message, wallet.Sign(message));
        var portfolios = await client.GetStringAsync("/api/portfolios");

        Assert.Equal(200, status);
        Assert.Equal(wallet.Address.ToString(), body.GetProperty("address").GetString());
        Assert.StartsWith("/portfolios/", body.GetProperty("redirect").GetString(), StringComparison.Ordinal);
        Assert.Contains(wallet.Address.ToString(), portfolios, StringComparison.Ordinal);
        Assert.Contains("\"role\":\"owner\"", portfolios, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Challenge_ServerBuiltMessage_HasDomainUriChainNonceAndExpiry()
    {
        using var client = NewClient();

        var message = SiweMessage.Parse(await TestWallet.Dave.ChallengeAsync(client));

        // The in-process test server listens nowhere: the origin is the configured loopback URL, as `dotnet run` serves it.
        Assert.Equal("127.0.0.1:5000", message.Domain);
        Assert.Equal("http://127.0.0.1:5000", message.Uri);
        Assert.Equal(AuthApp.ChainId, message.ChainId);
        Assert.Equal(TestWallet.Dave.Address, message.Address);
        Assert.True(message.Nonce.Length >= 8 && message.Nonce.All(char.IsAsciiLetterOrDigit));
        Assert.NotNull(message.ExpirationTime);
        Assert.InRange(message.ExpirationTime.Value - message.IssuedAt, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15));
    }

    [Fact]
    public async Task Verify_ReplayedNonce_SecondUseRefused()
    {
        using var client = NewClient();
        var wallet = TestWallet.Dave;
        var message = await wallet.ChallengeAsync(client);
        var signature = wallet.Sign(message);
        Assert.Equal(200, (await TestWallet.VerifyAsync(client, message, signature)).Status);

        using var attacker = NewClient();
        AssertRefused(await TestWallet.VerifyAsync(attacker, message, signature), nameof(SiweFailure.NonceRejected), "already been used");
    }

    [Fact]
    public async Task Verify_WrongDomain_RefusedAndNonceStillUsable()
    {
        using var client = NewClient();
        var wallet = TestWallet.Dave;
        var message = await wallet.ChallengeAsync(client);
        var phished = (SiweMessage.Parse(message) with { Domain = "evil.example" }).Build();

        AssertRefused(await TestWallet.VerifyAsync(client, phished, wallet.Sign(phished)), nameof(SiweFailure.WrongDomain), "evil.example");
        // A refused message does not use up the nonce: the genuine message still signs in.
        Assert.Equal(200, (await TestWallet.VerifyAsync(client, message, wallet.Sign(message))).Status);
    }

    [Fact]
    public async Task Verify_WrongChainId_RefusedNamingServedChains()
    {
        using var client = NewClient();
        var wallet = TestWallet.Dave;
        var message = (await wallet.ChallengeAsync(client)).Replace($"Chain ID: {AuthApp.ChainId}", "Chain ID: 1", StringComparison.Ordinal);

        AssertRefused(await TestWallet.VerifyAsync(client, message, wallet.Sign(message)), nameof(SiweFailure.WrongChainId), "chain id 1 is not served here");
    }

    [Fact]
    public async Task Challenge_UnservedChain_RefusedBeforeAnyNonce()
    {
        using var client = NewClient();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestWallet.Dave.ChallengeAsync(client, chainId: 5));

        Assert.Contains("WrongChainId", error.Message, StringComparison.Ordinal);
        Assert.Contains("local (chain id 31337)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ExpiredMessage_Refused()
    {
        using var client = NewClient();
        var wallet = TestWallet.Dave;
        var issued = SiweMessage.Parse(await wallet.ChallengeAsync(client));
        var expired = (issued with { IssuedAt = issued.IssuedAt.AddHours(-2), ExpirationTime = issued.IssuedAt.AddHours(-1) }).Build();

        AssertRefused(await TestWallet.VerifyAsync(client, expired, wallet.Sign(expired)), nameof(SiweFailure.Expired), "expir");
    }

    [Fact]
    public async Task Verify_SignatureByAnotherAddress_RefusedAsSignerMismatch()
    {
        using var client = NewClient();
        var message = await TestWallet.Dave.ChallengeAsync(client);

        // Bob signs Dave's message. The contract-wallet fallback meets this app's dead node and says so.
        var result = await TestWallet.VerifyAsync(client, message, TestWallet.Bob.Sign(message));

        AssertRefused(result, nameof(SiweFailure.SignerMismatch), "not made by " + TestWallet.Dave.Address);
        // The node's address is the operator's business: the answer names the chain, not where its node is.
        Assert.DoesNotContain("127.0.0.1", result.Body.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("http://", result.Body.GetRawText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("")]
    [InlineData("localhost wants you to sign in with your Ethereum account:\n0xnot-an-address\n\nURI: http://localhost\nVersion: 1\nChain ID: 31337\nNonce: abcdefgh12\nIssued At: 2026-01-01T00:00:00Z")]
    public async Task Verify_MalformedMessage_RefusedAsMalformed(string text)
    {
        using var client = NewClient();

        AssertRefused(await TestWallet.VerifyAsync(client, text, TestWallet.Dave.Sign(text.Length == 0 ? " " : text)), nameof(SiweFailure.MalformedMessage), "");
    }

    [Fact]
    public async Task Verify_NonceNeverIssued_Refused()
    {
        using var client = NewClient();
        var wallet = TestWallet.Dave;
        var forged = (SiweMessage.Parse(await wallet.ChallengeAsync(client)) with { Nonce = "ForgedNonce12345" }).Build();

        AssertRefused(await TestWallet.VerifyAsync(client, forged, wallet.Sign(forged)), nameof(SiweFailure.NonceRejected), "not issued by this server");
    }

    [Fact]
    public async Task Verify_NonceIssuedToAnotherAddress_Refused()
    {
        using var client = NewClient();
        var forDave = SiweMessage.Parse(await TestWallet.Dave.ChallengeAsync(client));
        var bobs = (forDave with { Address = TestWallet.Bob.Address }).Build();

        AssertRefused(await TestWallet.VerifyAsync(client, bobs, TestWallet.Bob.Sign(bobs)), nameof(SiweFailure.NonceRejected), "issued to another address");
    }

    [Fact]
    public async Task Challenge_InvalidAddress_400WithReason()
    {
        using var client = NewClient();

        using var response = await client.PostAsync("/auth/siwe/challenge",
            new StringContent("{\"address\":\"0x123\",\"chainId\":31337}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("InvalidAddress", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignOut_WithAntiforgeryFromPage_EndsSession()
    {
        using var client = await TestWallet.Dave.SignInAsync(app.Factory);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/portfolios")).StatusCode);
        var home = await client.GetStringAsync("/");
        var token = System.Text.RegularExpressions.Regex.Match(home, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;

        using var signOut = await client.PostAsync("/auth/signout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/portfolios")).StatusCode);
    }

    [Fact]
    public async Task SignOut_WithoutAntiforgeryToken_RefusedSessionKept()
    {
        using var client = await TestWallet.Dave.SignInAsync(app.Factory);

        using var signOut = await client.PostAsync("/auth/signout", new FormUrlEncodedContent(new Dictionary<string, string>()));

        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/portfolios")).StatusCode);
    }
}
