using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.Portfolios;
using ExposureWeb.Risk.Pricing;
using ExposureWeb.Risk.Scenarios;
using ExposureWeb.Risk.Tests.Support;

namespace ExposureWeb.Risk.Tests.Scenarios;

/// <summary>Historical presets and correlated shocks applied to a book, against the book's own grid revaluation.</summary>
public class ShockTests
{
    // Presets are defined here, for the tests only: the app reads its own from configuration.
    private static readonly HistoricalShockPreset UniformCrash = new()
    {
        Name = "test crash", Source = "synthetic, for tests", Date = new DateOnly(2020, 3, 12),
        Moves = new Dictionary<string, double> { ["ETH"] = -0.2, ["BTC"] = -0.2 }, VolMove = 0.5,
    };

    private static ScenarioBook MixedBook() => ScenarioBook.Build(new Portfolio("p",
    [
        new Position("spot", new SpotHolding("ETH", "ETH", 2)),
        new Position("call", new EuropeanOption("BTC", OptionRight.Call, 65000, TestMarket.Now.AddDays(45), -1)),
        new Position("put", new EuropeanOption("ETH", OptionRight.Put, 1900, TestMarket.Now.AddDays(30), 3)),
        new Position("aave", new LendingAccount("Aave", [new("ETH", "WETH", 5, 0.8)], [new("USDC", "USDC", 6500)])),
        new Position("perp", new PerpPosition("BTC", 0.2, 59000, 0.02, IsolatedMarginUsd: 1500)),
        new Position("usdc", new SpotHolding("USDC", "USDC", 1000)),
    ]), TestMarket.Create());

    [Fact]
    public void HistoricalRun_UniformPreset_EqualsBookRunOfSameCell()
    {
        var book = MixedBook();
        var expected = book.Run(new ScenarioCell(-0.2, 0.5));
        var result = HistoricalShocks.Run(book, UniformCrash);

        Assert.Equal(expected.PnlUsd, result.PnlUsd, 9);
        Assert.Equal(expected.ValueUsd, result.ValueUsd, 9);
        Assert.Equal(expected.MinHealthFactor, result.MinHealthFactor);
        Assert.Equal(expected.Liquidated, result.Liquidated);
        Assert.Empty(result.DefaultedUnderlyings);
        Assert.Equal(0, result.AppliedMoves["USDC"]); // pegged, not named: unchanged
        Assert.Equal("synthetic, for tests, 2020-03-12", result.Description);
    }

    [Fact]
    public void HistoricalRun_UnnamedUnderlying_TakesStatedDefaultAndIsListed()
    {
        var book = MixedBook();
        var ethOnly = UniformCrash with { Moves = new Dictionary<string, double> { ["ETH"] = -0.2, ["SOL"] = -0.4 } };

        var unchanged = HistoricalShocks.Run(book, ethOnly);
        Assert.Equal(["BTC"], unchanged.DefaultedUnderlyings);
        Assert.Equal(0, unchanged.DefaultMove);
        Assert.Equal(0, unchanged.AppliedMoves["BTC"]);
        Assert.Equal(["SOL"], unchanged.UnusedMoves);

        var defaulted = HistoricalShocks.Run(book, ethOnly, defaultMove: -0.2);
        Assert.Equal(book.Run(new ScenarioCell(-0.2, 0.5)).PnlUsd, defaulted.PnlUsd, 9);
    }

    [Fact]
    public void HistoricalRun_NamedStablecoin_Depegs()
    {
        // A named stablecoin moves (USDC −10%): 1000 USDC held lose 100, the USDC debt of 6500 gains 650.
        var book = MixedBook();
        var depeg = new HistoricalShockPreset
        {
            Name = "depeg", Source = "synthetic", Date = new DateOnly(2023, 3, 11), Moves = new Dictionary<string, double> { ["USDC"] = -0.1 },
        };
        var result = HistoricalShocks.Run(book, depeg);
        Assert.Equal(-100 + 650, result.PnlUsd, 9);
    }

    [Fact]
    public void Preset_Invalid_AllProblemsListed()
    {
        var bad = new HistoricalShockPreset { Moves = new Dictionary<string, double> { ["ETH"] = -1.5 }, VolMove = double.NaN };
        var errors = bad.Validate();
        Assert.Equal(5, errors.Count); // name, source, date, the ETH move, the vol move
        Assert.Contains(errors, e => e.Contains("move of ETH must be finite and at least −100%"));
        Assert.Throws<ArgumentException>(() => HistoricalShocks.Run(MixedBook(), bad));
    }

    [Fact]
    public void CorrelatedRun_ConditionalMoves_EqualsBookAtThoseMoves()
    {
        // ETH −30% with ρ = 0.8, σ 0.6/0.45: BTC moves 0.7^0.6 − 1. On a book of spot only the P&L is Σ qty × price × move.
        var book = ScenarioBook.Build(new Portfolio("p",
            [new Position("e", new SpotHolding("ETH", "ETH", 2)), new Position("b", new SpotHolding("BTC", "BTC", 0.1))]), TestMarket.Create());
        var rho = new CorrelationMatrix(["ETH", "BTC"], new[,] { { 1, 0.8 }, { 0.8, 1 } });
        var shock = CorrelatedShock.Conditional("ETH", -0.3, rho, new Dictionary<string, double> { ["ETH"] = 0.6, ["BTC"] = 0.45 });

        var result = ShockRunner.Run(book, shock.ToScenario());

        Assert.Equal(2 * 2000 * -0.3 + 0.1 * 60000 * (Math.Pow(0.7, 0.6) - 1), result.PnlUsd, 9);
        Assert.Empty(result.DefaultedUnderlyings);
    }

    [Fact]
    public void ShockRun_MoveBelowMinus100_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            ShockRunner.Run(MixedBook(), new ShockScenario("x", new Dictionary<string, double> { ["ETH"] = -1.2 })));
        Assert.Contains("move of ETH", e.Message);
    }
}
