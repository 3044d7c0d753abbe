using System.Net;
using System.Text.Json;
using ExposureWeb.Web.Tests.Auth;

namespace ExposureWeb.Web.Tests.Hosting;

/// <summary>The sign-in rate limit (3 a minute here) counts per real client: behind a known proxy each browser, an IPv6 client by its /64.</summary>
public sealed class SignInRateLimitTests : IAsyncLifetime
{
    private const string Proxy = "10.9.8.7";
    private const int Limit = 3;

    private readonly ExposureWebFactory _factory = new(new Dictionary<string, string?>(AuthApp.ChainSettings())
    {
        ["Proxy:KnownProxies:0"] = Proxy,
        ["Auth:SignInRequestsPerMinute"] = "3",
    });

    public Task InitializeAsync()
    {
        _ = _factory.Server;
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _factory.DisposeAsync().AsTask();

    private async Task<HttpStatusCode> ChallengeAsync(string peer, string? relayedFor = null)
    {
        using var client = PeerClient.From(_factory, peer);
        using var response = await client.SendAsync(PeerClient.Challenge(TestWallet.Dave, relayedFor));
        return response.StatusCode;
    }

    private async Task UseUpAsync(string peer, string? relayedFor = null)
    {
        for (var i = 0; i < Limit; i++) Assert.Equal(HttpStatusCode.OK, await ChallengeAsync(peer, relayedFor));
    }

    [Fact]
    public async Task Challenge_TwoBrowsersBehindOneKnownProxy_EachHasItsOwnLimit()
    {
        await UseUpAsync(Proxy, relayedFor: "198.51.100.1");

        Assert.Equal(HttpStatusCode.TooManyRequests, await ChallengeAsync(Proxy, relayedFor: "198.51.100.1"));
        Assert.Equal(HttpStatusCode.OK, await ChallengeAsync(Proxy, relayedFor: "198.51.100.2"));
    }

    [Fact]
    public async Task Challenge_ForwardedForFromAPeerThatIsNoKnownProxy_CountedAgainstThePeer()
    {
        for (var i = 0; i < Limit; i++) Assert.Equal(HttpStatusCode.OK, await ChallengeAsync("203.0.113.60", relayedFor: $"198.51.100.{20 + i}"));

        Assert.Equal(HttpStatusCode.TooManyRequests, await ChallengeAsync("203.0.113.60", relayedFor: "198.51.100.99"));
    }

    [Fact]
    public async Task Challenge_AddressesOfOneIpv6Slash64_ShareOneLimit()
    {
        for (var i = 1; i <= Limit; i++) Assert.Equal(HttpStatusCode.OK, await ChallengeAsync($"2001:db8:1:2::{i}"));

        Assert.Equal(HttpStatusCode.TooManyRequests, await ChallengeAsync("2001:db8:1:2:ffff:ffff:ffff:ffff"));
        Assert.Equal(HttpStatusCode.OK, await ChallengeAsync("2001:db8:1:3::1"));
    }

    [Fact]
    public async Task Challenge_OverTheLimit_429WithRetryAfterAndReason()
    {
        await UseUpAsync("203.0.113.70");
        using var client = PeerClient.From(_factory, "203.0.113.70");

        using var response = await client.SendAsync(PeerClient.Challenge(TestWallet.Dave));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("TooManyRequests", body.GetProperty("code").GetString());
        Assert.Contains("try again in", body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
