using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.Protocols;

namespace ExposureWeb.Risk.Tests.Protocols;

/// <summary>Aave v3 health factor and liquidation prices, worked by hand.</summary>
public class LendingMathTests
{
    private static readonly Dictionary<string, double> Prices = new() { ["ETH"] = 2000, ["BTC"] = 60000, ["USDC"] = 1, ["LINK"] = 20 };

    private static LendingHealth Analyze(LendingAccount account) => LendingMath.Analyze(account, u => Prices[u]);

    private static LendingAccount Account(LendingSupply[] supplies, LendingDebt[] debts) => new("Aave v3", supplies, debts);

    private static LiquidationPrice For(LendingHealth h, string underlying) => h.LiquidationPrices.Single(l => l.Underlying == underlying);

    [Fact]
    public void Analyze_OneCollateralOneDebt_HealthAndSimpleLiquidationPrice()
    {
        // 10 ETH × 2000 × 0.8 = 16000 against 8000 USDC: HF 2; ETH liquidates below 8000/(10·0.8) = 1000.
        var h = Analyze(Account([new("ETH", "WETH", 10, 0.8)], [new("USDC", "USDC", 8000)]));
        Assert.Equal(2.0, h.HealthFactor);
        Assert.Equal(20000, h.CollateralUsd);
        var eth = For(h, "ETH");
        Assert.Equal(1000, eth.Price!.Value, 10);
        Assert.Equal(LendingMath.SimpleLiquidationPrice(8000, 10, 0.8), eth.Price.Value, 10);
        Assert.Equal(LiquidationDirection.PriceFalls, eth.Direction);
        Assert.False(eth.LiquidatableNow);
        // The debt side: USDC would have to rise to $2 (16000 / 8000).
        var usdc = For(h, "USDC");
        Assert.Equal(2.0, usdc.Price!.Value, 12);
        Assert.Equal(LiquidationDirection.PriceRises, usdc.Direction);
    }

    [Fact]
    public void Analyze_HealthExactlyOne_NotLiquidatableAndPriceIsTheCurrentOne()
    {
        // 10 × 2000 × 0.8 = 16000 = debt: HF = 1 exactly. Aave liquidates strictly below 1.
        var h = Analyze(Account([new("ETH", "WETH", 10, 0.8)], [new("USDC", "USDC", 16000)]));
        Assert.Equal(1.0, h.HealthFactor);
        Assert.False(h.IsLiquidatable);
        var eth = For(h, "ETH");
        Assert.Equal(2000, eth.Price!.Value, 10);
        Assert.False(eth.LiquidatableNow);
    }

    [Fact]
    public void Analyze_SeveralCollateralsAndDebts_EachLiquidationPriceWithOthersFixed()
    {
        // Weighted collateral: ETH 10×2000×0.8 = 16000, BTC 0.5×60000×0.7 = 21000 → 37000.
        // Debt: 20000 USDC + 5 LINK × 20 = 20100. HF = 37000/20100.
        var h = Analyze(Account(
            [new("ETH", "WETH", 10, 0.8), new("BTC", "WBTC", 0.5, 0.7)],
            [new("USDC", "USDC", 20000), new("LINK", "LINK", 5)]));
        Assert.Equal(37000.0 / 20100, h.HealthFactor, 15);

        // ETH alone: (21000 + 8p) = 20100 needs p = −112.5: BTC covers the debt, unreachable.
        var eth = For(h, "ETH");
        Assert.Null(eth.Price);
        Assert.Equal(LiquidationDirection.None, eth.Direction);
        // BTC: 16000 + 0.35p = 20100 → p = 4100/0.35.
        Assert.Equal(4100 / 0.35, For(h, "BTC").Price!.Value, 9);
        // LINK debt: 37000 = 20000 + 5p → p = 3400, liquidatable above.
        var link = For(h, "LINK");
        Assert.Equal(3400, link.Price!.Value, 9);
        Assert.Equal(LiquidationDirection.PriceRises, link.Direction);
        // USDC debt: 37000 = 100 + 20000p → p = 1.845.
        Assert.Equal(1.845, For(h, "USDC").Price!.Value, 12);
    }

    [Fact]
    public void Analyze_SameAssetSuppliedAndBorrowed_PriceDoesNotMatter()
    {
        // 10 ETH × 0.8 against 5 ETH: HF = 1.6 at every ETH price.
        var h = Analyze(Account([new("ETH", "WETH", 10, 0.8)], [new("ETH", "WETH", 5)]));
        Assert.Equal(1.6, h.HealthFactor, 15);
        var eth = For(h, "ETH");
        Assert.Null(eth.Price);
        Assert.Contains("changes the health", eth.Note);
        Assert.Equal(0, h.PerPercentMoves.Single().Change, 12);
    }

    [Fact]
    public void Analyze_NoDebt_InfiniteHealthAndNoLiquidation()
    {
        var h = Analyze(Account([new("ETH", "WETH", 10, 0.8), new("BTC", "WBTC", 1, 0.7)], []));
        Assert.True(double.IsPositiveInfinity(h.HealthFactor));
        Assert.False(h.IsLiquidatable);
        Assert.All(h.LiquidationPrices, l => Assert.Null(l.Price));
        Assert.All(h.PerPercentMoves, m => Assert.Equal(0, m.Change));
    }

    [Fact]
    public void Analyze_PerPercentMoves_ExactRevaluationOfOnePercentUp()
    {
        // HF 2 (see first test). ETH +1%: 16160/8000 = 2.02. USDC +1%: 16000/8080.
        var h = Analyze(Account([new("ETH", "WETH", 10, 0.8)], [new("USDC", "USDC", 8000)]));
        var eth = h.PerPercentMoves.Single(m => m.Underlying == "ETH");
        Assert.Equal(2.02, eth.HealthFactorAfter, 12);
        Assert.Equal(0.02, eth.Change, 12);
        Assert.Equal(16000 / 8080.0 - 2, h.PerPercentMoves.Single(m => m.Underlying == "USDC").Change, 12);
    }

    [Fact]
    public void Analyze_DisabledCollateral_CountsInValueNotInHealth()
    {
        var h = Analyze(Account([new("ETH", "WETH", 10, 0.8), new("BTC", "WBTC", 1, 0.7, UsedAsCollateral: false)], [new("USDC", "USDC", 8000)]));
        Assert.Equal(80000, h.CollateralUsd);
        Assert.Equal(16000, h.WeightedCollateralUsd);
        Assert.Equal(2.0, h.HealthFactor);
        Assert.DoesNotContain(h.LiquidationPrices, l => l.Underlying == "BTC");
    }

    [Fact]
    public void Analyze_Underwater_LiquidatableNow()
    {
        var h = Analyze(Account([new("ETH", "WETH", 10, 0.8)], [new("USDC", "USDC", 17000)]));
        Assert.True(h.IsLiquidatable);
        var eth = For(h, "ETH");
        Assert.True(eth.LiquidatableNow);
        Assert.Equal(2125, eth.Price!.Value, 9); // back to HF 1 at 17000/8
    }

    [Fact]
    public void Analyze_NegativeQuantity_RejectedNamingTheLeg()
    {
        var error = Assert.Throws<ArgumentException>(() => Analyze(Account([new("ETH", "WETH", -1, 0.8)], [])));
        Assert.Contains("WETH", error.Message);
    }
}
