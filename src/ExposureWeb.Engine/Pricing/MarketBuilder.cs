using ExposureWeb.Chain.Adapters.Chainlink;
using ExposureWeb.Risk.Exposure;
using ExposureWeb.Risk.Market;
using ExposureWeb.Risk.Volatility;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Engine.Pricing;

/// <summary>
/// Builds the <see cref="MarketSnapshot"/> a block's positions are valued against: the oracle quotes
/// read in that block, volatilities (configured per underlying first, EWMA of the engine's own price
/// history otherwise) and the configured USD rate.
/// </summary>
public sealed class MarketBuilder(IOptions<EngineOptions> options, PriceHistory history)
{
    // Configured volatilities do not change while the app runs: built once, not per block.
    private readonly ConfiguredVolatilitySource _configured = ConfiguredVolatilitySource.Flat(options.Value.Volatility);

    public MarketSnapshot Build(string chain, ulong blockNumber, DateTimeOffset blockTime, IReadOnlyDictionary<string, FeedQuote> feeds)
    {
        var prices = new Dictionary<string, PriceQuote>(StringComparer.OrdinalIgnoreCase);
        foreach (var (underlying, feed) in feeds)
        {
            prices[underlying] = feed.Quote;
            if (feed.Quote.IsUsable) history.Record(chain, underlying, feed.Quote.UpdatedAt, feed.Quote.PriceUsd);
        }
        // Each series is copied once per block; one sampling rate for all keeps RealizedVolatilitySource simple
        // (feeds of a chain update on a common clock).
        var series = history.Underlyings(chain)
            .Select(u => (Underlying: u, Series: history.Of(chain, u)))
            .Where(x => x.Series is not null)
            .ToList();
        var realized = new RealizedVolatilitySource(
            series.ToDictionary(x => x.Underlying, x => x.Series!.Value.Prices, StringComparer.OrdinalIgnoreCase),
            periodsPerYear: series.Count > 0 ? series[0].Series!.Value.PeriodsPerYear : EwmaVolatility.DailyPeriodsPerYear);
        return new MarketSnapshot(blockTime, prices, new VolatilitySourceChain(_configured, realized), options.Value.RiskFreeRate, blockNumber: (long)blockNumber);
    }
}
