using System.Net;
using System.Net.Http.Json;
using ExposureWeb.Web.Tests.Auth;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;

namespace ExposureWeb.Web.Tests.Hosting;

/// <summary>
/// A client of the in-process app whose connection comes from <c>peer</c>, as Kestrel would report it: a browser on
/// this or another machine, or a reverse proxy relaying one. Cookies are kept, as a browser keeps them.
/// </summary>
internal static class PeerClient
{
    public static HttpClient From(ExposureWebFactory factory, string peer)
    {
        var handler = factory.Server.CreateHandler(ctx => ctx.Connection.RemoteIpAddress = IPAddress.Parse(peer));
        return new HttpClient(new CookieContainerHandler { InnerHandler = handler }) { BaseAddress = new Uri("http://localhost") };
    }

    /// <summary>Adds the headers a reverse proxy adds for <paramref name="client"/>, who reached it over <paramref name="scheme"/>.</summary>
    public static HttpRequestMessage Relayed(this HttpRequestMessage request, string client, string scheme = "http")
    {
        request.Headers.Add("X-Forwarded-For", client);
        request.Headers.Add("X-Forwarded-Proto", scheme);
        return request;
    }

    /// <summary>A SIWE challenge for <paramref name="wallet"/>, optionally relayed for a client.</summary>
    public static HttpRequestMessage Challenge(TestWallet wallet, string? relayedFor = null, string scheme = "http")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/auth/siwe/challenge") { Content = JsonContent.Create(new { address = wallet.Address.ToString(), chainId = AuthApp.ChainId }) };
        return relayedFor is null ? request : request.Relayed(relayedFor, scheme);
    }

    /// <summary>Signs <paramref name="wallet"/> in through <paramref name="client"/>, each request relayed for <paramref name="relayedFor"/> when given; returns the verification's response.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, TestWallet wallet, string? relayedFor = null, string scheme = "http")
    {
        using var challenge = await client.SendAsync(Challenge(wallet, relayedFor, scheme));
        challenge.EnsureSuccessStatusCode();
        var message = (await challenge.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("message").GetString()!;
        var verify = new HttpRequestMessage(HttpMethod.Post, "/auth/siwe/verify") { Content = JsonContent.Create(new { message, signature = wallet.Sign(message) }) };
        if (relayedFor is not null) verify.Relayed(relayedFor, scheme);
        var response = await client.SendAsync(verify);
        response.EnsureSuccessStatusCode();
        return response;
    }
}

/// <summary>
/// The app behind reverse proxies: one on this machine (127.0.0.1) and one in front of it (10.9.8.7) are known; Alice
/// (anvil #0) is the jobs dashboard's admin.
/// </summary>
public sealed class ProxiedApp : IAsyncLifetime
{
    public const string LocalProxy = "127.0.0.1";
    public const string FrontProxy = "10.9.8.7";

    public ExposureWebFactory Factory { get; } = new(new Dictionary<string, string?>(AuthApp.ChainSettings())
    {
        ["Proxy:KnownProxies:0"] = LocalProxy,
        ["Proxy:KnownProxies:1"] = FrontProxy,
        ["Jobs:DashboardAdmins:0"] = TestWallet.Alice.Address.ToString(),
    });

    public Task InitializeAsync()
    {
        _ = Factory.Server;
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Factory.DisposeAsync().AsTask();
}

[CollectionDefinition(Name)]
public sealed class ProxiedAppCollection : ICollectionFixture<ProxiedApp>
{
    public const string Name = "app behind known proxies";
}
