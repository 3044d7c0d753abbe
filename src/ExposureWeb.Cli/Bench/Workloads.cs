using ExposureWeb.Risk;
using ExposureWeb.Risk.Exposure;
using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.Market;
using ExposureWeb.Risk.Pricing;
using ExposureWeb.Risk.Scenarios;
using ExposureWeb.Risk.Volatility;

namespace ExposureWeb.Cli.Bench;

/// <summary>
/// Synthetic, seeded workloads shared by `exposure bench` and the BenchmarkDotNet project, so both measure the
/// same thing. Shapes follow what the dashboard meets: crypto volatilities, strikes ±60% around spot, expiries
/// from a day to two years, and portfolios mixing every instrument kind.
/// </summary>
public static class Workloads
{
    /// <summary>Fixed valuation instant, so runs are comparable.</summary>
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 8, 0, 0, TimeSpan.Zero);

    private static readonly (string Name, double Price, double Vol)[] Assets =
        [("ETH", 3000, 0.65), ("BTC", 95000, 0.5), ("SOL", 160, 0.9), ("ARB", 0.9, 1.1), ("LINK", 15, 0.85)];

    /// <summary>Random options in SoA form (about half calls).</summary>
    public static OptionBatch Options(int count, int seed = 1)
    {
        var rng = new Random(seed);
        var batch = new OptionBatch(count);
        for (int i = 0; i < count; i++)
        {
            var (_, price, vol) = Assets[rng.Next(Assets.Length)];
            batch.Set(i, new OptionParameters(
                price, price * Math.Exp(rng.NextDouble() * 1.2 - 0.6), (1 + rng.Next(730)) / MarketConventions.DaysPerYear,
                0.04 + 0.02 * rng.NextDouble(), 0.03 * rng.NextDouble(), vol * (0.7 + 0.6 * rng.NextDouble()),
                rng.Next(2) == 0 ? OptionRight.Call : OptionRight.Put));
        }
        return batch;
    }

    /// <summary>Oracle prices, a configured volatility per asset (a term structure for ETH), a 4.5% USD rate.</summary>
    public static MarketSnapshot Market(long block = 21_000_000)
    {
        var quotes = Assets.ToDictionary(a => a.Name, a => new PriceQuote(a.Name, a.Price, Now.AddSeconds(-30), null));
        quotes["USDC"] = new PriceQuote("USDC", 1.0, Now.AddSeconds(-600), null);
        var curves = Assets.ToDictionary(a => a.Name, a => VolatilityTermStructure.Flat(a.Vol));
        curves["ETH"] = new VolatilityTermStructure([(7 / 365.0, 0.75), (30 / 365.0, 0.68), (90 / 365.0, 0.64), (1.0, 0.62)]);
        return new MarketSnapshot(Now, quotes, new ConfiguredVolatilitySource(curves), riskFreeRate: 0.045,
            carry: new Dictionary<string, double> { ["ETH"] = 0.03, ["SOL"] = 0.06 }, blockNumber: block);
    }

    /// <summary>A plausible correlation of the assets' daily log returns (0.5–0.8 between majors, lower for the rest).</summary>
    public static CorrelationMatrix Correlation() => new([.. Assets.Select(a => a.Name)], new[,]
    {
        { 1.00, 0.80, 0.70, 0.60, 0.65 },
        { 0.80, 1.00, 0.65, 0.50, 0.55 },
        { 0.70, 0.65, 1.00, 0.55, 0.60 },
        { 0.60, 0.50, 0.55, 1.00, 0.60 },
        { 0.65, 0.55, 0.60, 0.60, 1.00 },
    });

    /// <summary>
    /// A portfolio of <paramref name="positions"/> positions: 40% options, 20% spot, 10% each of Uniswap ranges,
    /// isolated perps, cross-margin accounts (two perps each) and Aave accounts (two collaterals, one or two debts).
    /// </summary>
    public static Portfolio Portfolio(string id, int positions, int seed)
    {
        var rng = new Random(seed);
        var list = new List<Position>(positions);
        for (int i = 0; i < positions; i++)
        {
            var (name, price, _) = Assets[rng.Next(Assets.Length)];
            IInstrument instrument = (i % 10) switch
            {
                0 or 1 or 2 or 3 => new EuropeanOption(name, rng.Next(2) == 0 ? OptionRight.Call : OptionRight.Put,
                    Math.Round(price * Math.Exp(rng.NextDouble() * 0.8 - 0.4), 2), Now.AddDays(1 + rng.Next(365)).AddHours(0.5),
                    Math.Round((rng.NextDouble() * 20 - 8) / Math.Sqrt(price / 100), 3)),
                4 or 5 => new SpotHolding(name, name, rng.NextDouble() * 1e5 / price),
                6 => Range(name, price, rng),
                7 => new PerpPosition(name, (rng.Next(2) == 0 ? 1 : -1) * rng.NextDouble() * 5e4 / price, price * (0.9 + 0.2 * rng.NextDouble()),
                    0.01 + 0.02 * rng.NextDouble(), IsolatedMarginUsd: 2000 + 8000 * rng.NextDouble(), Venue: "Hyperliquid"),
                8 => Cross(rng),
                _ => Lending(rng),
            };
            list.Add(new Position($"{id}/{i}", instrument));
        }
        return new Portfolio(id, list);
    }

    private static UniswapV3Position Range(string name, double price, Random rng)
    {
        // token0 = the asset (18 decimals), token1 = USDC (6 decimals); raw price = human × 10^(6 − 18).
        double raw = price * 1e-12;
        int tick = (int)Math.Floor(Math.Log(raw) / Math.Log(1.0001));
        int width = 200 + rng.Next(4000);
        int lower = tick - rng.Next(width) - 10, upper = lower + width + 20;
        // Human liquidity L ≈ 10·value/√P puts ~$50k–100k in a ±10% range; raw L = human × 10^((18 + 6)/2).
        double liquidity = 5e5 * (1 + rng.NextDouble()) / Math.Sqrt(price) * 1e12;
        return new UniswapV3Position(name, "USDC", 18, 6, liquidity, lower, upper, FeesOwed1: rng.NextDouble() * 50);
    }

    private static CrossMarginAccount Cross(Random rng)
    {
        var a = Assets[rng.Next(Assets.Length)];
        var b = Assets[rng.Next(Assets.Length)];
        return new CrossMarginAccount("Hyperliquid", 20_000 + 30_000 * rng.NextDouble(),
        [
            new PerpPosition(a.Name, 5e4 / a.Price, a.Price * 0.97, 0.02),
            new PerpPosition(b.Name, -3e4 / b.Price, b.Price * 1.02, 0.025),
        ]);
    }

    private static LendingAccount Lending(Random rng)
    {
        var a = Assets[rng.Next(Assets.Length)];
        var b = Assets[rng.Next(Assets.Length)];
        double collateral = 1e5 * (0.5 + rng.NextDouble());
        var debts = new List<LendingDebt> { new("USDC", "USDC", collateral * 0.45) };
        if (rng.Next(2) == 0) debts.Add(new LendingDebt(b.Name, b.Name, collateral * 0.1 / b.Price));
        return new LendingAccount("Aave v3",
            [new LendingSupply(a.Name, a.Name, collateral * 0.6 / a.Price, 0.83), new LendingSupply(b.Name, b.Name, collateral * 0.4 / b.Price, 0.78, LiquidationBonus: 0.075)],
            debts);
    }
}
