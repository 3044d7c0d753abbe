using System.Collections.Concurrent;
using ExposureWeb.Chain.Adapters;
using ExposureWeb.Chain.Adapters.Chainlink;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.Data.ManualPositions;
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
using Microsoft.Extensions.Options;
using RiskPortfolio = ExposureWeb.Risk.Instruments.Portfolio;

namespace ExposureWeb.Engine.Reading;

/// <summary>
/// One block's exposure of a portfolio: every on-chain position of its addresses read pinned to the
/// block (all protocols, one snapshot), its manual positions added, everything priced by the Risk
/// models against that block's oracle answers, and netted per underlying.
/// </summary>
public sealed class PortfolioSnapshotReader(
    TimeProvider time,
    IOptions<EngineOptions> options,
    MarketBuilder markets,
    ManualPositionStore manual,
    PositionDiscoveryCache discovery)
{
    // One reader per chain profile: it holds what the profile resolves to (multicall, adapters).
    private readonly ConcurrentDictionary<string, (ChainProfile Profile, PortfolioPositionsReader Reader)> _readers = new(StringComparer.OrdinalIgnoreCase);

    public async Task<ExposureSnapshot> ReadAsync(EthClient eth, ChainProfile chain, WatchedPortfolio portfolio, BlockHeader head, CancellationToken ct)
    {
        var read = await ReaderFor(chain).ReadAsync(eth, portfolio.Addresses, BlockParameter.FromNumber(head.Number), ct);
        var manualPositions = (await manual.ListAsync(portfolio.Id, ct)).Select(ManualInstruments.ToPosition).ToList();

        var positions = read.Positions.Select(p => p.ToPosition()).OfType<Position>().Concat(manualPositions).ToList();
        var market = markets.Build(chain.Name, head.Number, head.Timestamp, read.Prices);
        var risk = RiskCalculator.Compute(new RiskPortfolio(portfolio.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), positions), market);

        var rows = PositionRows(read, manualPositions, risk, market);
        var assets = AssetRows(risk, read.Prices, rows, chain.Name);
        var liquidations = LiquidationRows(risk, market);
        // Compiled from the risk just computed: the scenarios revalue exactly what the Greeks describe.
        var book = ScenarioBook.Build(risk, market);
        return new ExposureSnapshot(portfolio.Id, chain.Name, head.Number, head.Hash, head.Timestamp, time.GetUtcNow(), assets, read.Errors)
        {
            Positions = rows,
            Liquidations = liquidations,
            Payoffs = ScenarioFigures.Payoffs(book, assets.Select(a => a.Underlying), liquidations),
            Stress = ScenarioFigures.Stress(book),
            ValueUsd = risk.ValueUsd,
            MinHealthFactor = risk.MinHealthFactor,
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

    private PortfolioPositionsReader NewReader(ChainProfile chain) =>
        new(chain, discovery, new PositionsReaderOptions { StaleMargin = TimeSpan.FromSeconds(options.Value.StaleMarginSeconds) });

    private static List<PositionRow> PositionRows(PortfolioPositions read, IReadOnlyList<Position> manualPositions, PortfolioRisk risk, MarketSnapshot market)
    {
        var priced = risk.Positions.ToDictionary(p => p.Position.Id, p => p.Valuation);
        var unpriced = risk.Unpriced.ToDictionary(u => u.Position.Id, u => u.Reason);
        var rows = new List<PositionRow>(read.Positions.Count + manualPositions.Count);
        foreach (var r in read.Positions)
        {
            var status = r.Error ?? (unpriced.TryGetValue(r.Id, out var why) ? "unpriced: " + why : null);
            rows.Add(WithRisk(new PositionRow(r.Id, r.Protocol, r.Owner.ToString(), r.Instrument?.Describe() ?? r.Id, string.Join("/", r.Underlyings), status)
            {
                Markers = r.Markers,
                Amounts = PositionAmounts.Of(r.Instrument),
            }, priced.GetValueOrDefault(r.Id), market));
        }
        foreach (var m in manualPositions)
        {
            var status = unpriced.TryGetValue(m.Id, out var why) ? "unpriced: " + why : null;
            rows.Add(WithRisk(new PositionRow(m.Id, ManualInstruments.Protocol, "manual", m.Instrument.Describe(), UnderlyingsOf(m.Instrument), status)
            {
                Amounts = PositionAmounts.Of(m.Instrument),
            }, priced.GetValueOrDefault(m.Id), market));
        }
        return rows;
    }

    private static PositionRow WithRisk(PositionRow row, Valuation? valuation, MarketSnapshot market)
    {
        if (valuation is null) return row;
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
        var model = valuation.Detail is OptionDetail { Volatility: { } vol }
            ? $"{valuation.Model}, vol {vol.Volatility:P1} ({vol.Source}: {vol.Detail})"
            : valuation.Model;
        var flags = valuation.Flags.Count > 0 ? string.Join("; ", valuation.Flags) : null;
        return row with
        {
            Status = row.Status ?? flags,
            ValueUsd = valuation.ValueUsd,
            UsdDelta = usdDelta,
            DollarGammaPerPercent = gamma,
            VegaPerVolPoint = vega,
            ThetaPerDay = theta,
            Model = model,
        };
    }

    private static string UnderlyingsOf(IInstrument instrument) => instrument switch
    {
        ManualPosition m => m.Underlying,
        PerpPosition p => p.Underlying,
        EuropeanOption o => o.Underlying,
        _ => "",
    };

    private static List<AssetExposureRow> AssetRows(PortfolioRisk risk, IReadOnlyDictionary<string, FeedQuote> feeds, IReadOnlyList<PositionRow> rows, string chain)
    {
        var assets = risk.Underlyings.Select(u => AssetRow(u.Underlying, u.Greeks, u.PriceUsd, u.UsdDelta, u.DollarGammaPerPercent, feeds, rows, chain)).ToList();
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

    private static List<LiquidationRow> LiquidationRows(PortfolioRisk risk, MarketSnapshot market)
    {
        var health = risk.Positions
            .Where(p => p.Valuation.Detail is LendingDetail)
            .ToDictionary(p => p.Position.Id, p => ((LendingDetail)p.Valuation.Detail!).Health.HealthFactor);
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
