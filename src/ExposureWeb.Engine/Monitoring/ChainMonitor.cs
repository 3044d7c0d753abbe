using System.Threading.Channels;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.Engine.Alerts;
using ExposureWeb.Engine.Publishing;
using ExposureWeb.Engine.Reading;
using ExposureWeb.Engine.Snapshots;
using Microsoft.Extensions.Logging;

namespace ExposureWeb.Engine.Monitoring;

/// <summary>
/// Follows one chain: watches new heads, checks the node is the chain the profile names, and on
/// each head reads every portfolio on that chain pinned to that block, all in one batched read
/// (<see cref="PortfolioSnapshotReader.ReadAllAsync"/>), publishing snapshots as they are priced. Heads that
/// arrive while a cycle is running are coalesced to the newest, so a slow node never builds a backlog. When the
/// node stops answering, the status says so and the last snapshots stay as they were.
/// </summary>
/// <remarks>
/// <para>RPC goes through a <see cref="FailoverRpcTransport"/> over all the profile's <c>rpcUrls</c> (in order of
/// preference); <see cref="ChainStatus.RpcEndpoint"/> names the endpoint that answered last, redacted. The chain id is
/// checked again whenever another endpoint starts answering.</para>
/// <para>Every head is judged by a <see cref="HeadTracker"/>: a reorg (same height, other hash) re-reads the portfolios
/// at the replacement block; a head that went backwards without a reorg is not trusted: no read, the status reports it
/// (Reachable false), and when heads are polled over HTTP the endpoint that served it is demoted so another one is
/// asked. Dev chains (chain id 31337 or 1337) accept a node reset (a drop deeper than
/// <see cref="EngineOptions.MaxReorgDepth"/>) as a new chain.</para>
/// </remarks>
internal sealed class ChainMonitor(
    ChainProfile profile,
    EngineOptions options,
    PortfolioDirectory portfolios,
    PortfolioSnapshotReader reader,
    IExposurePublisher publisher,
    LatestState latest,
    GreeksHistory history,
    AlertEvaluator alerts,
    EngineCycles cycles,
    ChainClients clients,
    TimeProvider time,
    ILogger logger)
{
    private readonly HeadTracker _tracker = new(options.MaxReorgDepth, acceptResets: IsDevChain(profile.ChainId));
    private ChainStatus _status = new(profile.Name, false, null, null, null, "connecting");
    private bool _chainIdVerified;
    private int? _verifiedEndpoint;
    private HeadSource? _headSource;
    private FailoverRpcTransport? _rpc;
    // Lowest block a reorg replaced since the read loop last looked; heads are coalesced, reorgs must not be.
    private readonly object _rewindGate = new();
    private ulong? _rewindFrom;

    /// <summary>
    /// The head watcher's timing. A node that accepts connections and never answers must show as unreachable within
    /// twice the RPC timeout: a poll or probe is abandoned after 1.25 × the timeout (room for a second endpoint tried after
    /// the first timed out), and while heads come by WebSocket the node is probed every quarter timeout of silence (a
    /// freeze is noticed within 1.5 × the timeout, leaving room for a busy machine).
    /// </summary>
    internal static NewHeadsWatcherOptions WatcherOptions(EngineOptions options, TimeSpan timeout) =>
        new()
        {
            PollInterval = TimeSpan.FromMilliseconds(options.PollIntervalMs),
            ProbeTimeout = timeout * 1.25,
            ProbeInterval = TimeSpan.FromMilliseconds(Math.Max(100, timeout.TotalMilliseconds / 4)),
        };

    /// <summary>anvil and Hardhat (31337), geth --dev and Ganache (1337): a node restarted from scratch is a new chain there.</summary>
    internal static bool IsDevChain(ulong chainId) => chainId is 31337 or 1337;

    public async Task RunAsync(CancellationToken ct)
    {
        // The chain's one client from DI (shared with sign-in): its failover remembers which endpoint is down across restarts of this monitor.
        var client = clients.For(profile);
        var rpc = client.Failover;
        _rpc = rpc;
        var eth = client.Eth;
        var watcher = new NewHeadsWatcher(rpc, profile.WsUrl is null ? null : new Uri(profile.WsUrl),
            WatcherOptions(options, clients.RequestTimeout), time);

        var heads = Channel.CreateBounded<SeenHead>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
        var reading = ReadLoopAsync(eth, heads.Reader, ct);
        try
        {
            await foreach (var ev in watcher.WatchAsync(ct))
            {
                switch (ev)
                {
                    case HeadEvent.ConnectivityChanged { Connectivity: ChainConnectivity.Connected } c:
                        _headSource = c.Source;
                        await VerifyChainIdAsync(eth, ct);
                        break;
                    case HeadEvent.ConnectivityChanged c:
                        _headSource = null;
                        _chainIdVerified = false;
                        await SetStatusAsync(_status with { Reachable = false, UnreachableSince = _status.UnreachableSince ?? c.Since, Error = c.Error ?? "unreachable" }, ct);
                        break;
                    case HeadEvent.NewHead h:
                        if (!_chainIdVerified || (rpc.AnsweredByIndex is { } answering && answering != _verifiedEndpoint)) await VerifyChainIdAsync(eth, ct);
                        if (_chainIdVerified)
                        {
                            var followed = _tracker.Head;
                            await OnHeadAsync(_tracker.Observe(h.Header), followed, heads.Writer, ct);
                        }
                        break;
                }
            }
        }
        finally
        {
            heads.Writer.TryComplete();
            await reading.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private sealed record SeenHead(BlockHeader Header, DateTimeOffset SeenAt, long Timestamp);

    private async Task OnHeadAsync(HeadVerdict verdict, BlockHeader? followed, ChannelWriter<SeenHead> heads, CancellationToken ct)
    {
        var header = verdict.Header;
        if (!verdict.Trusted)
        {
            // No read from a node that went back in time. If it is one of several HTTP endpoints, ask another one.
            if (_headSource == HeadSource.Polling && _rpc is { Endpoints.Count: > 1, AnsweredByIndex: { } index })
            {
                _rpc.Demote(index, verdict.Message!);
            }
            await SetStatusAsync(_status with { Reachable = false, UnreachableSince = _status.UnreachableSince ?? time.GetUtcNow(), Error = $"{verdict.Message} (block {header.Number} {header.Hash})" }, ct);
            return;
        }

        if (!verdict.ShouldRead) return;
        if (verdict.Kind == HeadVerdictKind.Reorg)
        {
            logger.LogInformation("Chain {Chain}: {Reorg}; re-reading at {Hash}", profile.Name, verdict.Message, header.Hash);
            // The first height replaced: the followed head's height less the depth, plus one (alert transitions from there are undone).
            if (followed is not null)
            {
                var from = followed.Number + 1 >= (ulong)verdict.ReorgDepth ? followed.Number + 1 - (ulong)verdict.ReorgDepth : 0;
                lock (_rewindGate) _rewindFrom = Math.Min(_rewindFrom ?? ulong.MaxValue, Math.Min(from, header.Number));
            }
        }
        else if (verdict.Kind == HeadVerdictKind.Reset)
        {
            logger.LogWarning("Chain {Chain}: {Reset}", profile.Name, verdict.Message);
        }

        await SetStatusAsync(_status with { Reachable = true, UnreachableSince = null, Error = null, HeadBlock = header.Number, HeadReceivedAt = time.GetUtcNow() }, ct);
        heads.TryWrite(new SeenHead(header, time.GetUtcNow(), time.GetTimestamp()));
    }

    private async Task VerifyChainIdAsync(EthClient eth, CancellationToken ct)
    {
        try
        {
            var actual = await eth.ChainIdAsync(ct);
            _chainIdVerified = actual == profile.ChainId;
            _verifiedEndpoint = _rpc?.AnsweredByIndex;
            var error = _chainIdVerified ? null
                : $"the RPC node {_rpc?.AnsweredBy} answers for chain id {actual}, but chain profile '{profile.Name}' says {profile.ChainId}: check the rpcUrls of this chain";
            if (error is not null) logger.LogError("Chain {Chain}: {Error}", profile.Name, error);
            await SetStatusAsync(_status with { Reachable = _chainIdVerified, UnreachableSince = _chainIdVerified ? null : _status.UnreachableSince ?? time.GetUtcNow(), Error = error }, ct);
        }
        catch (RpcException ex)
        {
            _chainIdVerified = false;
            await SetStatusAsync(_status with { Reachable = false, UnreachableSince = _status.UnreachableSince ?? time.GetUtcNow(), Error = ex.Message }, ct);
        }
    }

    private async Task ReadLoopAsync(EthClient eth, ChannelReader<SeenHead> heads, CancellationToken ct)
    {
        await foreach (var seen in heads.ReadAllAsync(ct))
        {
            var head = seen.Header;
            var watched = await portfolios.OnChainAsync(profile.Name, ct);
            if (watched.Count == 0) continue;
            int published = 0;
            var alertTime = TimeSpan.Zero;
            try
            {
                ulong? rewind;
                lock (_rewindGate) (rewind, _rewindFrom) = (_rewindFrom, null);
                if (rewind is { } from) alertTime += await AlertsAsync("undoing transitions from block " + from, () => alerts.RewindAsync(profile.Name, from, ct), ct);

                // Node errors (reverts, a failed aggregate3) come back as per-position errors in the snapshots.
                var cost = await reader.ReadAllAsync(eth, profile, watched, head, async (snapshots, token) =>
                {
                    // Before publishing: a subscriber that receives a snapshot and then asks for the history finds its point there.
                    await history.AddAsync(snapshots, token);
                    foreach (var snapshot in snapshots) await publisher.PublishSnapshotAsync(snapshot, token);
                    published += snapshots.Count;
                    alertTime += await AlertsAsync($"evaluating block {head.Number}", () => alerts.EvaluateAsync(profile.Name, snapshots, token), token);
                }, ct);
                alertTime += await AlertsAsync($"confirming up to block {head.Number}", () => alerts.ConfirmAsync(profile.Name, head.Number, ct), ct);
                var cycle = new EngineCycle(profile.Name, head.Number, seen.SeenAt, time.GetElapsedTime(seen.Timestamp), watched.Count, published, cost.Rounds, cost.HttpRequests, alertTime);
                cycles.Report(cycle);
                logger.LogDebug("Chain {Chain}: block {Block} in {Duration:0} ms ({Published}/{Portfolios} published, {Requests} requests, alerts {AlertMs:0.0} ms)",
                    profile.Name, head.Number, cycle.Duration.TotalMilliseconds, published, watched.Count, cost.HttpRequests, alertTime.TotalMilliseconds);
            }
            catch (RpcUnavailableException ex)
            {
                // The watcher reports the outage too; portfolios not yet published keep their last snapshot.
                logger.LogWarning("Chain {Chain}: reading block {Block} failed after {Published} of {Count} portfolios: {Error}", profile.Name, head.Number, published, watched.Count, ex.Message);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Chain {Chain}: reading block {Block} failed after {Published} of {Count} portfolios", profile.Name, head.Number, published, watched.Count);
            }
        }
    }

    /// <summary>Runs one piece of alert work and returns how long it took; a failure is logged and never stops the read loop.</summary>
    private async Task<TimeSpan> AlertsAsync(string what, Func<Task> work, CancellationToken ct)
    {
        var start = time.GetTimestamp();
        try
        {
            await work();
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.LogError(ex, "Chain {Chain}: alerts failed {What}", profile.Name, what);
        }
        return time.GetElapsedTime(start);
    }

    private async Task SetStatusAsync(ChainStatus status, CancellationToken ct)
    {
        status = status with { RpcEndpoint = _rpc?.AnsweredBy ?? status.RpcEndpoint };
        var changed = status.Reachable != _status.Reachable || status.Error != _status.Error;
        if (status.RpcEndpoint != _status.RpcEndpoint && status.RpcEndpoint is not null)
        {
            logger.LogInformation("Chain {Chain}: reading from {Endpoint}", profile.Name, status.RpcEndpoint);
        }
        _status = status;
        latest.Set(status);
        if (changed)
        {
            logger.LogInformation("Chain {Chain}: {State}{Error}", profile.Name, status.Reachable ? "reachable" : "unreachable", status.Error is null ? "" : " — " + status.Error);
        }
        await publisher.PublishChainStatusAsync(status, ct);
    }
}
