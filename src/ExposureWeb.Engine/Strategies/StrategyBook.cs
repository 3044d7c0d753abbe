using System.Collections.Concurrent;
using ExposureWeb.Data.Strategies;
using ExposureWeb.Engine.Snapshots;
using ExposureWeb.Risk.Strategies;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ExposureWeb.Engine.Strategies;

/// <summary>
/// The enabled strategies of every portfolio, held in memory so that each recompute evaluates them without I/O
/// (<see cref="Apply"/>, called by the snapshot reader), and the latest evaluated snapshot of each portfolio, which the
/// proposals are computed from on demand. Reloaded from the database whenever a strategy changes.
/// </summary>
public sealed class StrategyBook
{
    private readonly StrategyStore _store;
    private readonly ILogger<StrategyBook> _logger;
    private readonly SemaphoreSlim _reload = new(1, 1);
    private volatile IReadOnlyDictionary<int, IReadOnlyList<StoredStrategy>> _byPortfolio = new Dictionary<int, IReadOnlyList<StoredStrategy>>();
    private readonly ConcurrentDictionary<int, ExposureSnapshot> _latest = new();

    public StrategyBook(StrategyStore store, StrategyChangeSignal changes, ILogger<StrategyBook> logger)
    {
        _store = store;
        _logger = logger;
        changes.Changed += () => _ = ReloadAsync(CancellationToken.None);
    }

    /// <summary>The enabled strategies of a portfolio.</summary>
    public IReadOnlyList<StoredStrategy> For(int portfolioId) => _byPortfolio.TryGetValue(portfolioId, out var list) ? list : [];

    /// <summary>The portfolio's latest snapshot with its strategies evaluated; null before the first.</summary>
    public ExposureSnapshot? Latest(int portfolioId) => _latest.GetValueOrDefault(portfolioId);

    /// <summary>Reads every enabled strategy again.</summary>
    public async Task ReloadAsync(CancellationToken ct)
    {
        await _reload.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var all = await _store.AllEnabledAsync(ct).ConfigureAwait(false);
            _byPortfolio = all.GroupBy(s => s.Row.PortfolioId).ToDictionary(g => g.Key, g => (IReadOnlyList<StoredStrategy>)g.ToList());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogError(ex, "Strategies could not be reloaded; the previous set stays");
        }
        finally
        {
            _reload.Release();
        }
    }

    /// <summary>The snapshot with its portfolio's strategies evaluated (pure, no I/O), remembered as the portfolio's latest.</summary>
    public ExposureSnapshot Apply(ExposureSnapshot snapshot)
    {
        var strategies = For(snapshot.PortfolioId);
        var evaluated = strategies.Count == 0 ? snapshot : snapshot with { Strategies = Evaluate(snapshot, strategies) };
        _latest.AddOrUpdate(snapshot.PortfolioId, evaluated, (_, old) => old.BlockNumber > evaluated.BlockNumber && old.ChainName == evaluated.ChainName ? old : evaluated);
        return evaluated;
    }

    /// <summary>The verdicts of <paramref name="strategies"/> on <paramref name="snapshot"/>.</summary>
    public static IReadOnlyList<StrategyStatus> Evaluate(ExposureSnapshot snapshot, IReadOnlyList<StoredStrategy> strategies)
    {
        var figures = Figures(snapshot);
        var list = new StrategyStatus[strategies.Count];
        for (int i = 0; i < list.Length; i++)
        {
            var s = strategies[i];
            var v = StrategyEvaluator.Evaluate(s.Definition, figures);
            list[i] = new StrategyStatus(s.Row.Id, s.Row.Name, s.Row.Kind.ToString(), s.Row.Version, v.Breached, v.Value, v.Distance, v.Unit, v.Text);
        }
        return list;
    }

    /// <summary>What the evaluator reads of a snapshot.</summary>
    public static StrategyFigures Figures(ExposureSnapshot s) => new(
        s.Assets.Select(a => new UnderlyingFigures(a.Underlying, a.Quantity, a.IsStale(s.BlockTime) ? null : a.PriceUsd, a.DollarGammaPerPercent)).ToList(),
        s.MinHealthFactor,
        s.NetDollarGamma,
        s.NetVegaPerVolPoint,
        s.Positions.Where(p => p.Protocol == "uniswap-v3" && (p.Markers.Contains("in-range") || p.Markers.Contains("below-range") || p.Markers.Contains("above-range")))
            .Select(p => p.Markers.Contains("in-range")).ToList());

    /// <summary>Loads the strategies before the engine reads its first block.</summary>
    internal sealed class Loader(StrategyBook book) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => book.ReloadAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
