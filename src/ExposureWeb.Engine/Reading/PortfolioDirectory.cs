using ExposureWeb.Chain.Primitives;
using ExposureWeb.Data;
using ExposureWeb.Data.Accounts;
using Microsoft.Extensions.Logging;

namespace ExposureWeb.Engine.Reading;

/// <summary>
/// The portfolios the engine watches, cached so a new block does not cost a database read; the cache
/// is refreshed when someone says portfolios changed (<see cref="Invalidate"/>) or after a few seconds.
/// </summary>
public sealed class PortfolioDirectory
{
    private readonly PortfolioStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<PortfolioDirectory> _logger;

    public PortfolioDirectory(PortfolioStore store, PortfolioChangeSignal changes, TimeProvider time, ILogger<PortfolioDirectory> logger)
    {
        _store = store;
        _time = time;
        _logger = logger;
        changes.Changed += Invalidate;
    }

    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(10);
    private IReadOnlyList<WatchedPortfolio> _cached = [];
    private DateTimeOffset _loadedAt = DateTimeOffset.MinValue;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public void Invalidate() => _loadedAt = DateTimeOffset.MinValue;

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
            var portfolios = await _store.ListAsync(ct);
            _cached = portfolios.Select(p => new WatchedPortfolio(p.Id, p.Name, p.ChainName, ParseAddresses(p.Id, p.Addresses.Select(a => a.Address)))).ToList();
            _loadedAt = _time.GetUtcNow();
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
