using ExposureWeb.Engine.Scenarios;
using ExposureWeb.Engine.Snapshots;
using ExposureWeb.Risk.Exposure;
using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.Market;
using ExposureWeb.Risk.Portfolios;
using ExposureWeb.Risk.Protocols;
using ExposureWeb.Risk.Scenarios;

namespace ExposureWeb.Web.Tests.Charts;

/// <summary>
/// A small snapshot computed by the engine's own figures: 3 ETH spot at 2 000, 1 000 USDC, and a BTC long perp
/// (0.2 from 59 000 on 1 500 USD, maintenance 2%) at 60 000 whose liquidation price is 10 300 / 0.196 ≈ 52 551.
/// </summary>
internal static class TestSnapshots
{
    public static readonly DateTimeOffset BlockTime = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public const string PerpId = "gmx-v2:local:0x70997970C51812dc3A010C7d01b50e0d17dc79C8:btc-long";

    public static ExposureSnapshot Small(int portfolioId = 1, ulong block = 1234)
    {
        var market = new MarketSnapshot(BlockTime, new Dictionary<string, PriceQuote>
        {
            ["ETH"] = new("ETH", 2_000, BlockTime, null),
            ["BTC"] = new("BTC", 60_000, BlockTime, null),
            ["USDC"] = new("USDC", 1, BlockTime, null),
        });
        var risk = RiskCalculator.Compute(new Portfolio("p", [
            new Position("spot:eth", new SpotHolding("ETH", "ETH", 3)),
            new Position("spot:usdc", new SpotHolding("USDC", "USDC", 1_000)),
            new Position(PerpId, new PerpPosition("BTC", 0.2, 59_000, 0.02, IsolatedMarginUsd: 1_500, Venue: "GMX v2")),
        ]), market);
        var liquidations = risk.Liquidations.Select(l => new LiquidationRow(l.PositionId, l.Liquidation.Underlying, l.Liquidation.Price, 60_000,
            l.Liquidation.Direction == LiquidationDirection.PriceFalls ? "falls below" : "rises above", null)).ToList();
        var assets = risk.Underlyings.Select(u => new AssetExposureRow(u.Underlying, "test", u.Greeks.Delta, u.PriceUsd, u.UsdDelta, BlockTime, 3600, BlockTime.AddHours(1), null)).ToList();
        var book = ScenarioBook.Build(risk, market);
        return new ExposureSnapshot(portfolioId, "local", block, "0x" + new string('b', 64), BlockTime, BlockTime, assets, [])
        {
            Positions = [new PositionRow(PerpId, "gmx-v2", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "GMX v2 long 0.2 BTC", "BTC", null)],
            Liquidations = liquidations,
            ValueUsd = risk.ValueUsd,
            Payoffs = ScenarioFigures.Payoffs(book, ["ETH", "BTC", "USDC"], liquidations),
            Stress = ScenarioFigures.Stress(book),
        };
    }
}
