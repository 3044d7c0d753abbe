using System.Net;

namespace ExposureWeb.Web.Tests.Hosting;

/// <summary>Forwarding headers are believed from the configured proxies only; then scheme and client are the browser's.</summary>
[Collection(ProxiedAppCollection.Name)]
public sealed class ForwardedHeadersTests(ProxiedApp app)
{
    private static string SessionCookie(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("exposure.session=", StringComparison.Ordinal));

    [Fact]
    public async Task SignIn_KnownProxyForwardsHttps_SessionCookieSecure()
    {
        using var client = PeerClient.From(app.Factory, ProxiedApp.FrontProxy);

        using var response = await PeerClient.SignInAsync(client, Auth.TestWallet.Carol, relayedFor: "198.51.100.10", scheme: "https");

        Assert.Contains("; secure", SessionCookie(response), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Page_KnownProxyForwardsHttps_AntiforgeryCookieSecure()
    {
        using var client = PeerClient.From(app.Factory, ProxiedApp.FrontProxy);
        using var signIn = await PeerClient.SignInAsync(client, Auth.TestWallet.Carol, relayedFor: "198.51.100.11", scheme: "https");
        // The browser sends its Secure cookie back over HTTPS, which the proxy turns into HTTP to the app.
        var session = SessionCookie(signIn).Split(';')[0];

        // The signed-in layout carries the sign-out form, whose antiforgery token comes with its cookie.
        using var page = new HttpRequestMessage(HttpMethod.Get, "/").Relayed("198.51.100.11", "https");
        page.Headers.Add("Cookie", session);
        using var response = await client.SendAsync(page);

        var antiforgery = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.Contains("; secure", antiforgery, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SignIn_ForwardedProtoFromAPeerThatIsNoKnownProxy_Ignored()
    {
        using var client = PeerClient.From(app.Factory, "203.0.113.40");

        using var response = await PeerClient.SignInAsync(client, Auth.TestWallet.Carol, relayedFor: "198.51.100.12", scheme: "https");

        Assert.DoesNotContain("secure", SessionCookie(response), StringComparison.OrdinalIgnoreCase);
    }
}
