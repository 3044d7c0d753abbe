using System.Net;
using ExposureWeb.Web.Tests.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ExposureWeb.Web.Tests.Auth;

/// <summary>
/// The dev-chain sign-in is for this machine only, decided on the real client: a browser elsewhere that reaches the app
/// through a proxy on this machine is refused before anything else (this app's dev chain is off, so a request that
/// passes that check is answered 503).
/// </summary>
[Collection(ProxiedAppCollection.Name)]
public sealed class DevChainSignInTests(ProxiedApp app)
{
    /// <summary>Posts the sign-in form as the sign-in page does, with a valid antiforgery token, from <paramref name="peer"/>.</summary>
    private async Task<HttpResponseMessage> PostFormAsync(string peer, string? relayedFor)
    {
        var antiforgery = app.Factory.Services.GetRequiredService<IAntiforgery>();
        var issued = new DefaultHttpContext { RequestServices = app.Factory.Services };
        var tokens = antiforgery.GetAndStoreTokens(issued);
        var cookie = issued.Response.Headers.SetCookie.ToString().Split(';')[0];
        using var client = PeerClient.From(app.Factory, peer);
        var request = new HttpRequestMessage(HttpMethod.Post, "/auth/devchain/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { [tokens.FormFieldName] = tokens.RequestToken!, ["returnUrl"] = "/" }),
        };
        request.Headers.Add("Cookie", cookie);
        if (relayedFor is not null) request.Relayed(relayedFor);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task SignIn_ThisMachineDirectly_PassesTheLoopbackCheck()
    {
        using var response = await PostFormAsync("127.0.0.1", relayedFor: null);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task SignIn_LocalKnownProxyRelayingAnotherMachine_Forbidden()
    {
        using var response = await PostFormAsync(ProxiedApp.LocalProxy, relayedFor: "203.0.113.9");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("only offered to this machine", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_LoopbackPeerNotConfiguredAsProxyRelayingAnotherMachine_Forbidden()
    {
        using var response = await PostFormAsync("::1", relayedFor: "203.0.113.9");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
