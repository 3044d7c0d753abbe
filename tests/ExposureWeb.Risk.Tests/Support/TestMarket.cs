using ExposureWeb.Risk.Exposure;
using ExposureWeb.Risk.Market;
using ExposureWeb.Risk.Volatility;

namespace ExposureWeb.Risk.Tests.Support;

/// <summary>Small markets for model and portfolio tests: fresh quotes, flat volatilities, block 100.</summary>
internal static class TestMarket
{
    public static readonly DateTimeOffset Now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly Dictionary<string, double> DefaultPrices = new() { ["ETH"] = 2000, ["BTC"] = 60000, ["USDC"] = 1 };

    public static MarketSnapshot Create(
        IReadOnlyDictionary<string, double>? prices = null,
        IReadOnlyDictionary<string, double>? vols = null,
        IReadOnlyDictionary<string, string>? issues = null,
        double rate = 0.05,
        bool useFlaggedPrices = false,
        long block = 100)
    {
        var quotes = (prices ?? DefaultPrices).ToDictionary(
            p => p.Key,
            p => new PriceQuote(p.Key, p.Value, Now.AddMinutes(-1), issues?.GetValueOrDefault(p.Key)));
        var volatility = ConfiguredVolatilitySource.Flat(vols ?? new Dictionary<string, double> { ["ETH"] = 0.6, ["BTC"] = 0.5 });
        return new MarketSnapshot(Now, quotes, volatility, rate, blockNumber: block, useFlaggedPrices: useFlaggedPrices);
    }
}
