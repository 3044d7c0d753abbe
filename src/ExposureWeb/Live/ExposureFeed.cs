using System.Collections.Concurrent;
using ExposureWeb.Engine.Snapshots;
using ExposureWeb.Hubs;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR.Client;

namespace ExposureWeb.Live;

/// <summary>
/// The server process's one subscription to the exposure hub, fanned out in-process to every
/// circuit that shows a portfolio. Circuits call <see cref="SubscribePortfolio"/> and get a
/// disposable; the hub group is joined once per portfolio and re-joined after a reconnect.
/// </summary>
public sealed class ExposureFeed(IServer server, IHostApplicationLifetime lifetime, InternalHubKey key, ILogger<ExposureFeed> logger)
    : IHostedService, IAsyncDisposable
{
    private readonly ConcurrentDictionary<int, Listeners<ExposureSnapshot>> _portfolios = new();
    private readonly ConcurrentDictionary<string, Listeners<ChainStatus>> _chains = new(StringComparer.OrdinalIgnoreCase);
    private readonly TaskCompletionSource<HubConnection> _connection = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private HubConnection? _hub;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // The server's address is known only once it listens.
        lifetime.ApplicationStarted.Register(() => _ = ConnectAsync(lifetime.ApplicationStopping));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => _hub?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_hub is not null) await _hub.DisposeAsync();
    }

    /// <summary>The newest snapshot of a portfolio this process has received, or null.</summary>
    public ExposureSnapshot? Latest(int portfolioId) => _portfolios.TryGetValue(portfolioId, out var l) ? l.Latest : null;

    public ChainStatus? LatestChain(string chainName) => _chains.TryGetValue(chainName, out var l) ? l.Latest : null;

    /// <summary>Calls <paramref name="onUpdate"/> for every new snapshot of the portfolio until disposed.</summary>
    public IDisposable SubscribePortfolio(int portfolioId, Func<ExposureSnapshot, Task> onUpdate) =>
        Subscribe(_portfolios, portfolioId, onUpdate, hub => hub.InvokeAsync<ExposureSnapshot?>(nameof(ExposureHub.SubscribePortfolio), portfolioId));

    /// <summary>Calls <paramref name="onUpdate"/> for every status change of the chain until disposed.</summary>
    public IDisposable SubscribeChain(string chainName, Func<ChainStatus, Task> onUpdate) =>
        Subscribe(_chains, chainName, onUpdate, hub => hub.InvokeAsync<ChainStatus?>(nameof(ExposureHub.SubscribeChain), chainName));

    private IDisposable Subscribe<TKey, T>(ConcurrentDictionary<TKey, Listeners<T>> all, TKey key, Func<T, Task> onUpdate, Func<HubConnection, Task<T?>> join)
        where TKey : notnull
        where T : class
    {
        var listeners = all.GetOrAdd(key, _ => new Listeners<T>(join));
        var subscription = listeners.Add(onUpdate);
        if (listeners.TryMarkJoining()) _ = JoinAsync(listeners);
        return subscription;
    }

    private async Task JoinAsync<T>(Listeners<T> listeners) where T : class
    {
        try
        {
            var hub = await _connection.Task;
            var current = await listeners.Join(hub);
            if (current is not null) await listeners.PublishAsync(current, logger);
        }
        catch (Exception ex)
        {
            listeners.ResetJoin();
            logger.LogWarning("Exposure feed: joining a hub group failed ({Error}); it is retried on reconnect", ex.Message);
        }
    }

    private async Task ConnectAsync(CancellationToken ct)
    {
        var url = HubUrl();
        var hub = new HubConnectionBuilder()
            .WithUrl(url, o => o.AccessTokenProvider = () => Task.FromResult<string?>(key.Value))
            .WithAutomaticReconnect(new RetryForever())
            .Build();
        hub.On<ExposureSnapshot>(nameof(IExposureClient.ExposureUpdated), s => Dispatch(_portfolios, s.PortfolioId, s));
        hub.On<ChainStatus>(nameof(IExposureClient.ChainStatusChanged), s => Dispatch(_chains, s.ChainName, s));
        hub.Reconnected += async _ =>
        {
            foreach (var l in _portfolios.Values) { l.ResetJoin(); l.TryMarkJoining(); await JoinAsync(l); }
            foreach (var l in _chains.Values) { l.ResetJoin(); l.TryMarkJoining(); await JoinAsync(l); }
        };
        _hub = hub;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await hub.StartAsync(ct);
                logger.LogInformation("Exposure feed connected to {Url}", url);
                _connection.TrySetResult(hub);
                return;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                logger.LogWarning("Exposure feed: connecting to {Url} failed ({Error}); retrying", url, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), ct).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private Task Dispatch<TKey, T>(ConcurrentDictionary<TKey, Listeners<T>> all, TKey key, T value) where TKey : notnull where T : class =>
        all.TryGetValue(key, out var listeners) ? listeners.PublishAsync(value, logger) : Task.CompletedTask;

    private Uri HubUrl()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("the server has no address to connect the exposure feed to");
        // A wildcard listen address is reached through loopback.
        var uri = new UriBuilder(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "localhost") uri.Host = "127.0.0.1";
        if (uri.Host is "[::]" or "::") uri.Host = "[::1]";
        uri.Path = ExposureHub.Path;
        return uri.Uri;
    }

    private sealed class RetryForever : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext retryContext) =>
            TimeSpan.FromMilliseconds(Math.Min(2000, 100 * Math.Pow(2, retryContext.PreviousRetryCount)));
    }
}
