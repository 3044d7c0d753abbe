using System.Collections.Concurrent;
using ExposureWeb.Engine.Snapshots;

namespace ExposureWeb.Engine.Publishing;

/// <summary>
/// The status of each chain as the engine last saw it: for the health checks, and what the hub answers a new chain
/// subscriber. Snapshots and history are not here: the hub's publisher holds what it sent, <see cref="GreeksHistory"/>
/// the history.
/// </summary>
public sealed class LatestState
{
    private readonly ConcurrentDictionary<string, ChainStatus> _chains = new(StringComparer.OrdinalIgnoreCase);

    public void Set(ChainStatus status) => _chains[status.ChainName] = status;

    public ChainStatus? Chain(string chainName) => _chains.GetValueOrDefault(chainName);

    public IReadOnlyCollection<ChainStatus> Chains => _chains.Values.ToList();
}
