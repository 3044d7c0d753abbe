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
    public MarketSnapshot Build(string chain, ulong blockNumber, DateTimeOffset blockTime, IReadOnlyDictionary<string, FeedQuote> feeds)
    {
        var prices = new Dictionary<string, PriceQuote>(StringComparer.OrdinalIgnoreCase);
        foreach (var (underlying, feed) in feeds)
        {
            prices[underlying] = feed.Quote;
            if (feed.Quote.IsUsable) history.Record(chain, underlying, feed.Quote.UpdatedAt, feed.Quote.PriceUsd);
        }
        var o = options.Value;
        var configured = ConfiguredVolatilitySource.Flat(o.Volatility);
        var realized = new RealizedVolatilitySource(
            history.Underlyings(chain).Select(u => (u, history.Of(chain, u))).Where(x => x.Item2 is not null)
                .ToDictionary(x => x.u, x => x.Item2!.Value.Prices, StringComparer.OrdinalIgnoreCase),
            // One rate for all series keeps RealizedVolatilitySource simple; feeds here update on a common clock.
            periodsPerYear: history.Underlyings(chain).Select(u => history.Of(chain, u)?.PeriodsPerYear).FirstOrDefault(p => p is not null) ?? EwmaVolatility.DailyPeriodsPerYear);
        return new MarketSnapshot(blockTime, prices, new VolatilitySourceChain(configured, realized), o.RiskFreeRate, blockNumber: (long)blockNumber);
    }
}
