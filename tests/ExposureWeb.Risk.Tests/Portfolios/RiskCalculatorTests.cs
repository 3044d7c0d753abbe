using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.Portfolios;
using ExposureWeb.Risk.Pricing;
using ExposureWeb.Risk.Tests.Support;

namespace ExposureWeb.Risk.Tests.Portfolios;

/// <summary>Aggregation per underlying, portfolio and workspace, with provenance and unpriced positions listed.</summary>
public class RiskCalculatorTests
{
    private static Portfolio Book(string id, params IInstrument[] instruments) =>
        new(id, instruments.Select((i, n) => new Position($"{id}-{n}", i)).ToList());

    [Fact]
    public void Compute_MixedPositions_NetsGreeksPerUnderlying()
    {
        var option = new EuropeanOption("ETH", OptionRight.Put, 1800, TestMarket.Now.AddDays(30), 4);
        var book = Book("a",
            new SpotHolding("ETH", "WETH", 3),
            new SpotHolding("ETH", "ETH", 1),
            option,
            new PerpPosition("BTC", -0.5, 61000, 0.02, IsolatedMarginUsd: 3000));
        var market = TestMarket.Create();
        var risk = RiskCalculator.Compute(book, market);

        var put = BlackScholes.Evaluate(new OptionParameters(2000, 1800, 30 / 365.0, 0.05, 0, 0.6, OptionRight.Put));
        var eth = risk.Underlyings.Single(u => u.Underlying == "ETH");
        Assert.Equal(4 + 4 * put.Greeks.Delta, eth.Greeks.Delta, 12);
        Assert.Equal(4 * put.Greeks.Gamma, eth.Greeks.Gamma, 15);
        Assert.Equal(4 * put.Greeks.Vega, eth.Greeks.Vega, 12);
        Assert.Equal(eth.Greeks.Delta * 2000, eth.UsdDelta!.Value, 9);
        Assert.Equal(4 * put.Greeks.Gamma * 2000 * 2000 * 0.01, eth.DollarGammaPerPercent!.Value, 9);
        Assert.Equal(-0.5, risk.Underlyings.Single(u => u.Underlying == "BTC").Greeks.Delta);
        Assert.Equal(8000 + 4 * put.Price + 3000 + 500, risk.ValueUsd, 9);
        Assert.Empty(risk.Unpriced);
    }

    [Fact]
    public void Compute_OneBadPosition_RestStillShownAndBadOneListedWithReason()
    {
        var book = Book("a",
            new SpotHolding("ETH", "WETH", 1),
            new EuropeanOption("SOL", OptionRight.Call, 150, TestMarket.Now.AddDays(10), 1),   // no SOL price
            new SpotHolding("BTC", "WBTC", double.NaN),                                          // corrupt balance
            new EuropeanOption("ETH", OptionRight.Call, 2000, TestMarket.Now.AddDays(10), 1));
        var risk = RiskCalculator.Compute(book, TestMarket.Create());

        Assert.Equal(2, risk.Positions.Count);
        Assert.Equal(["a-1", "a-2"], risk.Unpriced.Select(u => u.Position.Id));
        Assert.Equal("no price for SOL.", risk.Unpriced[0].Reason);
        Assert.Contains("quantity must be finite", risk.Unpriced[1].Reason);
        Assert.True(risk.ValueUsd > 2000);
    }

    [Fact]
    public void Compute_StaleQuote_CarriedIntoProvenance()
    {
        var market = TestMarket.Create(issues: new Dictionary<string, string> { ["BTC"] = "stale" }, block: 12345);
        var risk = RiskCalculator.Compute(Book("a", new SpotHolding("ETH", "ETH", 1), new SpotHolding("BTC", "BTC", 1)), market);

        Assert.Equal(12345, risk.Provenance.FirstBlock);
        Assert.True(risk.Provenance.IsFlagged);
        var btc = risk.Provenance.Oracles.Single(o => o.Underlying == "BTC");
        Assert.Equal("stale", btc.Issue);
        Assert.Equal(60, btc.AgeSeconds);
        Assert.Contains("stale", risk.Unpriced.Single().Reason);
    }

    [Fact]
    public void Compute_FlaggedPriceUsed_FlagCarriedWithPositionId()
    {
        var market = TestMarket.Create(issues: new Dictionary<string, string> { ["ETH"] = "pinned at the feed minimum" }, useFlaggedPrices: true);
        var risk = RiskCalculator.Compute(Book("a", new SpotHolding("ETH", "ETH", 1)), market);
        Assert.Empty(risk.Unpriced);
        Assert.True(risk.Underlyings.Single().IsFlagged);
        Assert.Contains("a-0: ETH price flagged: pinned at the feed minimum", risk.Provenance.Flags);
    }

    [Fact]
    public void Compute_LendingAndPerps_HealthAndLiquidationsCollected()
    {
        var book = Book("a",
            new LendingAccount("Aave v3", [new("ETH", "WETH", 10, 0.8)], [new("USDC", "USDC", 10000)]),
            new LendingAccount("Aave v3", [new("BTC", "WBTC", 1, 0.75)], []),
            new PerpPosition("ETH", 1, 2000, 0.02, IsolatedMarginUsd: 200));
        var risk = RiskCalculator.Compute(book, TestMarket.Create());
        Assert.Equal(1.6, risk.MinHealthFactor!.Value, 15);
        Assert.Contains(risk.Liquidations, l => l.PositionId == "a-0" && l.Liquidation.Underlying == "ETH" && l.Liquidation.Price == 1250);
        Assert.Contains(risk.Liquidations, l => l.PositionId == "a-2" && l.Liquidation.Price is > 1836 and < 1837);
    }

    [Fact]
    public void Compute_UnderlyingsOrder_LargestUsdDeltaFirstUnpricedLast()
    {
        var market = TestMarket.Create(issues: new Dictionary<string, string> { ["USDC"] = "depegged feed" }, useFlaggedPrices: false);
        var book = Book("a", new SpotHolding("ETH", "ETH", 1), new SpotHolding("BTC", "BTC", 1),
            new LendingAccount("Aave", [new("ETH", "WETH", 1, 0.8)], []));
        var risk = RiskCalculator.Compute(book, market);
        Assert.Equal(["BTC", "ETH"], risk.Underlyings.Select(u => u.Underlying));
    }

    [Fact]
    public void Aggregate_TwoPortfolios_NetsAndMergesProvenance()
    {
        var first = RiskCalculator.Compute(Book("a", new SpotHolding("ETH", "ETH", 2),
            new LendingAccount("Aave", [new("ETH", "WETH", 10, 0.8)], [new("USDC", "USDC", 12000)])), TestMarket.Create(block: 100));
        var second = RiskCalculator.Compute(Book("b", new SpotHolding("ETH", "ETH", -0.5), new SpotHolding("DOGE", "DOGE", 1)), TestMarket.Create(block: 102));
        var workspace = RiskCalculator.Aggregate([first, second]);

        Assert.Equal(first.ValueUsd + second.ValueUsd, workspace.ValueUsd, 9);
        Assert.Equal(2 + 10 - 0.5, workspace.Underlyings.Single(u => u.Underlying == "ETH").Greeks.Delta, 12);
        Assert.Equal(16000 / 12000.0, workspace.MinHealthFactor!.Value, 15);
        Assert.Equal(100, workspace.Provenance.FirstBlock);
        Assert.Equal(102, workspace.Provenance.LastBlock);
        Assert.Equal("b-1", workspace.Unpriced.Single().Position.Id);
    }
}
