using System.Collections.Concurrent;
using ExposureWeb.Data.Accounts;
using ExposureWeb.Engine.Publishing;
using ExposureWeb.Engine.Snapshots;
using ExposureWeb.Hubs;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using ExposureWeb.Web.Tests.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace ExposureWeb.Web.Tests;

/// <summary>The exposure hub through the TestServer (long polling): outside clients with API tokens, and the app's own feed.</summary>
[Collection(AuthAppCollection.Name)]
public sealed class ExposureHubTests(AuthApp app)
{
    private static int _nextPortfolioId = 9000;

    private HubConnection Connect(string? token)
    {
        var factory = app.Factory;
        return new HubConnectionBuilder()
            .WithUrl(new Uri(factory.Server.BaseAddress, ExposureHub.Path.TrimStart('/')), o =>
            {
                o.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                if (token is not null) o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
    }

    private static ExposureSnapshot Snapshot(int portfolioId, ulong block) => new(
        portfolioId, "local", block, "0x" + new string('a', 64), DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), DateTimeOffset.FromUnixTimeSeconds(1_700_000_001),
        [new AssetExposureRow("ETH", "ETH + WETH", 65.25, 3_000, 195_750, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), 3600, DateTimeOffset.FromUnixTimeSeconds(1_700_003_660), null)],
        []);

    private static async Task<Exception> StartRefusedAsync(HubConnection connection)
    {
        try
        {
            await connection.StartAsync();
        }
        catch (HttpRequestException ex)
        {
            return ex;
        }
        Assert.Fail("the hub accepted the connection");
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>An API token of the wallet's user (signed in for real first, so the user exists).</summary>
    private async Task<(string Token, AuthApp.Session Session)> TokenOfAsync(TestWallet wallet)
    {
        var session = await app.SignInAsync(wallet);
        var (result, _, secret) = await app.Factory.Services.GetRequiredService<ApiTokenStore>().CreateAsync(session.UserId, "hub test", TimeSpan.FromDays(1));
        Assert.True(result.Ok, result.Error);
        return (secret!, session);
    }

    [Fact]
    public async Task Connect_NoToken_Refused401()
    {
        await using var outsider = Connect(token: null);

        var error = await StartRefusedAsync(outsider);

        Assert.Contains("401", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_UnknownToken_Refused401()
    {
        await using var outsider = Connect(token: ApiTokenStore.SecretPrefix + new string('0', 64));

        var error = await StartRefusedAsync(outsider);

        Assert.Contains("401", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_RevokedToken_Refused401()
    {
        var (token, session) = await TokenOfAsync(TestWallet.Carol);
        var store = app.Factory.Services.GetRequiredService<ApiTokenStore>();
        var id = (await store.ListAsync(session.UserId)).First(t => t.RevokedAt is null).Id;
        await store.RevokeAsync(session.UserId, id);
        await using var client = Connect(token);

        var error = await StartRefusedAsync(client);

        Assert.Contains("401", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubscribePortfolio_UserTokenOwnPortfolio_ReturnsLatestThenReceivesUpdates()
    {
        var (token, session) = await TokenOfAsync(TestWallet.Alice);
        var latest = app.Factory.Services.GetRequiredService<LatestState>();
        latest.Set(Snapshot(session.PortfolioId, 41));
        await using var client = Connect(token);
        var received = new ConcurrentQueue<ExposureSnapshot>();
        client.On<ExposureSnapshot>(nameof(IExposureClient.ExposureUpdated), s => received.Enqueue(s));
        await client.StartAsync();

        var current = await client.InvokeAsync<ExposureSnapshot?>(nameof(ExposureHub.SubscribePortfolio), session.PortfolioId);
        await app.Factory.Services.GetRequiredService<IExposurePublisher>().PublishSnapshotAsync(Snapshot(session.PortfolioId, 42), CancellationToken.None);

        Assert.Equal(41UL, current!.BlockNumber);
        await Poll.UntilAsync(() => received.Any(s => s.BlockNumber == 42), "the owner to receive the published snapshot");
    }

    [Fact]
    public async Task SubscribePortfolio_AnotherUsersPortfolio_NotFoundAndNothingReceived()
    {
        var (_, alice) = await TokenOfAsync(TestWallet.Alice);
        var (bobToken, _) = await TokenOfAsync(TestWallet.Bob);
        await using var bob = Connect(bobToken);
        var leaked = new ConcurrentQueue<ExposureSnapshot>();
        bob.On<ExposureSnapshot>(nameof(IExposureClient.ExposureUpdated), s => leaked.Enqueue(s));
        await bob.StartAsync();

        var error = await Assert.ThrowsAsync<HubException>(() => bob.InvokeAsync<ExposureSnapshot?>(nameof(ExposureHub.SubscribePortfolio), alice.PortfolioId));
        var missing = await Assert.ThrowsAsync<HubException>(() => bob.InvokeAsync<ExposureSnapshot?>(nameof(ExposureHub.SubscribePortfolio), 987_654));

        // Alice's portfolio answers exactly like one that does not exist.
        Assert.Equal(missing.Message.Replace("987654", "ID", StringComparison.Ordinal), error.Message.Replace(alice.PortfolioId.ToString(System.Globalization.CultureInfo.InvariantCulture), "ID", StringComparison.Ordinal));
        // A snapshot published to Alice's group reaches an insider but not Bob.
        var key = app.Factory.Services.GetRequiredService<InternalHubKey>();
        await using var insider = Connect(key.Value);
        var insiderReceived = new ConcurrentQueue<ExposureSnapshot>();
        insider.On<ExposureSnapshot>(nameof(IExposureClient.ExposureUpdated), s => insiderReceived.Enqueue(s));
        await insider.StartAsync();
        await insider.InvokeAsync<ExposureSnapshot?>(nameof(ExposureHub.SubscribePortfolio), alice.PortfolioId);
        await app.Factory.Services.GetRequiredService<IExposurePublisher>().PublishSnapshotAsync(Snapshot(alice.PortfolioId, 77), CancellationToken.None);
        await Poll.UntilAsync(() => insiderReceived.Any(s => s.BlockNumber == 77), "the insider to receive the published snapshot");
        Assert.Empty(leaked);
    }

    [Fact]
    public async Task SubscribePortfolio_InternalKey_ReturnsLatestSnapshotThenReceivesPublishedOnes()
    {
        var portfolioId = Interlocked.Increment(ref _nextPortfolioId);
        var services = app.Factory.Services;
        var key = services.GetRequiredService<InternalHubKey>();
        var latest = services.GetRequiredService<LatestState>();
        latest.Set(Snapshot(portfolioId, 41));

        await using var insider = Connect(key.Value);
        var received = new ConcurrentQueue<ExposureSnapshot>();
        insider.On<ExposureSnapshot>(nameof(IExposureClient.ExposureUpdated), s => received.Enqueue(s));
        await insider.StartAsync();

        var current = await insider.InvokeAsync<ExposureSnapshot?>(nameof(ExposureHub.SubscribePortfolio), portfolioId);
        await services.GetRequiredService<IExposurePublisher>().PublishSnapshotAsync(Snapshot(portfolioId, 42), CancellationToken.None);

        Assert.NotNull(current);
        Assert.Equal(41UL, current.BlockNumber);
        Assert.Equal(195_750, Assert.Single(current.Assets).UsdDelta);
        await Poll.UntilAsync(() => received.Any(s => s.BlockNumber == 42), "the insider to receive the published snapshot");
        Assert.All(received, s => Assert.Equal(portfolioId, s.PortfolioId));
    }
}
