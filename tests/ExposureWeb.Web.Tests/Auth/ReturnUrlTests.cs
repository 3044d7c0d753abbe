using System.Net.Http.Json;
using ExposureWeb.Auth;

namespace ExposureWeb.Web.Tests.Auth;

/// <summary>Return URLs after sign-in: local paths only, judged after what a browser does to a URL.</summary>
public sealed class ReturnUrlTests
{
    [Theory]
    [InlineData("/portfolios/12")]
    [InlineData("/portfolios/12/stress?run=3")]
    [InlineData("/account/tokens")]
    public void Local_PathOfThisSite_Kept(string url)
    {
        Assert.Equal(url, ReturnUrls.Local(url));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("\\\\evil.example")]
    [InlineData("/\t/evil.example")] // the browser drops the tab: //evil.example
    [InlineData("/\n/evil.example")]
    [InlineData("/\r/evil.example")]
    [InlineData(" //evil.example")]
    [InlineData("/%2Fevil.example")] // decoded once more on its way: //evil.example
    [InlineData("/%09/evil.example")]
    [InlineData("/%5Cevil.example")]
    [InlineData("%2F%2Fevil.example")]
    [InlineData("/%252F%252Fevil.example")]
    [InlineData("/%25252525252F")]
    [InlineData("/signin?ReturnUrl=%2F")]
    [InlineData("javascript:alert(1)")]
    [InlineData("/portfolios/1\u0085")]
    public void Local_NotAPlainLocalPath_Refused(string? url)
    {
        Assert.Null(ReturnUrls.Local(url));
    }

    [Fact]
    public void Local_Overlong_Refused()
    {
        Assert.Null(ReturnUrls.Local("/" + new string('a', ReturnUrls.MaxLength)));
    }
}

/// <summary>The wallet sign-in's answer names where the browser goes next; the sign-in script follows it.</summary>
[Collection(AuthAppCollection.Name)]
public sealed class SignInReturnUrlTests(AuthApp app)
{
    [Theory]
    [InlineData("/\t/evil.example")]
    [InlineData("/\n/evil.example")]
    [InlineData("/%2F%09%2Fevil.example")]
    public async Task Verify_ReturnUrlLeadingToAnotherSite_LandsOnOwnPortfolio(string returnUrl)
    {
        using var client = app.Factory.CreateClient(new() { AllowAutoRedirect = false });
        var wallet = TestWallet.Carol;
        var message = await wallet.ChallengeAsync(client);

        using var response = await client.PostAsJsonAsync("/auth/siwe/verify", new { message, signature = wallet.Sign(message), returnUrl });
        var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.StartsWith("/portfolios/", body.GetProperty("redirect").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_LocalReturnUrl_LandsThere()
    {
        using var client = app.Factory.CreateClient(new() { AllowAutoRedirect = false });
        var wallet = TestWallet.Carol;
        var message = await wallet.ChallengeAsync(client);

        using var response = await client.PostAsJsonAsync("/auth/siwe/verify", new { message, signature = wallet.Sign(message), returnUrl = "/account/tokens" });
        var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();

        Assert.Equal("/account/tokens", body.GetProperty("redirect").GetString());
    }
}
