using System.Collections.Concurrent;

namespace ExposureWeb.Hubs;

/// <summary>
/// Which portfolios have hub connections subscribed. The publisher turns a snapshot into JSON and a delta only for those:
/// with a thousand portfolios watched in the app (in-process) and a few by outside clients, the rest cost nothing per
/// block. A connection is counted from just before it joins a group until it leaves it or disconnects.
/// </summary>
public sealed class PortfolioAudience
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<int, byte>> _byConnection = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, int> _counts = new();

    /// <summary>Whether any hub connection is subscribed to the portfolio.</summary>
    public bool Any(int portfolioId) => _counts.TryGetValue(portfolioId, out var n) && n > 0;

    public void Joined(string connectionId, int portfolioId)
    {
        var portfolios = _byConnection.GetOrAdd(connectionId, _ => new ConcurrentDictionary<int, byte>());
        if (portfolios.TryAdd(portfolioId, 0)) _counts.AddOrUpdate(portfolioId, 1, (_, n) => n + 1);
    }

    public void Left(string connectionId, int portfolioId)
    {
        if (_byConnection.TryGetValue(connectionId, out var portfolios) && portfolios.TryRemove(portfolioId, out _)) Decrement(portfolioId);
    }

    public void Disconnected(string connectionId)
    {
        if (!_byConnection.TryRemove(connectionId, out var portfolios)) return;
        foreach (var portfolioId in portfolios.Keys) Decrement(portfolioId);
    }

    private void Decrement(int portfolioId) => _counts.AddOrUpdate(portfolioId, 0, (_, n) => Math.Max(0, n - 1));
}
