using ExposureWeb.Engine.Scenarios;
using ExposureWeb.Engine.Snapshots;
using ExposureWeb.Risk.Exposure;
using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.Market;
using ExposureWeb.Risk.Portfolios;
using ExposureWeb.Risk.Pricing;
using ExposureWeb.Risk.Protocols;
using ExposureWeb.Risk.Scenarios;
using ExposureWeb.Risk.Volatility;

namespace ExposureWeb.Engine.Tests;

/// <summary>
/// The payoff curves and stress grid a snapshot carries, on small books whose figures follow by hand:
/// ETH at 2 000, BTC at 60 000, USDC at 1 (pegged: the grid does not move it).
/// </summary>
public sealed class ScenarioFiguresTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static MarketSnapshot Market() => new(
        Now,
        new Dictionary<string, PriceQuote>
        {
            ["ETH"] = new("ETH", 2_000, Now.AddMinutes(-1), null),
            ["BTC"] = new("BTC", 60_000, Now.AddMinutes(-1), null),
            ["USDC"] = new("USDC", 1, Now.AddMinutes(-1), null),
        },
        ConfiguredVolatilitySource.Flat(new Dictionary<string, double> { ["ETH"] = 0.6, ["BTC"] = 0.5 }),
        0.04);

    private static (ScenarioBook Book, PortfolioRisk Risk) Compile(params IInstrument[] instruments)
    {
        var market = Market();
        var risk = RiskCalculator.Compute(new Portfolio("p", instruments.Select((i, n) => new Position($"p-{n}", i)).ToList()), market);
        return (ScenarioBook.Build(risk, market), risk);
    }

    /// <summary>The rows the reader would publish for the book's liquidations (the same trigger prices).</summary>
    private static List<LiquidationRow> Rows(PortfolioRisk risk) =>
        [.. risk.Liquidations.Select(l => new LiquidationRow(l.PositionId, l.Liquidation.Underlying, l.Liquidation.Price, null,
            l.Liquidation.Direction == LiquidationDirection.PriceFalls ? "falls below" : "rises above", null))];

    private static PayoffPoint At(PayoffSeries series, int index) => new(0, series.PricesUsd[index], series.PnlUsd[index], series.Liquidated[index]);

    [Fact]
    public void Payoffs_PureSpot_PnlAtPlus10PercentIsTenPercentOfTheValue()
    {
        var (book, _) = Compile(new SpotHolding("ETH", "ETH", 3));

        var eth = Assert.Single(ScenarioFigures.Payoffs(book, ["ETH"], []));

        // Ladder −50% … +50% in 2.5% steps: +10% is point 24.
        Assert.Equal(2_200, At(eth, 24).PriceUsd, 6);
        Assert.Equal(0.10 * 3 * 2_000, At(eth, 24).PnlUsd, 2);
        Assert.Equal(-0.50 * 3 * 2_000, eth.PnlUsd[0], 2);
    }

    [Fact]
    public void Payoffs_AnyBook_41AscendingPricesFromHalfToOneAndAHalfTimesWithZeroPnlAtTheCurrentPrice()
    {
        var (book, _) = Compile(new SpotHolding("ETH", "ETH", 3), new SpotHolding("BTC", "WBTC", 0.5), new SpotHolding("USDC", "USDC", 1_000));

        var payoffs = ScenarioFigures.Payoffs(book, ["BTC", "ETH", "LINK", "USDC"], []);

        Assert.Equal(["BTC", "ETH", "USDC"], payoffs.Select(p => p.Underlying)); // the asset rows' order; LINK is not held
        Assert.All(payoffs, p =>
        {
            Assert.Equal(ScenarioFigures.PayoffPoints, p.PricesUsd.Count);
            Assert.Equal(p.PricesUsd.Count, p.PnlUsd.Count);
            Assert.Equal(p.PricesUsd.Order(), p.PricesUsd);
            Assert.Equal(0.5 * p.PriceUsd, p.PricesUsd[0], 6);
            Assert.Equal(1.5 * p.PriceUsd, p.PricesUsd[^1], 6);
            Assert.Equal(p.PriceUsd, p.PricesUsd[20]);
            Assert.Equal(0, p.PnlUsd[20]);
            Assert.All(p.Liquidated, n => Assert.Equal(0, n));
        });
        // Only ETH moves on the ETH curve: BTC and USDC stay where they are.
        Assert.Equal(-0.5 * 3 * 2_000, payoffs[1].PnlUsd[0], 2);
        Assert.Equal(-0.5 * 1_000, payoffs[2].PnlUsd[0], 2);
    }

    [Fact]
    public void Payoffs_ThirtyPerpsWithTheirOwnLiquidationPrices_TwelveMarksNearestThePrice()
    {
        // Longs from 59 000 with margins of 100 … 3 000 USD: the more margin, the lower (farther) the trigger.
        var (book, risk) = Compile([.. Enumerable.Range(1, 30).Select(i => (IInstrument)new PerpPosition("BTC", 0.2, 59_000, 0.02, IsolatedMarginUsd: 100 * i))]);
        var rows = Rows(risk);
        Assert.Equal(30, rows.Count(r => r.PriceUsd is > 0));

        var btc = Assert.Single(ScenarioFigures.Payoffs(book, ["BTC"], rows));

        var nearest = rows.Where(r => r.PriceUsd is > 0).OrderBy(r => Math.Abs(r.PriceUsd!.Value - 60_000)).Take(ScenarioFigures.MaxMarks).Select(r => r.PositionId).Order();
        Assert.Equal(nearest, btc.Marks.Select(m => m.PositionId).Order());
        Assert.Equal(btc.Marks.OrderBy(m => m.PriceUsd).Select(m => m.PriceUsd), btc.Marks.Select(m => m.PriceUsd));
    }

    [Fact]
    public void Payoffs_IsolatedPerp_MarkAtTheLiquidationRowPriceAndMarginLostBelowIt()
    {
        // Long 0.2 BTC from 59 000 on 1 500 USD, maintenance 2%: 1 500 + 0.2 (m − 59 000) = 0.004 m → m = 10 300 / 0.196.
        var (book, risk) = Compile(new PerpPosition("BTC", 0.2, 59_000, 0.02, IsolatedMarginUsd: 1_500));
        var rows = Rows(risk);
        var row = Assert.Single(rows);
        Assert.Equal(10_300 / 0.196, row.PriceUsd!.Value, 6);

        var btc = Assert.Single(ScenarioFigures.Payoffs(book, ["BTC"], rows));

        var mark = Assert.Single(btc.Marks);
        Assert.Equal(row.PriceUsd, mark.PriceUsd);
        Assert.Equal(row.PositionId, mark.PositionId);
        Assert.Equal("falls below", mark.Direction);
        Assert.Equal(row.PriceUsd.Value / 60_000 - 1, mark.Move, 6);
        // Just before liquidation the perp is worth its equity at the trigger: P&L = 0.2 × (trigger − 60 000).
        Assert.Equal(0.2 * (row.PriceUsd.Value - 60_000), mark.PnlUsd, 2);
        // Below the trigger the margin is gone: P&L = −(1 500 + 0.2 × 1 000), the whole value.
        int below = btc.PricesUsd.ToList().FindLastIndex(p => p < row.PriceUsd.Value);
        Assert.Equal(-(1_500 + 0.2 * 1_000), btc.PnlUsd[below], 2);
        Assert.Equal(1, btc.Liquidated[below]);
        Assert.Equal(0, btc.Liquidated[below + 1]);
    }

    [Fact]
    public void Payoffs_LiquidationOfAnotherUnderlying_NotMarkedOnThisCurve()
    {
        var (book, risk) = Compile(new PerpPosition("BTC", 0.2, 59_000, 0.02, IsolatedMarginUsd: 1_500), new SpotHolding("ETH", "ETH", 1));

        var eth = Assert.Single(ScenarioFigures.Payoffs(book, ["ETH"], Rows(risk)));

        Assert.Empty(eth.Marks);
    }

    [Fact]
    public void Stress_LongSpot_35CellsAndTheWorstIsTheMinus66PercentExtendedMove()
    {
        var (book, _) = Compile(new SpotHolding("ETH", "ETH", 3), new SpotHolding("USDC", "USDC", 1_000));

        var stress = ScenarioFigures.Stress(book);

        Assert.NotNull(stress);
        Assert.Equal(35, stress.Cells.Count);
        Assert.Equal(["ETH"], stress.ShockedUnderlyings);
        Assert.Equal(3 * 2_000 + 1_000, stress.BaseValueUsd, 2);
        Assert.Equal(-0.66, stress.Worst.PriceMove);
        Assert.True(stress.Worst.Extended);
        Assert.Equal(-0.66 * 3 * 2_000, stress.Worst.PnlUsd, 2);
        // Within the ±16% grid the worst is −16% (volatility does not matter to spot).
        var core = stress.Cells.Where(c => !c.Extended).MinBy(c => c.PnlUsd)!;
        Assert.Equal(-0.16, core.PriceMove);
        Assert.Equal(-0.16 * 3 * 2_000, core.PnlUsd, 2);
        Assert.Equal(27, stress.Cells.Count(c => !c.Extended));
    }

    [Fact]
    public void Stress_ShortCall_WorstIsTheLargestRiseWithVolatilityUp()
    {
        var (book, _) = Compile(new EuropeanOption("ETH", OptionRight.Call, 2_200, Now.AddDays(30), -2));

        var stress = ScenarioFigures.Stress(book)!;

        Assert.Equal(5.0, stress.Worst.PriceMove);
        Assert.Equal(0.5, stress.Worst.VolMove);
        Assert.True(stress.Worst.PnlUsd < -2 * (12_000 - 2_200) + 1_000); // about −2 × intrinsic, less the premium received
    }

    [Fact]
    public void Stress_NothingPriced_Null()
    {
        var (book, _) = Compile();

        Assert.Null(ScenarioFigures.Stress(book));
        Assert.Empty(ScenarioFigures.Payoffs(book, ["ETH"], []));
    }
}
