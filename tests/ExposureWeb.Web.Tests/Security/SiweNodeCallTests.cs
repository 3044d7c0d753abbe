using System.Globalization;
using ExposureWeb.Chain.Siwe;
using ExposureWeb.Web.Tests.Auth;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ExposureWeb.Web.Tests.Security;

/// <summary>
/// A sign-in's signature is judged before the node is asked anything: one that is not a signature at all never reaches
/// the node, and only an address with contract code is asked about EIP-1271. The node's address never appears in an answer.
/// </summary>
public sealed class SiweNodeCallTests : IAsyncLifetime
{
    private StandInNode _node = null!;
    private ExposureWebFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _node = await StandInNode.StartAsync();
        var settings = AuthApp.ChainSettings();
        settings["Chains:0:rpcUrls:0"] = _node.Url.ToString();
        _factory = new ExposureWebFactory(settings);
        _ = _factory.Server;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _node.DisposeAsync();
    }

    private HttpClient NewClient() => _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Theory]
    [InlineData("0x1234")]
    [InlineData("0x")]
    [InlineData("0xzz")]
    [InlineData("0x123")]
    [InlineData("oversized")]
    public async Task Verify_MalformedSignature_RefusedWithoutAnyNodeCallAndNoUrlInError(string signature)
    {
        if (signature == "oversized") signature = "0x" + new string('a', 2 * (SiweVerifier.MaxSignatureBytes + 1));
        using var client = NewClient();
        var wallet = TestWallet.Carol;
        var message = await wallet.ChallengeAsync(client);

        var (status, body) = await TestWallet.VerifyAsync(client, message, signature);

        Assert.Equal(400, status);
        Assert.Equal(nameof(SiweFailure.MalformedSignature), body.GetProperty("code").GetString());
        Assert.Empty(_node.Mentioning(wallet.Address.ToString()[2..]));
        AssertNoNodeAddress(body.GetRawText());
    }

    [Fact]
    public async Task Verify_AnotherKeysSignatureForAddressWithoutCode_OnlyCodeAskedNoEip1271Call()
    {
        using var client = NewClient();
        var message = await TestWallet.Dave.ChallengeAsync(client);

        var (status, body) = await TestWallet.VerifyAsync(client, message, TestWallet.Bob.Sign(message));

        Assert.Equal(400, status);
        Assert.Equal(nameof(SiweFailure.SignerMismatch), body.GetProperty("code").GetString());
        var asked = _node.Mentioning(TestWallet.Dave.Address.ToString()[2..]);
        Assert.Equal(["eth_getCode"], asked.Select(r => r.Method));
        Assert.Contains("no contract code", body.GetProperty("error").GetString(), StringComparison.Ordinal);
        AssertNoNodeAddress(body.GetRawText());
    }

    private void AssertNoNodeAddress(string text)
    {
        Assert.DoesNotContain(_node.Url.Port.ToString(CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", text, StringComparison.Ordinal);
    }
}
