using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.Portfolios;
using ExposureWeb.Risk.Pricing;
using ExposureWeb.Risk.Scenarios;
using ExposureWeb.Risk.Tests.Support;

namespace ExposureWeb.Risk.Tests.Scenarios;

/// <summary>Full revaluation in scenarios, checked against direct repricing and hand-computed liquidations.</summary>
public class ScenarioBookTests
{
    private static Portfolio Book(params IInstrument[] instruments) =>
        new("p", instruments.Select((i, n) => new Position($"p-{n}", i)).ToList());

    [Fact]
    public void Build_MixedBook_BaseValueEqualsPortfolioValue()
    {
        var book = Book(
            new SpotHolding("ETH", "ETH", 2),
            new EuropeanOption("BTC", OptionRight.Call, 65000, TestMarket.Now.AddDays(45), -1),
            new UniswapV3Position("ETH", "USDC", 18, 6, 2e16, -202000, -199000),
            new LendingAccount("Aave", [new("ETH", "WETH", 5, 0.8)], [new("USDC", "USDC", 4000)]),
            new PerpPosition("BTC", 0.2, 59000, 0.02, IsolatedMarginUsd: 1500),
            new CrossMarginAccount("HL", 5000, [new("ETH", -3, 2050, 0.02)]),
            new ManualPosition("OTC", "ETH", 1, 100));
        var market = TestMarket.Create();
        var risk = RiskCalculator.Compute(book, market);
        var compiled = ScenarioBook.Build(risk, market);

        Assert.Empty(compiled.Excluded);
        Assert.Equal(7, compiled.PositionCount);
        Assert.Equal(risk.ValueUsd, compiled.BaseValueUsd, 6);
        Assert.Equal(0, compiled.Run(new ScenarioCell(0, 0)).PnlUsd, 9);
    }

    [Fact]
    public void Run_SpotOnly_PnlIsQuantityTimesMove()
    {
        var compiled = ScenarioBook.Build(Book(new SpotHolding("ETH", "ETH", 3), new SpotHolding("USDC", "USDC", 1000)), TestMarket.Create());
        var cell = compiled.Run(new ScenarioCell(-0.16, 0.5));
        Assert.Equal(3 * 2000 * -0.16, cell.PnlUsd, 9); // USDC is pegged: it does not move
    }

    [Fact]
    public void Run_Options_EqualsRepricingWithMovedSpotAndVol()
    {
        var expiry = TestMarket.Now.AddDays(60);
        var compiled = ScenarioBook.Build(Book(
            new EuropeanOption("ETH", OptionRight.Put, 1900, expiry, 5),
            new EuropeanOption("ETH", OptionRight.Call, 2300, expiry, -2)), TestMarket.Create());

        double Value(double spot, double vol) =>
            5 * BlackScholes.Price(new(spot, 1900, 60 / 365.0, 0.05, 0, vol, OptionRight.Put))
            - 2 * BlackScholes.Price(new(spot, 2300, 60 / 365.0, 0.05, 0, vol, OptionRight.Call));

        foreach (var cell in StressGrid.Deribit())
        {
            var r = compiled.Run(cell);
            double expected = Value(2000 * (1 + cell.PriceMove), 0.6 * (1 + cell.VolMove)) - Value(2000, 0.6);
            Assert.Equal(expected, r.PnlUsd, 9);
        }
    }

    [Fact]
    public void Run_LendingCrash_LiquidatedWithPenalty()
    {
        // 10 ETH × 0.8 against 12800 USDC: HF = 16000/12800 = 1.25. At −16%: HF 1.05, safe; at −20%: exactly 1, still safe.
        // At −28%: HF 0.9 < 0.95 → full close: penalty 12800 × 5% = 640 on 14400 − 12800 = 1600 of equity.
        // At −33%: equity 13400 − 12800 = 600 is less than the penalty: floored at 0.
        var compiled = ScenarioBook.Build(Book(new LendingAccount("Aave", [new("ETH", "WETH", 10, 0.8, LiquidationBonus: 0.05)], [new("USDC", "USDC", 12800)])), TestMarket.Create());
        Assert.Equal(20000 - 12800, compiled.BaseValueUsd, 9);

        var mild = compiled.Run(new ScenarioCell(-0.16, 0));
        Assert.Equal(1.05, mild.MinHealthFactor!.Value, 12);
        Assert.Empty(mild.Liquidated);

        var edge = compiled.Run(new ScenarioCell(-0.20, 0));
        Assert.Equal(1.0, edge.MinHealthFactor!.Value);
        Assert.Empty(edge.Liquidated);

        var liquidated = compiled.Run(new ScenarioCell(-0.28, 0));
        Assert.Equal(0.9, liquidated.HealthFactors.Single(), 12);
        Assert.Equal(["p-0"], liquidated.Liquidated);
        Assert.Equal(1600 - 640 - 7200, liquidated.PnlUsd, 9);

        var crash = compiled.Run(new ScenarioCell(-0.33, 0.5, Extended: true));
        Assert.Equal(0.8375, crash.HealthFactors.Single(), 12);
        Assert.Equal(-7200, crash.PnlUsd, 9);
    }

    [Fact]
    public void Run_IsolatedPerpPastLiquidation_MarginLost()
    {
        // 1 ETH long from 2000, 200 margin, l = 2%: liquidation at 1836.73 (−8.16%).
        var compiled = ScenarioBook.Build(Book(new PerpPosition("ETH", 1, 2000, 0.02, IsolatedMarginUsd: 200)), TestMarket.Create());
        var fine = compiled.Run(new ScenarioCell(-0.08, 0));
        Assert.Empty(fine.Liquidated);
        Assert.Equal(-160, fine.PnlUsd, 9);
        var liquidated = compiled.Run(new ScenarioCell(-0.12, 0));
        Assert.Equal(["p-0"], liquidated.Liquidated);
        Assert.Equal(-200, liquidated.PnlUsd, 9);
    }

    [Fact]
    public void Run_PerpOnSameAssetCollateral_CollateralMovesWithTheIndex()
    {
        // 10 ETH long from 2 000 on 2.5 WETH, l = 1%, ETH at 2 000: base value 2.5 × 2 000 = 5 000.
        // −10% (1 800): equity = 2.5 × 1 800 + 10 × (−200) = 2 500, P&L −2 500 = 12.5 ETH × −200 (a fixed 5 000 USD margin: −2 000).
        // Liquidation at 10 × 2 000 / (12.5 − 0.1) = 1 612.90 (−19.35%): −19% (1 620) equity 4 050 − 3 800 = 250 ≥ 162;
        // −20% (1 600) equity 4 000 − 4 000 = 0 < 160: liquidated, the 5 000 of collateral lost.
        var perp = new PerpPosition("ETH", 10, 2000, 0.01, Collateral: new PerpCollateral("ETH", 2.5));
        var market = TestMarket.Create();
        var risk = RiskCalculator.Compute(Book(perp), market);
        var compiled = ScenarioBook.Build(risk, market);

        Assert.Equal(5000, compiled.BaseValueUsd, 9);
        Assert.Equal(risk.ValueUsd, compiled.BaseValueUsd, 9);
        Assert.Equal(-2500, compiled.Run(new ScenarioCell(-0.10, 0)).PnlUsd, 9);
        var before = compiled.Run(new ScenarioCell(-0.19, 0));
        Assert.Empty(before.Liquidated);
        Assert.Equal(250 - 5000, before.PnlUsd, 9);
        var past = compiled.Run(new ScenarioCell(-0.20, 0));
        Assert.Equal(["p-0"], past.Liquidated);
        Assert.Equal(-5000, past.PnlUsd, 9);
    }

    [Fact]
    public void Run_PerpOnAnotherAssetsCollateral_CollateralMovesWithItsOwnUnderlying()
    {
        // 1 BTC short from 60 000 on 10 WETH, l = 1%, ETH at 2 000: margin 20 000, base value 20 000.
        // ETH alone −10%: margin 18 000, P&L −2 000 (BTC unchanged). ETH alone −99% (20): margin 200 < 0.01 × 60 000 = 600:
        // liquidated, the 20 000 lost. BTC alone +10%: P&L −6 000, margin unchanged.
        var compiled = ScenarioBook.Build(Book(new PerpPosition("BTC", -1, 60000, 0.01, Collateral: new PerpCollateral("ETH", 10))), TestMarket.Create());

        Assert.Equal(20000, compiled.BaseValueUsd, 9);
        Assert.Equal(-2000, compiled.Run(new ScenarioCell(-0.10, 0), ScenarioScope.Only("ETH")).PnlUsd, 9);
        var crash = compiled.Run(new ScenarioCell(-0.99, 0), ScenarioScope.Only("ETH"));
        Assert.Equal(["p-0"], crash.Liquidated);
        Assert.Equal(-20000, crash.PnlUsd, 9);
        Assert.Equal(-6000, compiled.Run(new ScenarioCell(0.10, 0), ScenarioScope.Only("BTC")).PnlUsd, 9);
    }

    [Fact]
    public void Run_PerpOnUsdcCollateral_PeggedCollateralHoldsItsValue()
    {
        // 1 BTC short from 60 000 on 20 000 USDC: every risky asset +10% (USDC pegged): P&L = −1 × 6 000 = −6 000.
        var compiled = ScenarioBook.Build(Book(new PerpPosition("BTC", -1, 60000, 0.01, Collateral: new PerpCollateral("USDC", 20000))), TestMarket.Create());
        Assert.Equal(20000, compiled.BaseValueUsd, 9);
        Assert.Equal(-6000, compiled.Run(new ScenarioCell(0.10, 0)).PnlUsd, 9);
    }

    [Fact]
    public void Run_ShortPerpInCrossAccount_LiquidatedOnRally()
    {
        // Collateral 1000, −1 ETH from 2000, l = 2%: liquidation where 1000 − (p − 2000) = 0.02p → p = 3000/1.02 = 2941 (+47%).
        var compiled = ScenarioBook.Build(Book(new CrossMarginAccount("HL", 1000, [new("ETH", -1, 2000, 0.02)])), TestMarket.Create());
        Assert.Empty(compiled.Run(new ScenarioCell(0.16, 0)).Liquidated);
        var rally = compiled.Run(new ScenarioCell(0.5, 0.5, Extended: true));
        Assert.Equal(["p-0"], rally.Liquidated);
        Assert.Equal(-1000, rally.PnlUsd, 9);
    }

    [Fact]
    public void Run_Grid_WorstCellIsTheMargin()
    {
        var compiled = ScenarioBook.Build(Book(new EuropeanOption("ETH", OptionRight.Put, 2000, TestMarket.Now.AddDays(30), -10)), TestMarket.Create());
        var report = compiled.Run(StressGrid.Deribit());
        Assert.Equal(35, report.Cells.Count);
        // A short put loses most when the price falls the most with vol up: the −66% extended cell.
        Assert.Equal(new ScenarioCell(-0.66, 0.5, true), report.Worst.Cell);
        Assert.Equal(-report.Worst.PnlUsd, report.MarginUsd);
        Assert.Equal(["ETH"], report.ShockedUnderlyings);
    }

    [Fact]
    public void Build_UnpricedPosition_ExcludedAndListed()
    {
        var compiled = ScenarioBook.Build(Book(new SpotHolding("ETH", "ETH", 1), new SpotHolding("SOL", "SOL", 10)), TestMarket.Create());
        Assert.Equal("p-1", compiled.Excluded.Single().Position.Id);
        Assert.Equal(-0.16 * 2000, compiled.Run(new ScenarioCell(-0.16, 0)).PnlUsd, 9);
    }

    [Fact]
    public void Payoff_OneUnderlying_OthersHeldFixed()
    {
        var compiled = ScenarioBook.Build(Book(new SpotHolding("ETH", "ETH", 2), new SpotHolding("BTC", "BTC", 1)), TestMarket.Create());
        var curve = compiled.Payoff("ETH", StressGrid.Ladder(-0.5, 0.5, 11));
        Assert.Equal(11, curve.Points.Count);
        Assert.All(curve.Points, p => Assert.Equal(2 * (p.PriceUsd - 2000), p.PnlUsd, 9));
        Assert.Equal(1000, curve.Points[0].PriceUsd);
    }

    [Fact]
    public void Payoff_AtExpiryHorizon_OptionPaysIntrinsic()
    {
        var compiled = ScenarioBook.Build(Book(new EuropeanOption("ETH", OptionRight.Call, 2000, TestMarket.Now.AddDays(30), 1)), TestMarket.Create());
        var curve = compiled.Payoff("ETH", [-0.1, 0, 0.25], horizonYears: 30 / 365.0);
        Assert.Equal(-compiled.BaseValueUsd, curve.Points[0].PnlUsd, 9);
        Assert.Equal(500 - compiled.BaseValueUsd, curve.Points[2].PnlUsd, 9);
    }

    [Fact]
    public void Payoff_UnknownUnderlying_Throws() =>
        Assert.Throws<ArgumentException>(() => ScenarioBook.Build(Book(new SpotHolding("ETH", "ETH", 1)), TestMarket.Create()).Payoff("BTC", [0.1]));

    [Fact]
    public void Run_MoveBelowMinus100Percent_Rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ScenarioBook.Build(Book(new SpotHolding("ETH", "ETH", 1)), TestMarket.Create()).Run(new ScenarioCell(-1.5, 0)));
}
