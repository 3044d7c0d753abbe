using System.Threading.Channels;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.Engine.Publishing;
using ExposureWeb.Engine.Reading;
using ExposureWeb.Engine.Snapshots;
using Microsoft.Extensions.Logging;

namespace ExposureWeb.Engine.Monitoring;

/// <summary>
/// Follows one chain: watches new heads, checks the node is the chain the profile names, and on
/// each head reads every portfolio on that chain pinned to that block. Heads that arrive while a
/// read is running are coalesced to the newest, so a slow node never builds a backlog. When the node
/// stops answering, the status says so and the last snapshots stay as they were.
/// </summary>
internal sealed class ChainMonitor(
    ChainProfile profile,
    EngineOptions options,
    PortfolioDirectory portfolios,
    PortfolioSnapshotReader reader,
    IExposurePublisher publisher,
    LatestState latest,
    TimeProvider time,
    ILogger logger)
{
    private ChainStatus _status = new(profile.Name, false, null, null, null, "connecting");
    private bool _chainIdVerified;

    public async Task RunAsync(CancellationToken ct)
    {
        using var rpc = new JsonRpcHttpClient(new Uri(profile.RpcUrls[0]), TimeSpan.FromMilliseconds(options.RpcTimeoutMs));
        var eth = new EthClient(rpc, time);
        var watcher = new NewHeadsWatcher(rpc, profile.WsUrl is null ? null : new Uri(profile.WsUrl),
            new NewHeadsWatcherOptions { PollInterval = TimeSpan.FromMilliseconds(options.PollIntervalMs) }, time);

        var heads = Channel.CreateBounded<BlockHeader>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
        var reading = ReadLoopAsync(eth, heads.Reader, ct);
        try
        {
            await foreach (var ev in watcher.WatchAsync(ct))
            {
                switch (ev)
                {
                    case HeadEvent.ConnectivityChanged { Connectivity: ChainConnectivity.Connected }:
                        await VerifyChainIdAsync(eth, ct);
                        break;
                    case HeadEvent.ConnectivityChanged c:
                        _chainIdVerified = false;
                        await SetStatusAsync(_status with { Reachable = false, UnreachableSince = _status.UnreachableSince ?? c.Since, Error = c.Error ?? "unreachable" }, ct);
                        break;
                    case HeadEvent.NewHead h:
                        if (!_chainIdVerified) await VerifyChainIdAsync(eth, ct);
                        if (_chainIdVerified)
                        {
                            await SetStatusAsync(_status with { HeadBlock = h.Header.Number, HeadReceivedAt = time.GetUtcNow() }, ct);
                            heads.Writer.TryWrite(h.Header);
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

    private async Task VerifyChainIdAsync(EthClient eth, CancellationToken ct)
    {
        try
        {
            var actual = await eth.ChainIdAsync(ct);
            _chainIdVerified = actual == profile.ChainId;
            var error = _chainIdVerified ? null
                : $"the RPC node answers for chain id {actual}, but chain profile '{profile.Name}' says {profile.ChainId}: check the rpcUrls of this chain";
            if (error is not null) logger.LogError("Chain {Chain}: {Error}", profile.Name, error);
            await SetStatusAsync(_status with { Reachable = _chainIdVerified, UnreachableSince = _chainIdVerified ? null : _status.UnreachableSince ?? time.GetUtcNow(), Error = error }, ct);
        }
        catch (RpcException ex)
        {
            _chainIdVerified = false;
            await SetStatusAsync(_status with { Reachable = false, UnreachableSince = _status.UnreachableSince ?? time.GetUtcNow(), Error = ex.Message }, ct);
        }
    }

    private async Task ReadLoopAsync(EthClient eth, ChannelReader<BlockHeader> heads, CancellationToken ct)
    {
        await foreach (var head in heads.ReadAllAsync(ct))
        {
            foreach (var portfolio in await portfolios.OnChainAsync(profile.Name, ct))
            {
                try
                {
                    var snapshot = await reader.ReadAsync(eth, profile, portfolio, head, ct);
                    latest.Set(snapshot);
                    await publisher.PublishSnapshotAsync(snapshot, ct);
                }
                catch (RpcUnavailableException ex)
                {
                    // The watcher reports the outage too; the portfolio keeps its last snapshot.
                    logger.LogWarning("Chain {Chain}: reading portfolio {Portfolio} at block {Block} failed: {Error}", profile.Name, portfolio.Id, head.Number, ex.Message);
                    break;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Chain {Chain}: reading portfolio {Portfolio} at block {Block} failed", profile.Name, portfolio.Id, head.Number);
                }
            }
        }
    }

    private async Task SetStatusAsync(ChainStatus status, CancellationToken ct)
    {
        var changed = status.Reachable != _status.Reachable || status.Error != _status.Error;
        _status = status;
        latest.Set(status);
        if (changed)
        {
            logger.LogInformation("Chain {Chain}: {State}{Error}", profile.Name, status.Reachable ? "reachable" : "unreachable", status.Error is null ? "" : " — " + status.Error);
        }
        await publisher.PublishChainStatusAsync(status, ct);
    }
}
