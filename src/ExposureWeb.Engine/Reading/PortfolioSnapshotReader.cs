using ExposureWeb.Chain.Adapters.Chainlink;
using ExposureWeb.Chain.Adapters.Spot;
using ExposureWeb.Chain.Multicall;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.Engine.Snapshots;
using ExposureWeb.Risk.Exposure;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Engine.Reading;

/// <summary>
/// Reads a portfolio's balances and its prices in one Multicall3 call pinned to a block and turns
/// them into an <see cref="ExposureSnapshot"/>.
/// </summary>
public sealed class PortfolioSnapshotReader(TimeProvider time, IOptions<EngineOptions> options)
{
    public async Task<ExposureSnapshot> ReadAsync(EthClient eth, ChainProfile chain, WatchedPortfolio portfolio, BlockHeader head, CancellationToken ct)
    {
        var batch = new MulticallBatch();
        var spot = new SpotBalancesAdapter(chain, portfolio.Addresses, batch);
        var prices = new ChainlinkPriceAdapter(chain, batch, TimeSpan.FromSeconds(options.Value.StaleMarginSeconds));

        var results = await batch.ExecuteAsync(eth, Address.Parse(chain.Multicall3!), BlockParameter.FromNumber(head.Number), ct);

        var (holdings, spotErrors) = spot.Read(results);
        var (quotes, priceErrors) = prices.Read(results, head.Timestamp);
        var exposures = SpotExposureCalculator.Aggregate(holdings, quotes.ToDictionary(q => q.Key, q => q.Value.Quote, StringComparer.OrdinalIgnoreCase));

        var rows = exposures.Select(e =>
        {
            quotes.TryGetValue(e.Underlying, out var feed);
            var issue = feed is null ? $"no price feed for {e.Underlying} in chain profile '{chain.Name}'" : feed.Quote.Issue;
            var symbols = string.Join(" + ", e.Holdings.Select(h => h.Symbol).Distinct(StringComparer.OrdinalIgnoreCase));
            return new AssetExposureRow(e.Underlying, symbols, e.Delta, e.PriceUsd, e.UsdDelta, feed?.Quote.UpdatedAt, feed?.HeartbeatSeconds, feed?.StaleAfter, issue);
        }).ToList();

        return new ExposureSnapshot(portfolio.Id, chain.Name, head.Number, head.Hash, head.Timestamp, time.GetUtcNow(), rows, [.. spotErrors, .. priceErrors]);
    }
}
