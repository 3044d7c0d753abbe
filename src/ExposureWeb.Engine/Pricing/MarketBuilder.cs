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

    /// <summary>The market of one block.</summary>
    /// <param name="chain">Chain profile name (price history is kept per chain).</param>
    /// <param name="blockNumber">The block.</param>
    /// <param name="blockTime">Its timestamp: the valuation time.</param>
    /// <param name="feeds">The block's oracle answers.</param>
    /// <param name="useFlaggedPrices">Value with answers that carry an issue (see <see cref="MarketSnapshot"/>).</param>
    public MarketSnapshot Build(string chain, ulong blockNumber, DateTimeOffset blockTime, IReadOnlyDictionary<string, FeedQuote> feeds, bool useFlaggedPrices = false)
    {
        var prices = new Dictionary<string, PriceQuote>(StringComparer.OrdinalIgnoreCase);
        foreach (var (underlying, feed) in feeds)
        {
            prices[underlying] = feed.Quote;
            if (feed.Quote.IsUsable) history.Record(chain, underlying, feed.Quote.UpdatedAt, feed.Quote.PriceUsd);
        }
        // Each series is copied once per block, with its own observation times: feeds update on their own clocks
        // (a 1 h heartbeat here, 24 h there), so every underlying is annualised from its own intervals.
        var series = new Dictionary<string, PriceSeries>(StringComparer.OrdinalIgnoreCase);
        foreach (var underlying in history.Underlyings(chain))
        {
            if (history.Of(chain, underlying) is { } s) series[underlying] = s;
        }
        var realized = new RealizedVolatilitySource(series);
        return new MarketSnapshot(blockTime, prices, new VolatilitySourceChain(_configured, realized), options.Value.RiskFreeRate, blockNumber: (long)blockNumber, useFlaggedPrices: useFlaggedPrices);
    }
}
