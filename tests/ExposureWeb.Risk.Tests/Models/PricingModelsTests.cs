using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.Market;
using ExposureWeb.Risk.Pricing;
using ExposureWeb.Risk.Pricing.Models;
using ExposureWeb.Risk.Tests.Support;
using ExposureWeb.Risk.Volatility;

namespace ExposureWeb.Risk.Tests.Models;

/// <summary>Models value instruments against a snapshot, and say why when they cannot.</summary>
public class PricingModelsTests
{
    private static readonly PricingModels Models = PricingModels.Default;

    [Fact]
    public void Value_Spot_QuantityTimesPrice()
    {
        var v = Models.Value(new SpotHolding("ETH", "WETH", 2.5), TestMarket.Create()).Valuation!;
        Assert.Equal(5000, v.ValueUsd);
        Assert.Equal(Greeks.Linear(2.5), v.Sensitivities.Single().Greeks);
    }

    [Fact]
    public void Value_Option_BlackScholesWithConfiguredVolAndQuantity()
    {
        var option = new EuropeanOption("ETH", OptionRight.Call, 2200, TestMarket.Now.AddDays(73), Quantity: -3);
        var v = Models.Value(option, TestMarket.Create()).Valuation!;
        var unit = BlackScholes.Evaluate(new OptionParameters(2000, 2200, 73 / 365.0, 0.05, 0, 0.6, OptionRight.Call));
        Assert.Equal(-3 * unit.Price, v.ValueUsd, 12);
        Assert.Equal(unit.Greeks * -3, v.Sensitivities.Single().Greeks);
        var detail = Assert.IsType<OptionDetail>(v.Detail);
        Assert.Equal(VolatilitySourceKind.Configured, detail.Volatility!.Source);
        Assert.Equal(0.2, detail.Years, 15);
    }

    [Fact]
    public void Value_OptionWithoutVolatility_UnpricedNamingTheUnderlying()
    {
        var option = new EuropeanOption("BTC", OptionRight.Put, 50000, TestMarket.Now.AddDays(30), 1);
        var result = Models.Value(option, TestMarket.Create(vols: new Dictionary<string, double> { ["ETH"] = 0.6 }));
        Assert.False(result.IsPriced);
        Assert.Contains("no volatility for BTC", result.Error);
    }

    [Fact]
    public void Value_ExpiredOption_IntrinsicWithCurrentPriceAndFlagged()
    {
        var option = new EuropeanOption("ETH", OptionRight.Put, 2100, TestMarket.Now.AddDays(-2), 2);
        var v = Models.Value(option, TestMarket.Create(vols: new Dictionary<string, double>())).Valuation!;
        Assert.Equal(200, v.ValueUsd);
        Assert.Equal(-2, v.Sensitivities.Single().Greeks.Delta);
        Assert.Contains(v.Flags, f => f.StartsWith("expired", StringComparison.Ordinal));
    }

    [Fact]
    public void Value_StalePrice_UnpricedWithTheIssue()
    {
        var market = TestMarket.Create(issues: new Dictionary<string, string> { ["ETH"] = "stale: updated 3 h ago, heartbeat 1 h" });
        var result = Models.Value(new SpotHolding("ETH", "ETH", 1), market);
        Assert.False(result.IsPriced);
        Assert.Contains("stale", result.Error);
    }

    [Fact]
    public void Value_StalePriceAllowed_PricedAndFlagged()
    {
        var market = TestMarket.Create(issues: new Dictionary<string, string> { ["ETH"] = "stale" }, useFlaggedPrices: true);
        var v = Models.Value(new SpotHolding("ETH", "ETH", 1), market).Valuation!;
        Assert.Equal(2000, v.ValueUsd);
        Assert.Contains("ETH price flagged: stale", v.Flags);
    }

    [Fact]
    public void Value_MissingPrice_Unpriced()
    {
        var result = Models.Value(new SpotHolding("DOGE", "DOGE", 1), TestMarket.Create());
        Assert.Equal("no price for DOGE.", result.Error);
    }

    [Fact]
    public void Value_NaNQuantity_UnpricedNotThrown()
    {
        var result = Models.Value(new SpotHolding("ETH", "ETH", double.NaN), TestMarket.Create());
        Assert.False(result.IsPriced);
        Assert.Contains("quantity must be finite", result.Error);
    }

    private sealed record Mystery : IInstrument
    {
        public string Describe() => "mystery";
    }

    [Fact]
    public void Value_UnknownInstrument_UnpricedSayingSo() =>
        Assert.Equal("no pricing model for Mystery.", Models.Value(new Mystery(), TestMarket.Create()).Error);

    private sealed class FixedOptionModel : IPricingModel<EuropeanOption>
    {
        public string Name => "fixed";

        public PricingResult Value(EuropeanOption instrument, MarketSnapshot market) =>
            PricingResult.Priced(new Valuation(42 * instrument.Quantity, [], Name, null, []));
    }

    [Fact]
    public void Value_ReplacedOptionModel_StrategyIsUsed()
    {
        var models = new PricingModels { Option = new FixedOptionModel() };
        var v = models.Value(new EuropeanOption("ETH", OptionRight.Call, 1, TestMarket.Now.AddDays(1), 2), TestMarket.Create()).Valuation!;
        Assert.Equal(84, v.ValueUsd);
        Assert.Equal("fixed", v.Model);
    }

    [Fact]
    public void Value_Manual_LinearPlusCash()
    {
        var v = Models.Value(new ManualPosition("OTC forward", "BTC", -0.5, CashUsd: 31000), TestMarket.Create()).Valuation!;
        Assert.Equal(1000, v.ValueUsd);
        Assert.Equal(-0.5, v.Sensitivities.Single().Greeks.Delta);
    }
}
