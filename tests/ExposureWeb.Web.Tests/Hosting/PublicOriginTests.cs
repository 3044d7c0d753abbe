using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ExposureWeb.Chain.Siwe;
using ExposureWeb.Data;
using ExposureWeb.Web.Tests.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ExposureWeb.Web.Tests.Hosting;

/// <summary>
/// The app on Kestrel (loopback, free port) with no <c>Auth:PublicOrigin</c>: sign-in messages name the address it
/// listens on, whatever Host a request carries, so a site relaying requests under its own name cannot have a wallet
/// sign for it.
/// </summary>
public sealed class PublicOriginTests(KestrelApp app) : IClassFixture<KestrelApp>
{
    private readonly ExposureWebFactory _factory = app.Factory;

    private Uri Listening => _factory.ClientOptions.BaseAddress;

    private HttpClient Client() => new() { BaseAddress = Listening };

    /// <summary>This machine under another of its names: a Host header the app accepts, but not the origin it listens on.</summary>
    private string OtherLoopbackName => $"localhost:{Listening.Port}";

    private static async Task<(int Status, JsonElement Body)> PostAsync(HttpClient client, string path, object body, string? host = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (host is not null) request.Headers.Host = host;
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    private static object ChallengeBody(TestWallet wallet) => new { address = wallet.Address.ToString(), chainId = AuthApp.ChainId };

    private Task<int> NonceCountAsync() => app.NonceCountAsync();

    [Fact]
    public async Task Challenge_RequestHostIsAnotherNameOfThisMachine_MessageNamesTheListeningOrigin()
    {
        using var client = Client();

        var (status, body) = await PostAsync(client, "/auth/siwe/challenge", ChallengeBody(TestWallet.Dave), host: OtherLoopbackName);

        Assert.Equal(200, status);
        var message = SiweMessage.Parse(body.GetProperty("message").GetString()!);
        Assert.Equal($"127.0.0.1:{Listening.Port}", message.Domain);
        Assert.Equal($"http://127.0.0.1:{Listening.Port}", message.Uri);
    }

    [Fact]
    public async Task Challenge_ForeignHostHeader_Refused400WithoutStoringANonce()
    {
        using var client = Client();
        var before = await NonceCountAsync();

        var (status, body) = await PostAsync(client, "/auth/siwe/challenge", ChallengeBody(TestWallet.Dave), host: "evil.example");

        Assert.Equal(400, status);
        Assert.NotEqual(JsonValueKind.Object, body.ValueKind); // no message at all, let alone one naming evil.example
        Assert.Equal(before, await NonceCountAsync());
    }

    [Fact]
    public async Task Verify_MessageRewrittenToNameTheRequestHost_RefusedAsWrongDomain()
    {
        using var client = Client();
        var wallet = TestWallet.Dave;
        var (_, challenge) = await PostAsync(client, "/auth/siwe/challenge", ChallengeBody(wallet));
        var genuine = SiweMessage.Parse(challenge.GetProperty("message").GetString()!);
        // What a relay would have the victim sign: the same message, naming the host the request came in under.
        var relayed = (genuine with { Domain = OtherLoopbackName, Uri = $"http://{OtherLoopbackName}" }).Build();

        var (status, body) = await PostAsync(client, "/auth/siwe/verify", new { message = relayed, signature = wallet.Sign(relayed) }, host: OtherLoopbackName);

        Assert.Equal(400, status);
        Assert.Equal(nameof(SiweFailure.WrongDomain), body.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Page_HostHeaderOfAnotherSite_Refused400()
    {
        using var client = Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/signin");
        request.Headers.Host = "rebound.example";

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}

/// <summary>The app on Kestrel on a free loopback port, with the sign-in chain, as `dotnet run` serves it.</summary>
public sealed class KestrelApp : IAsyncLifetime
{
    public ExposureWebFactory Factory { get; } = new(new Dictionary<string, string?>(AuthApp.ChainSettings()) { ["urls"] = "http://127.0.0.1:0" });

    public Task InitializeAsync()
    {
        Factory.UseKestrel();
        Factory.StartServer();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Factory.DisposeAsync().AsTask();

    public async Task<int> NonceCountAsync()
    {
        await using var db = await Factory.Services.GetRequiredService<IDbContextFactory<ExposureDbContext>>().CreateDbContextAsync();
        return await db.SignInNonces.CountAsync();
    }
}

/// <summary>With <c>Auth:PublicOrigin</c> set: the messages name it, and the app answers for its host and loopback only.</summary>
public sealed class ConfiguredPublicOriginTests : IAsyncLifetime
{
    private const string Origin = "https://exposure.example.com";

    private readonly ExposureWebFactory _factory = new(new Dictionary<string, string?>(AuthApp.ChainSettings()) { ["Auth:PublicOrigin"] = Origin });

    public Task InitializeAsync()
    {
        _ = _factory.Server;
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _factory.DisposeAsync().AsTask();

    [Theory]
    [InlineData("http://exposure.example.com")]
    [InlineData("http://localhost")]
    public async Task Challenge_PublicOriginSet_MessageNamesItWhicheverAllowedHostAsked(string via)
    {
        using var client = _factory.CreateClient(new() { BaseAddress = new Uri(via) });

        var message = SiweMessage.Parse(await TestWallet.Dave.ChallengeAsync(client));

        Assert.Equal("exposure.example.com", message.Domain);
        Assert.Equal(Origin, message.Uri);
    }

    [Fact]
    public async Task Challenge_PublicOriginSetHostOfAnotherSite_Refused400()
    {
        using var client = _factory.CreateClient(new() { BaseAddress = new Uri("http://phish.example") });

        using var response = await client.PostAsJsonAsync("/auth/siwe/challenge", new { address = TestWallet.Dave.Address.ToString(), chainId = AuthApp.ChainId });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
