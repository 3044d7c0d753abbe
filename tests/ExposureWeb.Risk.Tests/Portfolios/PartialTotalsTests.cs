using System.Numerics;
using ExposureWeb.Risk.Governance;
using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.Portfolios;
using ExposureWeb.Risk.Pricing;
using ExposureWeb.Risk.Pricing.Models;
using ExposureWeb.Risk.Protocols;
using ExposureWeb.Risk.Tests.Support;

namespace ExposureWeb.Risk.Tests.Portfolios;

/// <summary>Totals with an unpriced asset: quantities still counted, every figure that leaves something out says why.</summary>
public class PartialTotalsTests
{
    private const string StaleEth = "stale: updated 2 h before the block, heartbeat 3600 s";

    private static Portfolio Book(params IInstrument[] instruments) =>
        new("p", instruments.Select((i, n) => new Position($"p-{n}", i)).ToList());

    private static readonly LendingAccount EthBackedLoan = new("Aave v3 test",
        [new LendingSupply("ETH", "WETH", 5, 0.83)], [new LendingDebt("USDC", "USDC", 4000)]);

    private static class Stale
    {
        /// <summary>The default test market with ETH's quote flagged stale (same price, not usable).</summary>
        public static Market.MarketSnapshot Market() => TestMarket.Create(issues: new Dictionary<string, string> { ["ETH"] = StaleEth });
    }

    [Fact]
    public void Compute_EthFeedStale_UnitsOfUnpricedLinearPositionsStillCounted()
    {
        var risk = RiskCalculator.Compute(Book(new SpotHolding("ETH", "ETH", 10), EthBackedLoan, new PerpPosition("ETH", 2, 1900, 0.01, IsolatedMarginUsd: 500)), Stale.Market());

        var eth = risk.Underlyings.Single(u => u.Underlying == "ETH");
        Assert.Equal(10 + 5 + 2, eth.Units, 12);
        Assert.Null(eth.PriceUsd);
        Assert.Null(eth.UsdDelta);
        Assert.Null(eth.UnitsPartial);
        // The loan's USDC leg needs no ETH price: its USD delta is whole.
        var usdc = risk.Underlyings.Single(u => u.Underlying == "USDC");
        Assert.Equal(-4000, usdc.Units, 9);
        Assert.Equal(-4000, usdc.UsdDelta!.Value, 9);
    }

    [Fact]
    public void Compute_EthFeedStale_EveryTotalThatLeavesItOutSaysWhy()
    {
        var risk = RiskCalculator.Compute(Book(new SpotHolding("ETH", "ETH", 10), new SpotHolding("BTC", "WBTC", 1), EthBackedLoan), Stale.Market());

        var why = $"ETH unpriced — {StaleEth}";
        Assert.True(risk.Partial.Any);
        Assert.Equal([why], risk.Partial.Value);
        Assert.Equal([why], risk.Partial.UsdDelta);
        Assert.Equal([why], risk.Partial.HealthFactor);
        Assert.Equal([why], risk.Partial.Liquidation);
        // Spot and lending have no gamma, vega or theta whatever the price: those totals are whole.
        Assert.Empty(risk.Partial.Greeks);
        Assert.Equal(60_000, risk.ValueUsd, 9);
    }

    [Fact]
    public void Of_ProtocolGivesHealthAndDistance_ThoseFiguresWhole()
    {
        var risk = RiskCalculator.Compute(Book(new SpotHolding("ETH", "ETH", 10), EthBackedLoan), Stale.Market());

        var partial = PartialTotals.Of(risk, id => id == "p-1", id => id == "p-1");

        Assert.Empty(partial.HealthFactor);
        Assert.Empty(partial.Liquidation);
        Assert.NotEmpty(partial.Value);
        Assert.NotEmpty(partial.UsdDelta);
    }

    [Fact]
    public void Compute_EveryPricePresent_NothingPartial()
    {
        var risk = RiskCalculator.Compute(Book(new SpotHolding("ETH", "ETH", 10), EthBackedLoan,
            new EuropeanOption("ETH", OptionRight.Call, 2200, TestMarket.Now.AddDays(30), 3)), TestMarket.Create());

        Assert.False(risk.Partial.Any);
        Assert.Same(PartialTotals.None, risk.Partial);
        Assert.All(risk.Underlyings, u => Assert.Null(u.UnitsPartial));
    }

    [Fact]
    public void Compute_EthFeedStaleWithOption_DeltaAtFlaggedPriceNotedGreeksPartial()
    {
        var option = new EuropeanOption("ETH", OptionRight.Put, 1800, TestMarket.Now.AddDays(30), 4);
        var priced = RiskCalculator.Compute(Book(new SpotHolding("ETH", "ETH", 1), option), TestMarket.Create());
        var stale = RiskCalculator.Compute(Book(new SpotHolding("ETH", "ETH", 1), option), Stale.Market());

        var before = priced.Underlyings.Single(u => u.Underlying == "ETH");
        var after = stale.Underlyings.Single(u => u.Underlying == "ETH");
        // The stale answer is the same number: the units are the same, worked out at it and said so.
        Assert.Equal(before.Units, after.Units, 12);
        Assert.Contains("option deltas at the flagged ETH price", after.UnitsNote);
        Assert.Null(after.UnitsPartial);
        Assert.Equal($"ETH unpriced — {StaleEth}", after.GreeksPartial);
        Assert.Contains($"ETH unpriced — {StaleEth}", stale.Partial.Greeks);
    }

    [Fact]
    public void Compute_OptionOnAssetWithoutAnyPrice_UnitsPartialWithReason()
    {
        var risk = RiskCalculator.Compute(Book(new EuropeanOption("SOL", OptionRight.Call, 150, TestMarket.Now.AddDays(10), 1)), TestMarket.Create());

        var sol = risk.Underlyings.Single(u => u.Underlying == "SOL");
        Assert.Equal(0, sol.Units);
        Assert.Equal("SOL unpriced — no price feed", sol.UnitsPartial);
        Assert.Equal(["SOL unpriced — no price feed"], risk.Partial.UsdDelta);
    }

    [Fact]
    public void Aggregate_TwoPortfoliosOneUnpriced_UnpricedUnitsAddUp()
    {
        var market = Stale.Market();
        var a = RiskCalculator.Compute(Book(new SpotHolding("ETH", "ETH", 10)), market);
        var b = RiskCalculator.Compute(Book(EthBackedLoan), market);

        var workspace = RiskCalculator.Aggregate([a, b]);

        Assert.Equal(15, workspace.Underlyings.Single(u => u.Underlying == "ETH").Units, 12);
        Assert.Equal(-4000, workspace.Underlyings.Single(u => u.Underlying == "USDC").UsdDelta!.Value, 9);
    }

    [Fact]
    public void UnitExposure_UniswapRangeWithPoolPrice_AmountsAsTheModelFindsThem()
    {
        // ETH/USDC, 18/6 decimals, pool at 2000 USDC per ETH, range around it.
        var raw = 2000 * Math.Pow(10, 6 - 18);
        var lp = new UniswapV3Position("ETH", "USDC", 18, 6, 1e15, UniswapV3Math.PriceToTick(1500 * 1e-12), UniswapV3Math.PriceToTick(2500 * 1e-12), raw, FeesOwed0: 0.5, FeesOwed1: 100);
        var detail = (LiquidityDetail)new UniswapV3Model().Value(lp, TestMarket.Create()).Valuation!.Detail!;

        var units = UnitExposure.Of(lp)!;

        Assert.Equal(detail.Amount0 + 0.5, units.Single(u => u.Underlying == "ETH").Units, 9);
        Assert.Equal(detail.Amount1 + 100, units.Single(u => u.Underlying == "USDC").Units, 6);
        Assert.Null(UnitExposure.Of(new EuropeanOption("ETH", OptionRight.Call, 2000, TestMarket.Now.AddDays(1), 1)));
    }

    [Fact]
    public void AaveProtocolLiquidation_EthCollateralUsdcDebt_EthFallsToDebtOverWeightedCollateral()
    {
        // 10 WETH at 2,000 (threshold 83%) against 10,000 USDC: HF 1.66, liquidated below 10,000 / (10 × 0.83).
        AaveAccountLeg[] legs =
        [
            new("0xweth", BigInteger.Parse("10000000000000000000"), 0, 18, new BigInteger(2000_00000000), 8050, 8300, true),
            new("0xusdc", 0, new BigInteger(10_000_000000), 6, new BigInteger(1_00000000), 7500, 7800, true),
        ];

        var result = AaveProtocolLiquidation.Of(legs, 1e8, a => a == "0xweth" ? "ETH" : "USDC");

        var eth = result.Single(r => r.Liquidation.Underlying == "ETH");
        Assert.Equal(LiquidationDirection.PriceFalls, eth.Liquidation.Direction);
        Assert.Equal(10_000 / (10 * 0.83), eth.Liquidation.Price!.Value, 6);
        Assert.Equal(2000, eth.CurrentPrice, 9);
        var usdc = result.Single(r => r.Liquidation.Underlying == "USDC");
        Assert.Equal(LiquidationDirection.PriceRises, usdc.Liquidation.Direction);
        Assert.Equal(10 * 2000 * 0.83 / 10_000, usdc.Liquidation.Price!.Value, 9);
    }

    [Fact]
    public void AaveProtocolLiquidation_NoDebt_NoBoundary()
    {
        AaveAccountLeg[] legs = [new("0xweth", BigInteger.Parse("10000000000000000000"), 0, 18, new BigInteger(2000_00000000), 8050, 8300, true)];

        Assert.Empty(AaveProtocolLiquidation.Of(legs, 1e8, _ => "ETH"));
    }
}
