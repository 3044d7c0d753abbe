using System.Collections.Concurrent;
using ExposureWeb.Engine.Publishing;
using ExposureWeb.Engine.Snapshots;
using ExposureWeb.Hubs;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace ExposureWeb.Web.Tests;

/// <summary>The exposure hub through the TestServer (long polling), as an outside client and as the app's own feed.</summary>
[Collection(SharedAppCollection.Name)]
public sealed class ExposureHubTests(SharedApp app)
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

    /// <summary>
    /// Starts the connection and calls SubscribePortfolio; returns why that failed. A refused connection is closed by
    /// the server right after the handshake, so the failure is a closed connection or a HubException, never a result.
    /// </summary>
    private static async Task<Exception> SubscribeRefusedAsync(HubConnection connection, int portfolioId)
    {
        try
        {
            await connection.StartAsync();
            await connection.InvokeAsync<ExposureSnapshot?>(nameof(ExposureHub.SubscribePortfolio), portfolioId);
        }
        catch (Exception ex) when (ex is HubException or InvalidOperationException or IOException or OperationCanceledException)
        {
            return ex;
        }
        Assert.Fail("SubscribePortfolio succeeded without a token");
        throw new InvalidOperationException("unreachable");
    }

    [Fact]
    public async Task SubscribePortfolio_NoToken_RefusedAndConnectionClosed()
    {
        await using var outsider = Connect(token: null);

        var error = await SubscribeRefusedAsync(outsider, 1);

        // The server aborts the connection in OnConnectedAsync: the call meets a closed connection
        // (or, had it raced ahead of the abort, the hub's own "not authorized").
        Assert.True(error is HubException { Message: var m } ? m.Contains("not authorized", StringComparison.Ordinal) : outsider.State == HubConnectionState.Disconnected,
            $"{error.GetType().Name}: {error.Message}");
        await Poll.UntilAsync(() => outsider.State == HubConnectionState.Disconnected, "the server to close the refused connection");
    }

    [Fact]
    public async Task SubscribePortfolio_WrongToken_Refused()
    {
        await using var outsider = Connect(token: "not-the-key");

        var error = await SubscribeRefusedAsync(outsider, 1);

        Assert.NotNull(error);
        await Poll.UntilAsync(() => outsider.State == HubConnectionState.Disconnected, "the server to close the refused connection");
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

    [Fact]
    public async Task ExposureUpdated_OutsiderBesideSubscribedInsider_OutsiderReceivesNothing()
    {
        var portfolioId = Interlocked.Increment(ref _nextPortfolioId);
        var services = app.Factory.Services;
        var key = services.GetRequiredService<InternalHubKey>();

        await using var outsider = Connect(token: null);
        var outsiderReceived = new ConcurrentQueue<object>();
        outsider.On<ExposureSnapshot>(nameof(IExposureClient.ExposureUpdated), s => outsiderReceived.Enqueue(s));
        outsider.On<ChainStatus>(nameof(IExposureClient.ChainStatusChanged), s => outsiderReceived.Enqueue(s));
        await SubscribeRefusedAsync(outsider, portfolioId);

        await using var insider = Connect(key.Value);
        var insiderReceived = new ConcurrentQueue<ExposureSnapshot>();
        insider.On<ExposureSnapshot>(nameof(IExposureClient.ExposureUpdated), s => insiderReceived.Enqueue(s));
        await insider.StartAsync();
        await insider.InvokeAsync<ExposureSnapshot?>(nameof(ExposureHub.SubscribePortfolio), portfolioId);
        await insider.InvokeAsync<ChainStatus?>(nameof(ExposureHub.SubscribeChain), "local");

        var publisher = services.GetRequiredService<IExposurePublisher>();
        await publisher.PublishSnapshotAsync(Snapshot(portfolioId, 7), CancellationToken.None);
        await publisher.PublishChainStatusAsync(new ChainStatus("local", true, 7, DateTimeOffset.UtcNow, null, null), CancellationToken.None);

        // Once the insider has its message, the outsider would have had time to get its copy too.
        await Poll.UntilAsync(() => insiderReceived.Any(s => s.BlockNumber == 7), "the insider to receive the published snapshot");
        Assert.Empty(outsiderReceived);
        Assert.Equal(HubConnectionState.Disconnected, outsider.State);
    }
}
