using System.Collections.Concurrent;
using ExposureWeb.Engine.Snapshots;

namespace ExposureWeb.Engine.Publishing;

/// <summary>The newest snapshot per portfolio and status per chain, so a new subscriber sees data at once.</summary>
public sealed class LatestState
{
    private readonly ConcurrentDictionary<int, ExposureSnapshot> _snapshots = new();
    private readonly ConcurrentDictionary<string, ChainStatus> _chains = new(StringComparer.OrdinalIgnoreCase);

    public void Set(ExposureSnapshot snapshot) => _snapshots[snapshot.PortfolioId] = snapshot;

    public void Set(ChainStatus status) => _chains[status.ChainName] = status;

    public ExposureSnapshot? Snapshot(int portfolioId) => _snapshots.GetValueOrDefault(portfolioId);

    public ChainStatus? Chain(string chainName) => _chains.GetValueOrDefault(chainName);

    public IReadOnlyCollection<ChainStatus> Chains => _chains.Values.ToList();
}
