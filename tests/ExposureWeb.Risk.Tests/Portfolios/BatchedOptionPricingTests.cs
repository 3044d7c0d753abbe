using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.Market;
using ExposureWeb.Risk.Portfolios;
using ExposureWeb.Risk.Pricing;
using ExposureWeb.Risk.Pricing.Models;
using ExposureWeb.Risk.Tests.Support;

namespace ExposureWeb.Risk.Tests.Portfolios;

/// <summary>
/// RiskCalculator prices a portfolio's options through the vectorised kernel; the result must be the one-by-one
/// result (1e-12 relative), including the reasons for the options it hands back.
/// </summary>
public class BatchedOptionPricingTests
{
    /// <summary>The default model seen only through the single-instrument interface, so nothing is batched.</summary>
    private sealed class OneByOne : IPricingModel<EuropeanOption>
    {
        private readonly BlackScholesModel _inner = new();

        public string Name => _inner.Name;

        public PricingResult Value(EuropeanOption instrument, MarketSnapshot market) => _inner.Value(instrument, market);
    }

    [Fact]
    public void Compute_ManyOptionsWithOddOnes_SameAsOneByOne()
    {
        var rng = new Random(5);
        var positions = new List<Position>();
        for (int i = 0; i < 41; i++)
        {
            string underlying = i % 2 == 0 ? "ETH" : "BTC";
            double spot = underlying == "ETH" ? 2000 : 60000;
            positions.Add(new Position($"o{i}", new EuropeanOption(underlying, i % 3 == 0 ? OptionRight.Put : OptionRight.Call,
                spot * Math.Exp(rng.NextDouble() - 0.5), TestMarket.Now.AddDays(1 + rng.Next(400)), rng.NextDouble() * 10 - 5)));
        }
        positions.Add(new Position("expired", new EuropeanOption("ETH", OptionRight.Call, 1500, TestMarket.Now.AddDays(-1), 1)));
        positions.Add(new Position("no-vol", new EuropeanOption("USDC", OptionRight.Call, 1, TestMarket.Now.AddDays(10), 1)));
        positions.Add(new Position("no-price", new EuropeanOption("SOL", OptionRight.Call, 100, TestMarket.Now.AddDays(10), 1)));
        positions.Add(new Position("nan", new EuropeanOption("ETH", OptionRight.Call, 2000, TestMarket.Now.AddDays(10), double.NaN)));
        positions.Add(new Position("zero-strike", new EuropeanOption("ETH", OptionRight.Call, 0, TestMarket.Now.AddDays(10), 1)));
        positions.Add(new Position("spot", new SpotHolding("ETH", "ETH", 1)));
        var portfolio = new Portfolio("p", positions);
        var market = TestMarket.Create();

        var batched = RiskCalculator.Compute(portfolio, market);
        var single = RiskCalculator.Compute(portfolio, market, new PricingModels { Option = new OneByOne() });

        Assert.Equal(single.Unpriced.Select(u => (u.Position.Id, u.Reason)), batched.Unpriced.Select(u => (u.Position.Id, u.Reason)));
        Assert.Equal(single.Positions.Select(p => p.Position.Id), batched.Positions.Select(p => p.Position.Id));
        for (int i = 0; i < single.Positions.Count; i++)
        {
            var a = single.Positions[i].Valuation;
            var b = batched.Positions[i].Valuation;
            Tolerance.AssertClose(a.ValueUsd, b.ValueUsd, 1e-12, 1e-12, $"{single.Positions[i].Position.Id} value");
            var ga = a.Sensitivities.Single().Greeks;
            var gb = b.Sensitivities.Single().Greeks;
            Tolerance.AssertClose(ga.Delta, gb.Delta, 1e-12, 1e-15, "delta");
            Tolerance.AssertClose(ga.Gamma, gb.Gamma, 1e-12, 1e-18, "gamma");
            Tolerance.AssertClose(ga.Vega, gb.Vega, 1e-12, 1e-12, "vega");
            Tolerance.AssertClose(ga.Theta, gb.Theta, 1e-12, 1e-12, "theta");
            Tolerance.AssertClose(ga.Rho, gb.Rho, 1e-12, 1e-12, "rho");
            Assert.Equal(a.Flags, b.Flags);
        }
        Assert.Equal(["no-vol", "no-price", "nan", "zero-strike"], batched.Unpriced.Select(u => u.Position.Id));
    }
}
