using System.Net;
using ExposureWeb.Web.Tests.Auth;
using ExposureWeb.Web.Tests.Hosting;

namespace ExposureWeb.Web.Tests;

/// <summary>
/// <c>/hangfire</c> opens for a configured admin (Alice) whose real client is this machine; behind a proxy on this machine
/// the client is the one the proxy names, so remote browsers stay out even though every connection is loopback.
/// </summary>
[Collection(ProxiedAppCollection.Name)]
public sealed class HangfireDashboardTests(ProxiedApp app)
{
    private async Task<HttpClient> SignedInFromAsync(string peer, TestWallet wallet)
    {
        var client = PeerClient.From(app.Factory, peer);
        (await PeerClient.SignInAsync(client, wallet)).Dispose();
        return client;
    }

    private static async Task<HttpStatusCode> DashboardAsync(HttpClient client, string? relayedFor = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        if (relayedFor is not null) request.Relayed(relayedFor);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public async Task Dashboard_AdminOnThisMachine_Served(string peer)
    {
        using var client = await SignedInFromAsync(peer, TestWallet.Alice);

        Assert.Equal(HttpStatusCode.OK, await DashboardAsync(client));
    }

    [Fact]
    public async Task Dashboard_AnonymousOnThisMachine_Unauthorized()
    {
        using var client = PeerClient.From(app.Factory, "127.0.0.1");

        Assert.Equal(HttpStatusCode.Unauthorized, await DashboardAsync(client));
    }

    [Fact]
    public async Task Dashboard_SignedInUserNotAnAdmin_Forbidden()
    {
        using var client = await SignedInFromAsync("127.0.0.1", TestWallet.Bob);

        Assert.Equal(HttpStatusCode.Forbidden, await DashboardAsync(client));
    }

    [Theory]
    [InlineData("203.0.113.7")]
    [InlineData("10.0.0.5")]
    [InlineData("2001:db8::7")]
    [InlineData("::ffff:203.0.113.7")]
    public async Task Dashboard_AdminFromAnotherMachine_Forbidden(string peer)
    {
        using var client = await SignedInFromAsync(peer, TestWallet.Alice);

        Assert.Equal(HttpStatusCode.Forbidden, await DashboardAsync(client));
    }

    [Fact]
    public async Task Dashboard_AdminThroughTheLocalKnownProxyFromAnotherMachine_Forbidden()
    {
        using var client = await SignedInFromAsync(ProxiedApp.LocalProxy, TestWallet.Alice);

        Assert.Equal(HttpStatusCode.Forbidden, await DashboardAsync(client, relayedFor: "203.0.113.7"));
    }

    [Fact]
    public async Task Dashboard_AdminThroughTheLocalKnownProxyFromThisMachine_Served()
    {
        using var client = await SignedInFromAsync(ProxiedApp.LocalProxy, TestWallet.Alice);

        Assert.Equal(HttpStatusCode.OK, await DashboardAsync(client, relayedFor: "127.0.0.1"));
    }

    [Fact]
    public async Task Dashboard_AdminThroughALoopbackProxyNotConfigured_Forbidden()
    {
        // ::1 is not among the known proxies: its forwarding headers are not applied, and their presence says it relays.
        using var client = await SignedInFromAsync("::1", TestWallet.Alice);

        Assert.Equal(HttpStatusCode.Forbidden, await DashboardAsync(client, relayedFor: "203.0.113.7"));
    }

    [Fact]
    public async Task Dashboard_NoRemoteAddress_Refused()
    {
        var context = await app.Factory.Server.SendAsync(ctx =>
        {
            ctx.Request.Method = "GET";
            ctx.Request.Path = "/hangfire";
            ctx.Connection.RemoteIpAddress = null;
        });

        Assert.True(context.Response.StatusCode is 401 or 403, $"answered {context.Response.StatusCode}");
    }
}
