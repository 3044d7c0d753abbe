using ExposureWeb.Chain.Adapters.Chainlink;
using ExposureWeb.Engine.Pricing;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Engine.Tests;

/// <summary>Realised volatility from the engine's own oracle history: each underlying annualised from its own update times.</summary>
public class MarketBuilderTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Build_FeedsUpdatingHourlyAndDaily_EachAnnualisedWithItsOwnRate()
    {
        // Two feeds (no configured volatility for them) whose every update moves the price by ±1% in log terms: one
        // updates every hour, the other every 24 hours. Per update σ = 1%, so the hourly one is 1% × √(24 × 365) ≈ 93.6%
        // a year and the daily one 1% × √365 ≈ 19.1%. One sampling rate for both would get one of them wrong by √24.
        var history = new PriceHistory();
        for (int i = 0; i <= 48; i++) history.Record("local", "HOURLY", Start.AddHours(i), 100 * Math.Exp(i % 2 == 0 ? 0 : 0.01));
        for (int i = 0; i <= 48; i++) history.Record("local", "DAILY", Start.AddDays(i), 50 * Math.Exp(i % 2 == 0 ? 0 : 0.01));

        var market = new MarketBuilder(Options.Create(new EngineOptions()), history).Build("local", 1, Start.AddDays(48), new Dictionary<string, FeedQuote>());

        var hourly = market.Volatility.Find("HOURLY", 0.1)!;
        var daily = market.Volatility.Find("DAILY", 0.1)!;
        Assert.Equal(0.01 * Math.Sqrt(24 * 365), hourly.Volatility, 1e-12);
        Assert.Equal(0.01 * Math.Sqrt(365), daily.Volatility, 1e-12);
        Assert.Contains("every 1 h", hourly.Detail, StringComparison.Ordinal);
        Assert.Contains("every 24 h", daily.Detail, StringComparison.Ordinal);
    }
}
