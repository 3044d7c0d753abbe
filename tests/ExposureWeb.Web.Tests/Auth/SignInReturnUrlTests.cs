using System.Net.Http.Json;

namespace ExposureWeb.Web.Tests.Auth;

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
