using ExposureWeb.Chain.Primitives;
using ExposureWeb.Data;
using ExposureWeb.Data.Accounts;
using ExposureWeb.Data.ManualPositions;
using Microsoft.Extensions.Logging;

namespace ExposureWeb.Engine.Reading;

/// <summary>
/// The portfolios the engine watches with their manual positions, cached so a new block does not cost a database
/// read; the cache is refreshed when portfolios, their addresses or their manual positions change
/// (<see cref="PortfolioChangeSignal"/>), and after <see cref="MaxAge"/> in case a change came from elsewhere (another
/// process on the same database).
/// </summary>
public sealed class PortfolioDirectory
{
    private readonly PortfolioStore _store;
    private readonly ManualPositionStore _manual;
    private readonly TimeProvider _time;
    private readonly ILogger<PortfolioDirectory> _logger;

    public PortfolioDirectory(PortfolioStore store, ManualPositionStore manual, PortfolioChangeSignal changes, TimeProvider time, ILogger<PortfolioDirectory> logger)
    {
        _store = store;
        _manual = manual;
        _time = time;
        _logger = logger;
        changes.Changed += Invalidate;
    }

    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);
    private IReadOnlyList<WatchedPortfolio> _cached = [];
    private DateTimeOffset _loadedAt = DateTimeOffset.MinValue;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private int _version;

    public void Invalidate()
    {
        Interlocked.Increment(ref _version);
        _loadedAt = DateTimeOffset.MinValue;
    }

    public async Task<IReadOnlyList<WatchedPortfolio>> OnChainAsync(string chainName, CancellationToken ct)
    {
        var all = await AllAsync(ct);
        return all.Where(p => string.Equals(p.ChainName, chainName, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    private async Task<IReadOnlyList<WatchedPortfolio>> AllAsync(CancellationToken ct)
    {
        if (_time.GetUtcNow() - _loadedAt < MaxAge) return _cached;
        await _gate.WaitAsync(ct);
        try
        {
            if (_time.GetUtcNow() - _loadedAt < MaxAge) return _cached;
            // A change signalled while the queries run may be missing from what they return: then this load is used
            // once but not kept.
            var version = Volatile.Read(ref _version);
            var loadedAt = _time.GetUtcNow();
            var portfolios = await _store.ListAsync(ct);
            var manual = await _manual.ListAllAsync(ct);
            _cached = portfolios.Select(p => new WatchedPortfolio(p.Id, p.Name, p.ChainName, ParseAddresses(p.Id, p.Addresses.Select(a => a.Address)))
            {
                Manual = manual[p.Id].Select(ManualInstruments.ToPosition).ToList(),
                WorkspaceId = p.WorkspaceId,
            }).ToList();
            if (Volatile.Read(ref _version) == version) _loadedAt = loadedAt;
            return _cached;
        }
        finally
        {
            _gate.Release();
        }
    }

    private List<Address> ParseAddresses(int portfolioId, IEnumerable<string> stored)
    {
        var result = new List<Address>();
        foreach (var text in stored)
        {
            // Addresses are validated before they are saved; one that is not (edited by hand) is skipped loudly.
            if (Address.TryParse(text, out var address, out var error)) result.Add(address);
            else _logger.LogWarning("Portfolio {PortfolioId}: stored address {Address} is invalid ({Error}); skipped", portfolioId, text, error);
        }
        return result;
    }
}
