using System.Collections.Concurrent;
using ExposureWeb.Engine.Alerts;
using ExposureWeb.Engine.Publishing;
using ExposureWeb.Engine.Snapshots;
using ExposureWeb.Hubs;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR.Client;

namespace ExposureWeb.Live;

/// <summary>
/// The server process's one subscription to the exposure hub, fanned out in-process to every
/// circuit that shows a portfolio. Circuits call <see cref="SubscribePortfolio"/> and get a
/// disposable; the hub group is joined once per portfolio and re-joined after a reconnect or when
/// a missed delta leaves a gap. Deltas are applied to one replica per portfolio, which holds what the hub served: the
/// snapshot and the Greeks history. The page shows that and nothing else.
/// </summary>
public sealed partial class ExposureFeed(IServer server, IHostApplicationLifetime lifetime, InternalHubKey key, ILogger<ExposureFeed> logger)
    : IHostedService, IAsyncDisposable
{
    private readonly ConcurrentDictionary<int, Listeners<LivePortfolio>> _portfolios = new();
    private readonly ConcurrentDictionary<int, SnapshotReplica> _replicas = new();
    private readonly ConcurrentDictionary<int, Listeners<PortfolioAlertsChanged>> _portfolioAlerts = new();
    private readonly ConcurrentDictionary<int, Listeners<AlertToast>> _workspaceToasts = new();
    private readonly ConcurrentDictionary<string, Listeners<ChainStatus>> _chains = new(StringComparer.OrdinalIgnoreCase);
    private readonly TaskCompletionSource<HubConnection> _connection = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private HubConnection? _hub;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // The server's address is known only once it listens.
        lifetime.ApplicationStarted.Register(() => _ = ConnectAsync(lifetime.ApplicationStopping));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_hub is not { } hub) return;
        try
        {
            await hub.StopAsync(cancellationToken);
        }
        catch (ObjectDisposedException)
        {
            // A host shutting down can dispose the container's singletons (this feed's connection with them) before or
            // while it stops hosted services; a disposed connection is already stopped.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_hub is not null) await _hub.DisposeAsync();
    }

    /// <summary>What this process holds of a portfolio (snapshot and history as the hub served them), or null before its first subscription.</summary>
    public LivePortfolio? Latest(int portfolioId) => _portfolios.TryGetValue(portfolioId, out var l) ? l.Latest : null;

    public ChainStatus? LatestChain(string chainName) => _chains.TryGetValue(chainName, out var l) ? l.Latest : null;

    /// <summary>
    /// Calls <paramref name="onUpdate"/> with what the hub serves for the portfolio: once on joining (the history, and the
    /// snapshot if there is one yet), then for every new snapshot, until disposed.
    /// </summary>
    public IDisposable SubscribePortfolio(int portfolioId, Func<LivePortfolio, Task> onUpdate) =>
        Subscribe(_portfolios, portfolioId, onUpdate, async hub =>
        {
            var subscription = await hub.InvokeAsync<PortfolioSubscription>(nameof(ExposureHub.SubscribePortfolio), portfolioId);
            var replica = Replica(portfolioId);
            lock (replica)
            {
                replica.Reset(subscription);
                return LivePortfolio.Of(replica);
            }
        });

    /// <summary>
    /// Calls <paramref name="onChange"/> with the portfolio's alert instances that changed, until disposed. They travel in
    /// the portfolio's hub group, so this holds a portfolio subscription too.
    /// </summary>
    public IDisposable SubscribePortfolioAlerts(int portfolioId, Func<PortfolioAlertsChanged, Task> onChange)
    {
        var group = SubscribePortfolio(portfolioId, _ => Task.CompletedTask);
        var listeners = _portfolioAlerts.GetOrAdd(portfolioId, _ => new Listeners<PortfolioAlertsChanged>(_ => Task.FromResult<PortfolioAlertsChanged?>(null)));
        return new Subscriptions(group, listeners.Add(onChange));
    }

    /// <summary>Calls <paramref name="onToast"/> for every in-app notification of the workspace until disposed.</summary>
    /// <remarks>The caller decides who may see a workspace's toasts (its members); the process itself may join any group.</remarks>
    public IDisposable SubscribeWorkspaceAlerts(int workspaceId, Func<AlertToast, Task> onToast) =>
        Subscribe(_workspaceToasts, workspaceId, onToast, async hub =>
        {
            await hub.InvokeAsync(nameof(ExposureHub.SubscribeWorkspaceAlerts), workspaceId);
            return null;
        });

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
        hub.On<SnapshotDelta>(nameof(IExposureClient.ExposureChanged), OnDeltaAsync);
        hub.On<ChainStatus>(nameof(IExposureClient.ChainStatusChanged), s => Dispatch(_chains, s.ChainName, s));
        hub.On<PortfolioAlertsChanged>(nameof(IExposureClient.AlertsChanged), c => Dispatch(_portfolioAlerts, c.PortfolioId, c));
        hub.On<AlertToast>(nameof(IExposureClient.AlertToast), t => Dispatch(_workspaceToasts, t.WorkspaceId, t));
        OnStressRuns(hub);
        hub.Reconnected += async _ =>
        {
            foreach (var l in _portfolios.Values) { l.ResetJoin(); l.TryMarkJoining(); await JoinAsync(l); }
            foreach (var l in _chains.Values) { l.ResetJoin(); l.TryMarkJoining(); await JoinAsync(l); }
            foreach (var l in _workspaceToasts.Values) { l.ResetJoin(); l.TryMarkJoining(); await JoinAsync(l); }
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

    private SnapshotReplica Replica(int portfolioId) => _replicas.GetOrAdd(portfolioId, _ => new SnapshotReplica());

    private async Task OnDeltaAsync(SnapshotDelta delta)
    {
        if (!_portfolios.TryGetValue(delta.PortfolioId, out var listeners)) return;
        var replica = Replica(delta.PortfolioId);
        ApplyResult result;
        LivePortfolio live;
        lock (replica)
        {
            result = replica.Apply(delta);
            live = LivePortfolio.Of(replica);
        }
        if (result == ApplyResult.Applied)
        {
            await listeners.PublishAsync(live, logger);
        }
        else if (result == ApplyResult.Gap)
        {
            listeners.ResetJoin();
            if (!listeners.TryMarkJoining()) return;
            logger.LogDebug("Exposure feed: portfolio {PortfolioId} missed an update; subscribing again", delta.PortfolioId);
            _ = JoinAsync(listeners);
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

    private sealed class Subscriptions(params IDisposable[] parts) : IDisposable
    {
        public void Dispose()
        {
            foreach (var part in parts) part.Dispose();
        }
    }

    private sealed class RetryForever : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext retryContext) =>
            TimeSpan.FromMilliseconds(Math.Min(2000, 100 * Math.Pow(2, retryContext.PreviousRetryCount)));
    }
}
