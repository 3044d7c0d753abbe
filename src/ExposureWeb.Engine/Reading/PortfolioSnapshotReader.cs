using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using ExposureWeb.Chain.Adapters;
using ExposureWeb.Chain.Adapters.Chainlink;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.Engine.Pricing;
using ExposureWeb.Engine.Scenarios;
using ExposureWeb.Engine.Snapshots;
using ExposureWeb.Risk;
using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.Market;
using ExposureWeb.Risk.Portfolios;
using ExposureWeb.Risk.Pricing.Models;
using ExposureWeb.Risk.Protocols;
using ExposureWeb.Risk.Scenarios;
using ExposureWeb.Risk.Volatility;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RiskPortfolio = ExposureWeb.Risk.Instruments.Portfolio;

namespace ExposureWeb.Engine.Reading;

/// <summary>
/// One block's exposure of every portfolio of a chain: the on-chain positions of all their addresses read in one
/// batched read pinned to the block (each distinct address once, all protocols), their manual positions added,
/// everything priced once by the Risk models against that block's oracle answers, and netted per portfolio and
/// underlying.
/// </summary>
/// <remarks>
/// Portfolios are priced as soon as their addresses are read: when one address needs more rounds (a new NFT to
/// discover), the others' snapshots are already out. Pricing, scenarios and rows of a group of portfolios run on all
/// cores; a portfolio whose figures fail is logged and skipped, never holding the others back.
/// </remarks>
public sealed class PortfolioSnapshotReader(
    TimeProvider time,
    IOptions<EngineOptions> options,
    MarketBuilder markets,
    PositionDiscoveryCache discovery,
    ILogger<PortfolioSnapshotReader> logger,
    Governance.GovernanceImpactBook? governance = null,
    Strategies.StrategyBook? strategies = null)
{
    // One reader per chain profile: it holds what the profile resolves to (multicall, adapters).
    private readonly ConcurrentDictionary<string, (ChainProfile Profile, PortfolioPositionsReader Reader)> _readers = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>One portfolio's snapshot at <paramref name="head"/> (the CLI and tests; the engine reads all at once).</summary>
    public async Task<ExposureSnapshot> ReadAsync(EthClient eth, ChainProfile chain, WatchedPortfolio portfolio, BlockHeader head, CancellationToken ct)
    {
        ExposureSnapshot? result = null;
        await ReadAllAsync(eth, chain, [portfolio], head, (snapshots, _) => { result = snapshots[0]; return Task.CompletedTask; }, ct);
        return result ?? throw new InvalidOperationException($"portfolio {portfolio.Id}: no snapshot could be computed at block {head.Number} (see the log)");
    }

    /// <summary>
    /// Reads and prices every portfolio at <paramref name="head"/>, handing each group of finished snapshots to
    /// <paramref name="publish"/> as soon as it is ready (one group per read round in which portfolios completed; a
    /// single group in the steady state). Calls to <paramref name="publish"/> never overlap.
    /// </summary>
    /// <returns>What the block's read cost.</returns>
    /// <exception cref="RpcUnavailableException">
    /// The node could not be reached: the portfolios not yet published keep their last snapshot.
    /// </exception>
    /// <param name="eth">The node to read (the chain's, or a fork's).</param>
    /// <param name="chain">The chain profile.</param>
    /// <param name="portfolios">The portfolios to read.</param>
    /// <param name="head">The block every read is pinned to.</param>
    /// <param name="publish">Receives each group of finished snapshots.</param>
    /// <param name="ct">Cancels the read.</param>
    /// <param name="read">
    /// Options of a read outside the live path (a governance simulation on a fork): prices used even when flagged, and
    /// the raw readings handed over; null for the engine's own reads.
    /// </param>
    public async Task<BlockReadCost> ReadAllAsync(EthClient eth, ChainProfile chain, IReadOnlyList<WatchedPortfolio> portfolios, BlockHeader head,
        Func<IReadOnlyList<ExposureSnapshot>, CancellationToken, Task> publish, CancellationToken ct, SnapshotReadOptions? read = null)
    {
        var ready = Channel.CreateUnbounded<(int Index, PortfolioPositions Read)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        MarketSnapshot? market = null;
        var pricing = Task.Run(async () =>
        {
            var group = new List<(int Index, PortfolioPositions Read)>();
            while (await ready.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                group.Clear();
                while (ready.Reader.TryRead(out var item)) group.Add(item);
                // Every portfolio of the block shares one context (block, time, oracle answers): one market for all.
                market ??= markets.Build(chain.Name, head.Number, head.Timestamp, group[0].Read.Prices, read?.UseFlaggedPrices ?? false);
                var snapshots = Price(chain, head, group.Select(g => (portfolios[g.Index], g.Read)).ToList(), market);
                if (snapshots.Count > 0) await publish(snapshots, ct).ConfigureAwait(false);
            }
        }, ct);

        IReadOnlyList<PortfolioPositions> reads;
        try
        {
            reads = await ReaderFor(chain).ReadManyAsync(eth, portfolios.Select(p => p.Addresses).ToList(), BlockParameter.FromNumber(head.Number), ct,
                (index, positions) =>
                {
                    read?.OnRead?.Invoke(index, positions);
                    ready.Writer.TryWrite((index, positions));
                }).ConfigureAwait(false);
        }
        catch
        {
            // What completed before the failure is still published; the failure is the caller's to report.
            ready.Writer.TryComplete();
            await pricing.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            throw;
        }
        ready.Writer.TryComplete();
        await pricing.ConfigureAwait(false);
        var cost = reads.Count > 0 ? reads.MaxBy(r => r.Cost.RoundTrips)!.Cost : new ReadCost(0, 0, 0, 0);
        return new BlockReadCost(portfolios.Count, cost.RoundTrips, cost.HttpRequests);
    }

    private List<ExposureSnapshot> Price(ChainProfile chain, BlockHeader head, IReadOnlyList<(WatchedPortfolio Portfolio, PortfolioPositions Read)> group, MarketSnapshot market)
    {
        var riskPortfolios = group.Select(g => new RiskPortfolio(
            g.Portfolio.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            g.Read.Positions.Select(p => p.ToPosition()).OfType<Position>().Concat(g.Portfolio.Manual).ToList())).ToList();
        var risks = RiskCalculator.ComputeMany(riskPortfolios, market);
        var snapshots = new ExposureSnapshot?[group.Count];
        var now = time.GetUtcNow();
        Parallel.For(0, group.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            try
            {
                snapshots[i] = Snapshot(chain, head, group[i].Portfolio, group[i].Read, risks[i], market, now) with
                {
                    Governance = governance?.For(chain.Name, group[i].Portfolio.Id) ?? [],
                };
                // Pure and cheap (no RPC): every recompute carries its strategies' verdicts.
                if (strategies is not null) snapshots[i] = strategies.Apply(snapshots[i]!);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Chain {Chain}: the figures of portfolio {Portfolio} at block {Block} failed; its last snapshot stays", chain.Name, group[i].Portfolio.Id, head.Number);
            }
        });
        return snapshots.OfType<ExposureSnapshot>().ToList();
    }

    private static ExposureSnapshot Snapshot(ChainProfile chain, BlockHeader head, WatchedPortfolio portfolio, PortfolioPositions read, PortfolioRisk risk,
        MarketSnapshot market, DateTimeOffset now)
    {
        var rows = PositionRows(read, portfolio.Manual, risk, market);
        var assets = AssetRows(risk, read.Prices, rows, chain.Name);
        var protocolHealth = ProtocolHealthFactors(read);
        var liquidations = LiquidationRows(risk, market, protocolHealth);
        // Accounts our model could not price still have the protocol's own liquidation distance.
        var fromProtocol = ProtocolLiquidations.Rows(read, risk, chain, protocolHealth);
        liquidations.AddRange(fromProtocol);
        // Compiled from the risk just computed: the scenarios revalue exactly what the Greeks describe.
        var book = ScenarioBook.Build(risk, market);
        return new ExposureSnapshot(portfolio.Id, chain.Name, head.Number, head.Hash, head.Timestamp, now, assets, read.Errors)
        {
            Positions = rows,
            Liquidations = liquidations,
            Payoffs = ScenarioFigures.Payoffs(book, assets.Select(a => a.Underlying), liquidations),
            Stress = ScenarioFigures.Stress(book),
            ValueUsd = risk.ValueUsd,
            MinHealthFactor = MinHealthFactor(risk, protocolHealth),
            Partial = SnapshotPartial.Of(PartialTotals.Of(risk, protocolHealth.ContainsKey, id => fromProtocol.Any(l => l.PositionId == id))),
            RoundTrips = read.Cost.RoundTrips,
        };
    }

    private PortfolioPositionsReader ReaderFor(ChainProfile chain)
    {
        var entry = _readers.AddOrUpdate(chain.Name,
            _ => (chain, NewReader(chain)),
            (_, existing) => ReferenceEquals(existing.Profile, chain) ? existing : (chain, NewReader(chain)));
        return entry.Reader;
    }

    private PortfolioPositionsReader NewReader(ChainProfile chain) => new(chain, discovery, options.Value.ReaderOptions());

    private static List<PositionRow> PositionRows(PortfolioPositions read, IReadOnlyList<Position> manualPositions, PortfolioRisk risk, MarketSnapshot market)
    {
        var priced = risk.Positions.ToDictionary(p => p.Position.Id, p => p.Valuation);
        var unpriced = risk.Unpriced.ToDictionary(u => u.Position.Id, u => u.Reason);
        var rows = new List<PositionRow>(read.Positions.Count + manualPositions.Count);
        foreach (var r in read.Positions)
        {
            var status = r.Error ?? (unpriced.TryGetValue(r.Id, out var why) ? "unpriced: " + why : null);
            var valuation = priced.GetValueOrDefault(r.Id);
            var f = RiskFields.Of(valuation, market);
            rows.Add(new PositionRow(r.Id, r.Protocol, r.Owner.ToString(), r.Instrument?.Describe() ?? r.Id, string.Join("/", r.Underlyings), status ?? f.Flags)
            {
                Markers = r.Markers,
                Amounts = PositionAmounts.Of(r.Instrument),
                MarginRatio = MarginRatio(r.Instrument, valuation),
                MaintenanceMarginRatio = MaintenanceMarginRatio(r.Instrument, valuation),
                ValueUsd = f.ValueUsd, UsdDelta = f.UsdDelta, DollarGammaPerPercent = f.Gamma, VegaPerVolPoint = f.Vega, ThetaPerDay = f.Theta, Model = f.Model,
            });
        }
        foreach (var m in manualPositions)
        {
            var status = unpriced.TryGetValue(m.Id, out var why) ? "unpriced: " + why : null;
            var f = RiskFields.Of(priced.GetValueOrDefault(m.Id), market);
            // A manual book is rebuilt every block from the same Position objects (reloaded every 30 s at most): its
            // texts are made once per object, not once per block (5,000 positions: 10,000 strings a block).
            var text = ManualTexts.GetValue(m, static p => new ManualText(p.Instrument.Describe(), UnderlyingsOf(p.Instrument)));
            rows.Add(new PositionRow(m.Id, ManualInstruments.Protocol, "manual", text.Description, text.Underlyings, status ?? f.Flags)
            {
                Amounts = PositionAmounts.Of(m.Instrument),
                ValueUsd = f.ValueUsd, UsdDelta = f.UsdDelta, DollarGammaPerPercent = f.Gamma, VegaPerVolPoint = f.Vega, ThetaPerDay = f.Theta, Model = f.Model,
            });
        }
        return rows;
    }

    private sealed record ManualText(string Description, string Underlyings);

    private static readonly ConditionalWeakTable<Position, ManualText> ManualTexts = new();

    /// <summary>A position's risk figures for its row (all null when unpriced).</summary>
    private readonly record struct RiskFields(double? ValueUsd, double? UsdDelta, double? Gamma, double? Vega, double? Theta, string? Model, string? Flags)
    {
        public static RiskFields Of(Valuation? valuation, MarketSnapshot market)
        {
            if (valuation is null) return default;
            double usdDelta = 0, gamma = 0, vega = 0, theta = 0;
            foreach (var s in valuation.Sensitivities)
            {
                if (market.TryGetPrice(s.Underlying, out var price, out _))
                {
                    usdDelta += s.Greeks.UsdDelta(price);
                    gamma += s.Greeks.DollarGammaPerPercent(price);
                }
                vega += s.Greeks.VegaPerVolPoint;
                theta += s.Greeks.ThetaPerDay;
            }
            var flags = valuation.Flags.Count > 0 ? string.Join("; ", valuation.Flags) : null;
            return new RiskFields(valuation.ValueUsd, usdDelta, gamma, vega, theta, ModelText(valuation), flags);
        }

        // Every option on one underlying shares its volatility quote: one text per (model, quote), not one per row and block.
        private static readonly ConcurrentDictionary<(string Model, VolatilityQuote Quote), string> OptionModels = new();

        private static string ModelText(Valuation valuation)
        {
            if (valuation.Detail is not OptionDetail { Volatility: { } vol }) return valuation.Model;
            if (OptionModels.Count > 4096) OptionModels.Clear();
            return OptionModels.GetOrAdd((valuation.Model, vol), static k => $"{k.Model}, vol {k.Quote.Volatility:P1} ({k.Quote.Source}: {k.Quote.Detail})");
        }
    }

    /// <summary>(margin + P&amp;L) ÷ notional of an isolated-margin perp; null for anything else.</summary>
    private static double? MarginRatio(IInstrument? instrument, Valuation? valuation) =>
        instrument is PerpPosition { IsIsolated: true } perp && valuation is { Detail: PerpDetail detail } && perp.Size != 0 && detail.MarkPrice > 0
            ? valuation.ValueUsd / (Math.Abs(perp.Size) * detail.MarkPrice)
            : null;

    /// <summary>Maintenance margin ÷ notional of an isolated-margin perp; null for anything else.</summary>
    private static double? MaintenanceMarginRatio(IInstrument? instrument, Valuation? valuation) =>
        instrument is PerpPosition { IsIsolated: true } perp && valuation is { Detail: PerpDetail detail } && perp.Size != 0 && detail.MarkPrice > 0
            ? detail.MaintenanceMarginUsd / (Math.Abs(perp.Size) * detail.MarkPrice)
            : null;

    private static string UnderlyingsOf(IInstrument instrument) => instrument switch
    {
        ManualPosition m => m.Underlying,
        PerpPosition p => p.Underlying,
        EuropeanOption o => o.Underlying,
        _ => "",
    };

    private static List<AssetExposureRow> AssetRows(PortfolioRisk risk, IReadOnlyDictionary<string, FeedQuote> feeds, IReadOnlyList<PositionRow> rows, string chain)
    {
        var assets = risk.Underlyings.Select(u => AssetRow(u.Underlying, u.Greeks, u.PriceUsd, u.UsdDelta, u.DollarGammaPerPercent, feeds, rows, chain) with
        {
            Quantity = u.Units,
            QuantityPartial = u.UnitsPartial,
            QuantityNote = u.UnitsNote,
            GreeksPartial = u.GreeksPartial,
        }).ToList();
        // An underlying none of whose positions could be priced (typically: its price is unusable or missing) has no
        // sensitivities in the risk; it still gets its row, last, so its price issue is shown rather than dropped.
        var unpriced = risk.Unpriced.Select(u => u.Position.Id).ToHashSet(StringComparer.Ordinal);
        var missing = rows.Where(r => unpriced.Contains(r.Id))
            .SelectMany(r => r.Underlyings.Split('/', StringSplitOptions.RemoveEmptyEntries))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Where(u => !assets.Any(a => string.Equals(a.Underlying, u, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        foreach (var u in missing) assets.Add(AssetRow(u, default, null, null, null, feeds, rows, chain));
        return assets;
    }

    private static AssetExposureRow AssetRow(
        string underlying, Greeks greeks, double? price, double? usdDelta, double? dollarGamma, IReadOnlyDictionary<string, FeedQuote> feeds, IReadOnlyList<PositionRow> rows, string chain)
    {
        feeds.TryGetValue(underlying, out var feed);
        var issue = feed is null ? $"no price feed for {underlying} in chain profile '{chain}'" : feed.Quote.Issue;
        var holdings = string.Join(", ", rows
            .Where(r => r.Underlyings.Split('/').Contains(underlying, StringComparer.OrdinalIgnoreCase))
            .Select(r => r.Protocol).Distinct());
        return new AssetExposureRow(underlying, holdings, greeks.Delta, price, usdDelta,
            feed?.Quote.UpdatedAt, feed?.HeartbeatSeconds, feed?.StaleAfter, issue)
        {
            DollarGammaPerPercent = dollarGamma,
            VegaPerVolPoint = greeks.VegaPerVolPoint,
            ThetaPerDay = greeks.ThetaPerDay,
        };
    }

    /// <summary>
    /// The health factor each lending protocol computes itself (Aave's getUserAccountData), by position id. It is the
    /// one shown: the protocol liquidates by it, and it does not depend on our prices (an asset we cannot price does not
    /// blank it). The engine's own recomputation drives the scenarios and is checked against it by the adapter.
    /// </summary>
    private static Dictionary<string, double> ProtocolHealthFactors(PortfolioPositions read)
    {
        var health = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var p in read.Positions)
        {
            if (p.Decoded.TryGetValue("healthFactor", out var hf)) health[p.Id] = hf;
        }
        return health;
    }

    /// <summary>Lowest health factor over the lending accounts: the protocol's where it gives one, else the model's.</summary>
    private static double? MinHealthFactor(PortfolioRisk risk, Dictionary<string, double> protocolHealth)
    {
        double? min = null;
        var modelled = risk.Positions.Where(p => p.Valuation.Detail is LendingDetail && !protocolHealth.ContainsKey(p.Position.Id))
            .Select(p => ((LendingDetail)p.Valuation.Detail!).Health.HealthFactor);
        foreach (var hf in protocolHealth.Values.Concat(modelled))
        {
            // An account without debt (+∞) counts only when nothing else does, as the model's minimum does.
            if (!double.IsInfinity(hf) || min is null) min = Math.Min(min ?? double.PositiveInfinity, hf);
        }
        return min;
    }

    private static List<LiquidationRow> LiquidationRows(PortfolioRisk risk, MarketSnapshot market, Dictionary<string, double> protocolHealth)
    {
        var health = risk.Positions
            .Where(p => p.Valuation.Detail is LendingDetail)
            .ToDictionary(p => p.Position.Id, p => protocolHealth.TryGetValue(p.Position.Id, out var onChain) ? onChain : ((LendingDetail)p.Valuation.Detail!).Health.HealthFactor);
        return risk.Liquidations.Select(l =>
        {
            double? current = market.TryGetPrice(l.Liquidation.Underlying, out var p, out _) ? p : null;
            var direction = l.Liquidation.Direction switch
            {
                LiquidationDirection.PriceFalls => "falls below",
                LiquidationDirection.PriceRises => "rises above",
                _ => l.Liquidation.Note ?? "not reachable",
            };
            double? hf = health.TryGetValue(l.PositionId, out var h) && double.IsFinite(h) ? h : null;
            return new LiquidationRow(l.PositionId, l.Liquidation.Underlying, l.Liquidation.Price, current, direction, hf);
        }).ToList();
    }
}

/// <summary>How a read outside the live path differs from the engine's own.</summary>
/// <param name="UseFlaggedPrices">Value with oracle answers that carry an issue (stale at the block's time) rather than leaving positions unpriced; the rows are flagged.</param>
/// <param name="OnRead">Receives each portfolio's raw reading (its index in the list, the positions) as it completes.</param>
public sealed record SnapshotReadOptions(bool UseFlaggedPrices, Action<int, PortfolioPositions>? OnRead);
