using System.Numerics;
using ExposureWeb.Risk.Governance;
using ExposureWeb.Risk.Strategies;

namespace ExposureWeb.Risk.Tests.Strategies;

public sealed class StrategyValidatorTests
{
    private static readonly StrategyContext Chain = new(["ETH", "BTC", "USDC"], ["WETH", "WBTC", "USDC"], ["ETH/USD"]);
    private static readonly HedgeInstrument Swap = new(HedgeVenue.UniswapSwap, "USDC", 500);

    public static TheoryData<string, StrategyDefinition, string> Invalid => new()
    {
        { "band low above high", new DeltaBandDefinition("ETH", 5, -5, BandUnit.Units, Swap), StrategyField.High },
        { "band low equal to high", new DeltaBandDefinition("ETH", 1, 1, BandUnit.Units, Swap), StrategyField.High },
        { "unknown underlying", new DeltaBandDefinition("DOGE", -1, 1, BandUnit.Units, Swap), StrategyField.Underlying },
        { "absurd size in units", new DeltaBandDefinition("ETH", -1e12, 1, BandUnit.Units, Swap), StrategyField.Low },
        { "absurd size in USD", new DeltaBandDefinition("ETH", -1, 1e15, BandUnit.Usd, Swap), StrategyField.High },
        { "not a number", new DeltaBandDefinition("ETH", double.NaN, 1, BandUnit.Units, Swap), StrategyField.Low },
        { "no fee tier", new DeltaBandDefinition("ETH", -1, 1, BandUnit.Units, new HedgeInstrument(HedgeVenue.UniswapSwap, "USDC", 250)), StrategyField.FeeTier },
        { "unknown pair token", new DeltaBandDefinition("ETH", -1, 1, BandUnit.Units, new HedgeInstrument(HedgeVenue.UniswapSwap, "DAI", 500)), StrategyField.PairToken },
        { "unknown GMX market", new DeltaBandDefinition("ETH", -1, 1, BandUnit.Units, new HedgeInstrument(HedgeVenue.GmxPerp, Market: "SOL/USD")), StrategyField.Market },
        { "floor below 1", new HealthFactorFloorDefinition(0.9, 1.2), StrategyField.Floor },
        { "floor equal to 1", new HealthFactorFloorDefinition(1, 1.2), StrategyField.Floor },
        { "target below floor", new HealthFactorFloorDefinition(1.8, 1.5), StrategyField.Target },
        { "gamma cap zero", new GammaCapDefinition(0), StrategyField.MaxGamma },
        { "vega cap negative", new VegaCapDefinition(-5), StrategyField.MaxVega },
        { "gamma budget absurd", new VolatilityHarvestDefinition("ETH", HarvestStyle.CoveredCalls, 1e15), StrategyField.GammaBudget },
        { "LP allowance negative", new LpRangeDefinition(-1), StrategyField.MaxOutOfRange },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_BadDefinition_ErrorKeyedByItsField(string why, StrategyDefinition definition, string field)
    {
        var errors = StrategyValidator.Validate("a strategy", definition, Chain);
        Assert.Contains(errors, e => e.Field == field);
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message), why));
    }

    public static TheoryData<StrategyDefinition> Valid => new()
    {
        new DeltaBandDefinition("ETH", -5, 5, BandUnit.Units, Swap),
        new DeltaBandDefinition("eth", -5000, 5000, BandUnit.Usd, new HedgeInstrument(HedgeVenue.GmxPerp, Market: "ETH/USD")),
        new HealthFactorFloorDefinition(1.8, 2.0),
        new GammaCapDefinition(1000),
        new VegaCapDefinition(500, ShortOnly: false),
        new VolatilityHarvestDefinition("ETH", HarvestStyle.CashSecuredPuts, 200),
        new LpRangeDefinition(0),
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Validate_GoodDefinition_NoErrors(StrategyDefinition definition) =>
        Assert.Empty(StrategyValidator.Validate("a strategy", definition, Chain));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Validate_NoName_NameError(string name) =>
        Assert.Contains(StrategyValidator.Validate(name, new GammaCapDefinition(1), Chain), e => e.Field == StrategyField.Name);
}

public sealed class StrategyEvaluatorTests
{
    private static StrategyFigures Figures(double ethDelta, double? price = 3000, double? hf = 1.9, double gamma = 0, double vega = 0, params bool[] lp) =>
        new([new UnderlyingFigures("ETH", ethDelta, price, -100)], hf, gamma, vega, lp);

    [Theory]
    // band [-5, 5] units: (net delta, breached, distance)
    [InlineData(0, false, 5)]
    [InlineData(4, false, 1)]
    [InlineData(7, true, 2)]
    [InlineData(-6.5, true, 1.5)]
    public void Evaluate_DeltaBandInUnits_BreachAndDistance(double delta, bool breached, double distance)
    {
        var v = StrategyEvaluator.Evaluate(new DeltaBandDefinition("ETH", -5, 5, BandUnit.Units, new(HedgeVenue.UniswapSwap, "USDC", 500)), Figures(delta));
        Assert.Equal(breached, v.Breached);
        Assert.Equal(distance, v.Distance!.Value, 12);
    }

    [Fact]
    public void Evaluate_DeltaBandInUsd_ConvertsAtThePrice()
    {
        // 2 ETH × 3000 = 6000 USD, above a ±5000 USD band by 1000.
        var v = StrategyEvaluator.Evaluate(new DeltaBandDefinition("ETH", -5000, 5000, BandUnit.Usd, new(HedgeVenue.GmxPerp, Market: "ETH/USD")), Figures(2));
        Assert.True(v.Breached);
        Assert.Equal(1000, v.Distance!.Value, 9);
        Assert.Equal("USD", v.Unit);
        Assert.False(StrategyEvaluator.Evaluate(new DeltaBandDefinition("ETH", -5000, 5000, BandUnit.Usd, new(HedgeVenue.GmxPerp, Market: "ETH/USD")), Figures(2, price: null)).Breached);
    }

    [Theory]
    [InlineData(1.9, 1.8, false, 0.1)]
    [InlineData(1.5, 1.8, true, 0.3)]
    public void Evaluate_HealthFactorFloor(double hf, double floor, bool breached, double distance)
    {
        var v = StrategyEvaluator.Evaluate(new HealthFactorFloorDefinition(floor, floor), Figures(0, hf: hf));
        Assert.Equal(breached, v.Breached);
        Assert.Equal(distance, v.Distance!.Value, 12);
    }

    [Fact]
    public void Evaluate_CapsAndLpRange()
    {
        Assert.True(StrategyEvaluator.Evaluate(new GammaCapDefinition(500), Figures(0, gamma: -600)).Breached);
        Assert.False(StrategyEvaluator.Evaluate(new GammaCapDefinition(500), Figures(0, gamma: 600)).Breached); // long gamma is not capped when short only
        Assert.True(StrategyEvaluator.Evaluate(new GammaCapDefinition(500, ShortOnly: false), Figures(0, gamma: 600)).Breached);
        Assert.True(StrategyEvaluator.Evaluate(new VegaCapDefinition(10), Figures(0, vega: -11)).Breached);
        Assert.False(StrategyEvaluator.Evaluate(new VolatilityHarvestDefinition("ETH", HarvestStyle.CoveredCalls, 150), Figures(0)).Breached);
        Assert.True(StrategyEvaluator.Evaluate(new VolatilityHarvestDefinition("ETH", HarvestStyle.CoveredCalls, 50), Figures(0)).Breached);
        Assert.True(StrategyEvaluator.Evaluate(new LpRangeDefinition(0), Figures(0, lp: [true, false])).Breached);
        Assert.False(StrategyEvaluator.Evaluate(new LpRangeDefinition(1), Figures(0, lp: [true, false])).Breached);
    }
}

public sealed class HedgeSizingTests
{
    [Theory]
    // band, net delta, price → change to the middle
    [InlineData(-5, 5, 7.5, 3000, -7.5)]
    [InlineData(0, 10, -3, 3000, 8)]
    public void DeltaToMiddle_Units(double low, double high, double net, double price, double expected) =>
        Assert.Equal(expected, HedgeSizing.DeltaToMiddle(new DeltaBandDefinition("ETH", low, high, BandUnit.Units, new(HedgeVenue.UniswapSwap, "USDC", 500)), net, price), 12);

    [Fact]
    public void DeltaToMiddle_Usd_ConvertsTheMiddle() =>
        // middle 3000 USD = 1 ETH at 3000; net 4 ETH → sell 3.
        Assert.Equal(-3, HedgeSizing.DeltaToMiddle(new DeltaBandDefinition("ETH", 0, 6000, BandUnit.Usd, new(HedgeVenue.UniswapSwap, "USDC", 500)), 4, 3000), 12);

    // The demo trader's account: 10 WETH (LT 83%) + 2000 LINK (LT 68%) against 18 000 USDC + 0.1 WBTC at 3000/15/1/60000 (8-decimal base): HF 1.8875.
    private static readonly AaveAccountLeg[] Trader =
    [
        new("WETH", BigInteger.Parse("10000000000000000000"), 0, 18, 3000_0000_0000, 8050, 8300, true),
        new("LINK", BigInteger.Parse("2000000000000000000000"), 0, 18, 15_0000_0000, 0, 6800, true),
        new("USDC", 0, 18_000_000_000, 6, 1_0000_0000, 7500, 7800, false),
        new("WBTC", 0, 10_000_000, 8, 60_000_0000_0000, 7300, 7800, false),
    ];

    [Fact]
    public void RepayToReach_ExactInAavesIntegers_SmallestAmount()
    {
        Assert.Equal(1.8875, AaveAccountFormula.Compute(Trader).HealthFactor, 12);
        var target = HedgeSizing.Wad(2.2);
        var repay = HedgeSizing.RepayToReach(Trader, "USDC", target)!.Value;
        // Analytically 45 300 / 2.2 = 20 590.909… of debt may stay: repay 24 000 − 20 590.909… = 3 409.09 USDC.
        Assert.Equal(3409.0909, (double)repay / 1e6, 3);
        Assert.True(HfAfterRepay("USDC", repay) >= target);
        Assert.True(HfAfterRepay("USDC", repay - 1) < target);
        // WBTC's whole debt (6 000 USD) is enough; USDC's and WBTC's repay the same value.
        Assert.NotNull(HedgeSizing.RepayToReach(Trader, "WBTC", target));
        Assert.Null(HedgeSizing.RepayToReach(Trader, "WBTC", HedgeSizing.Wad(5)));
    }

    [Fact]
    public void SupplyToReach_ExistingAndNewCollateral()
    {
        var target = HedgeSizing.Wad(2.2);
        var weth = HedgeSizing.SupplyToReach(Trader, "WETH", BigInteger.Parse("100000000000000000000"), target)!.Value;
        // 2.2 × 24 000 = 52 800 of LT-weighted collateral; 45 300 held: 7 500 / 0.83 / 3000 = 3.012 WETH.
        Assert.Equal(3.012, (double)weth / 1e18, 2);
        Assert.Null(HedgeSizing.SupplyToReach(Trader, "WETH", BigInteger.Parse("1000000000000000000"), target)); // 1 WETH is not enough
        var newLeg = new AaveAccountLeg("DAI", 0, 0, 18, 1_0000_0000, 7500, 8000, true);
        var dai = HedgeSizing.SupplyToReach(Trader, "DAI", BigInteger.Parse("100000000000000000000000"), target, newLeg)!.Value;
        Assert.True((double)dai / 1e18 > 7000);
        Assert.Null(HedgeSizing.SupplyToReach(Trader, "GHO", 1, target, newLeg with { Asset = "GHO", Ltv = 0 }));
    }

    private static BigInteger HfAfterRepay(string asset, BigInteger amount) =>
        AaveAccountFormula.Compute(Trader.Select(l => l.Asset == asset ? l with { Borrowed = l.Borrowed - amount } : l)).HealthFactorWad;
}
