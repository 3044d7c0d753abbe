using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.Pricing.Models;
using ExposureWeb.Risk.Protocols;
using ExposureWeb.Risk.Tests.Support;

namespace ExposureWeb.Risk.Tests.Models;

/// <summary>Uniswap, lending and perp models against hand-computed values.</summary>
public class ProtocolModelsTests
{
    private static readonly PricingModels Models = PricingModels.Default;

    /// <summary>A WETH(18)/USDC(6) range around 2000: ticks are on the raw price 2000·10^(6−18).</summary>
    private static UniswapV3Position EthUsdcRange(double lowerPrice, double upperPrice, double? poolHumanPrice = null)
    {
        int lower = UniswapV3Math.PriceToTick(lowerPrice * 1e-12), upper = UniswapV3Math.PriceToTick(upperPrice * 1e-12);
        return new UniswapV3Position("ETH", "USDC", 18, 6, Liquidity: 2e16, lower, upper, poolHumanPrice * 1e-12);
    }

    [Fact]
    public void UniswapV3_InRangeAtOracleRatio_DeltasAreTheAmounts()
    {
        var v = Models.Value(EthUsdcRange(1800, 2200), TestMarket.Create()).Valuation!;
        var d = Assert.IsType<LiquidityDetail>(v.Detail);
        Assert.True(d.InRange);
        Assert.Equal(2000, d.Price, 9);
        var eth = v.Sensitivities.Single(s => s.Underlying == "ETH").Greeks;
        var usdc = v.Sensitivities.Single(s => s.Underlying == "USDC").Greeks;
        Assert.Equal(d.Amount0, eth.Delta, 12);
        Assert.Equal(d.Amount1, usdc.Delta, 9);
        Assert.Equal(d.Amount0 * 2000 + d.Amount1, v.ValueUsd, 6);
        // Hand: L_human = 2e16·10^(−12) = 20000; amount0 = L(1/√2000 − 1/√Pb), amount1 = L(√2000 − √Pa).
        Assert.Equal(20000 * (1 / Math.Sqrt(2000) - 1 / Math.Sqrt(d.PriceUpper)), d.Amount0, 9);
        Assert.Equal(20000 * (Math.Sqrt(2000) - Math.Sqrt(d.PriceLower)), d.Amount1, 6);
        Assert.True(eth.Gamma < 0);
    }

    [Fact]
    public void UniswapV3_OutOfRangeBelow_AllEthNoGamma()
    {
        var v = Models.Value(EthUsdcRange(2500, 3000), TestMarket.Create()).Valuation!;
        var d = Assert.IsType<LiquidityDetail>(v.Detail);
        Assert.False(d.InRange);
        Assert.Equal(0, d.Amount1);
        var eth = v.Sensitivities.Single(s => s.Underlying == "ETH").Greeks;
        Assert.Equal(d.Amount0, eth.Delta, 12);
        Assert.Equal(0, eth.Gamma);
        Assert.Equal(d.Amount0 * 2000, v.ValueUsd, 6);
    }

    [Fact]
    public void UniswapV3_PoolOffOracle_DeltaIsTheDerivativeOfValue()
    {
        // Pool at 1990 while the oracle says 2000: deltas must still be ∂V/∂price of each token.
        var position = EthUsdcRange(1800, 2200, poolHumanPrice: 1990);
        var v = Models.Value(position, TestMarket.Create()).Valuation!;
        // The pool price moves with the ratio of the oracle moves, so bump through the market.
        double dEth = (ValueAt(position, 2000 + 1e-3, 1) - ValueAt(position, 2000 - 1e-3, 1)) / 2e-3;
        double dUsdc = (ValueAt(position, 2000, 1 + 1e-6) - ValueAt(position, 2000, 1 - 1e-6)) / 2e-6;
        var eth = v.Sensitivities.Single(s => s.Underlying == "ETH").Greeks.Delta;
        var usdc = v.Sensitivities.Single(s => s.Underlying == "USDC").Greeks.Delta;
        Tolerance.AssertClose(dEth, eth, 1e-6, 0, "ETH delta");
        Tolerance.AssertClose(dUsdc, usdc, 1e-6, 0, "USDC delta");
        // And they differ from the plain amounts, which only hold at the oracle ratio.
        var d = Assert.IsType<LiquidityDetail>(v.Detail);
        Assert.NotEqual(d.Amount0, eth, 6);
    }

    /// <summary>Value with the pool price carried along with the oracle move, as scenarios do.</summary>
    private static double ValueAt(UniswapV3Position p, double eth, double usdc)
    {
        var moved = p with { PoolRawPrice = p.PoolRawPrice * (eth / 2000) / usdc };
        return Models.Value(moved, TestMarket.Create(new Dictionary<string, double> { ["ETH"] = eth, ["USDC"] = usdc })).Valuation!.ValueUsd;
    }

    [Fact]
    public void UniswapV3_EmptyTickRange_UnpricedAsInvalid()
    {
        var result = Models.Value(new UniswapV3Position("ETH", "USDC", 18, 6, 1e16, 100, 100), TestMarket.Create());
        Assert.False(result.IsPriced);
        Assert.Contains("empty", result.Error);
    }

    [Fact]
    public void Lending_ValueDeltasAndHealth()
    {
        var account = new LendingAccount("Aave v3", [new("ETH", "WETH", 10, 0.8)], [new("USDC", "USDC", 8000), new("ETH", "WETH", 1)]);
        var v = Models.Value(account, TestMarket.Create()).Valuation!;
        Assert.Equal(20000 - 8000 - 2000, v.ValueUsd);
        Assert.Equal(9, v.Sensitivities.Single(s => s.Underlying == "ETH").Greeks.Delta);
        Assert.Equal(-8000, v.Sensitivities.Single(s => s.Underlying == "USDC").Greeks.Delta);
        var health = Assert.IsType<LendingDetail>(v.Detail).Health;
        Assert.Equal(16000 / 10000.0, health.HealthFactor, 15);
    }

    [Fact]
    public void Lending_OneLegWithoutPrice_WholeAccountUnpriced()
    {
        // A health factor without one leg would be wrong, so the account is reported, not half-valued.
        var account = new LendingAccount("Aave v3", [new("ETH", "WETH", 10, 0.8)], [new("GHO", "GHO", 100)]);
        var result = Models.Value(account, TestMarket.Create());
        Assert.Equal("no price for GHO.", result.Error);
    }

    [Fact]
    public void Perp_IsolatedShort_ValueDeltaAndLiquidation()
    {
        // −2 ETH from 2100, margin 500, marked at 2000: P&L +200, value 700; liq (2100 + 250)/1.02.
        var v = Models.Value(new PerpPosition("ETH", -2, 2100, 0.02, IsolatedMarginUsd: 500), TestMarket.Create()).Valuation!;
        Assert.Equal(700, v.ValueUsd, 12);
        Assert.Equal(-2, v.Sensitivities.Single().Greeks.Delta);
        var d = Assert.IsType<PerpDetail>(v.Detail);
        Assert.Equal(200, d.UnrealizedPnlUsd, 12);
        Assert.Equal(2350 / 1.02, d.Liquidation.Price!.Value, 9);
    }

    [Fact]
    public void Perp_SameAssetCollateralLong_DeltaIsSizePlusCollateralAndLiquidationSolvedExactly()
    {
        // 10 ETH long from 3 000 on 2.5 WETH, l = 1%, ETH at 3 000: value = 2.5 × 3 000 + 0 = 7 500; delta = 10 + 2.5 = 12.5.
        // equity(p) = 2.5·p + 10·(p − 3 000) = 12.5·p − 30 000 against 0.01·10·p = 0.1·p:
        // p = 30 000 / (12.5 − 0.1) = 30 000 / 12.4 = 2 419.354838… (a fixed 7 500 USD margin would say (3 000 − 750) / 0.99 = 2 272.73).
        var market = TestMarket.Create(new Dictionary<string, double> { ["ETH"] = 3000, ["USDC"] = 1 });
        var perp = new PerpPosition("ETH", 10, 3000, 0.01, Venue: "GMX v2", Collateral: new PerpCollateral("ETH", 2.5));

        var v = Models.Value(perp, market).Valuation!;

        Assert.Equal(7500, v.ValueUsd, 9);
        var delta = Assert.Single(v.Sensitivities);
        Assert.Equal(("ETH", 12.5), (delta.Underlying, delta.Greeks.Delta));
        var d = Assert.IsType<PerpDetail>(v.Detail);
        Assert.Equal(0, d.UnrealizedPnlUsd, 12);
        Assert.Equal(300, d.MaintenanceMarginUsd, 9); // 0.01 × 10 × 3 000
        Assert.Equal(30000 / 12.4, d.Liquidation.Price!.Value, 9);
        Assert.Equal(2419.354838709677, d.Liquidation.Price!.Value, 9);
        Assert.Equal(LiquidationDirection.PriceFalls, d.Liquidation.Direction);
        Assert.False(d.Liquidation.LiquidatableNow);
    }

    [Fact]
    public void Perp_SameAssetCollateralShort_LiquidatedWhenThePriceRises()
    {
        // 2 ETH short from 2 000 on 1 WETH, l = 2%, ETH at 2 000: value = 1 × 2 000 + 0 = 2 000; delta = −2 + 1 = −1.
        // equity(p) = p − 2·(p − 2 000) = 4 000 − p against 0.04·p: p = 4 000 / 1.04 = 3 846.153846…
        var v = Models.Value(new PerpPosition("ETH", -2, 2000, 0.02, Collateral: new PerpCollateral("ETH", 1)), TestMarket.Create()).Valuation!;

        Assert.Equal(2000, v.ValueUsd, 9);
        Assert.Equal(-1, Assert.Single(v.Sensitivities).Greeks.Delta, 12);
        var d = Assert.IsType<PerpDetail>(v.Detail);
        Assert.Equal(4000 / 1.04, d.Liquidation.Price!.Value, 9);
        Assert.Equal(LiquidationDirection.PriceRises, d.Liquidation.Direction);
    }

    [Fact]
    public void Perp_ShortOnUsdcCollateral_BtcAndUsdcDeltasAndLiquidationAsForUsdMargin()
    {
        // 1 BTC short from 60 000 on 20 000 USDC, l = 1%, BTC at 60 000: value = 20 000 × 1 + 0 = 20 000;
        // deltas BTC −1, USDC +20 000; liquidation as for a 20 000 USD margin: (60 000 + 20 000) / 1.01 = 79 207.92…
        var perp = new PerpPosition("BTC", -1, 60000, 0.01, Venue: "GMX v2", Collateral: new PerpCollateral("USDC", 20000));

        var v = Models.Value(perp, TestMarket.Create()).Valuation!;

        Assert.Equal(20000, v.ValueUsd, 9);
        Assert.Equal(-1, v.Sensitivities.Single(s => s.Underlying == "BTC").Greeks.Delta);
        Assert.Equal(20000, v.Sensitivities.Single(s => s.Underlying == "USDC").Greeks.Delta);
        Assert.Equal(2, v.Sensitivities.Count);
        var d = Assert.IsType<PerpDetail>(v.Detail);
        Assert.Equal(80000 / 1.01, d.Liquidation.Price!.Value, 6);
        Assert.Equal(PerpMath.IsolatedLiquidationPrice("BTC", -1, 60000, 60000, 20000, 0.01), d.Liquidation);
        Assert.Equal(LiquidationDirection.PriceRises, d.Liquidation.Direction);
    }

    [Fact]
    public void Perp_CollateralAndUsdMarginBoth_CollateralUsed()
    {
        // The asset collateral takes over: value = 1 × 2 000 (not 500), delta 1 + 1 = 2.
        var v = Models.Value(new PerpPosition("ETH", 1, 2000, 0.02, IsolatedMarginUsd: 500, Collateral: new PerpCollateral("ETH", 1)), TestMarket.Create()).Valuation!;
        Assert.Equal(2000, v.ValueUsd, 9);
        Assert.Equal(2, Assert.Single(v.Sensitivities).Greeks.Delta, 12);
    }

    [Fact]
    public void Perp_CollateralWithoutPrice_UnpricedNamingTheAsset()
    {
        var result = Models.Value(new PerpPosition("ETH", 1, 2000, 0.02, Collateral: new PerpCollateral("LINK", 100)), TestMarket.Create());
        Assert.Null(result.Valuation);
        Assert.Equal("no price for LINK.", result.Error);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-1.0)]
    [InlineData(double.PositiveInfinity)]
    public void Perp_CollateralQuantityInvalid_RejectedNamingTheField(double quantity)
    {
        var perp = new PerpPosition("ETH", 1, 2000, 0.02, Collateral: new PerpCollateral("ETH", quantity));
        var e = Assert.Throws<ArgumentException>(() => new PerpModel().Value(perp, TestMarket.Create()));
        Assert.Equal("Collateral.Quantity", e.ParamName);
        Assert.Contains($"collateral quantity must be non-negative and finite (was {quantity})", e.Message);
        // Through the registry: unpriced, saying why.
        Assert.Contains("collateral quantity", Models.Value(perp, TestMarket.Create()).Error);
    }

    [Fact]
    public void Perp_CollateralUnderlyingEmpty_RejectedNamingTheField()
    {
        var perp = new PerpPosition("ETH", 1, 2000, 0.02, Collateral: new PerpCollateral(" ", 1));
        Assert.Equal("Collateral.Underlying", Assert.Throws<ArgumentException>(() => new PerpModel().Value(perp, TestMarket.Create())).ParamName);
    }

    [Fact]
    public void Perp_CrossAccount_LiquidationMatchesPublishedFormula()
    {
        var account = new CrossMarginAccount("Hyperliquid", 10000, [new("ETH", 10, 2000, 0.02), new("BTC", -0.1, 60000, 0.02)]);
        var v = Models.Value(account, TestMarket.Create()).Valuation!;
        var d = Assert.IsType<CrossMarginDetail>(v.Detail);
        Assert.Equal(10000, d.AccountValueUsd, 9);
        Assert.Equal(520, d.MaintenanceMarginUsd, 9);
        Assert.Equal(PerpMath.LiquidationPrice("ETH", 10, 2000, 9480, 0.02).Price!.Value, d.Liquidations.Single(l => l.Underlying == "ETH").Price!.Value, 9);
        Assert.Equal(PerpMath.LiquidationPrice("BTC", -0.1, 60000, 9480, 0.02).Price!.Value, d.Liquidations.Single(l => l.Underlying == "BTC").Price!.Value, 6);
        Assert.False(d.IsLiquidatable);
    }

    [Fact]
    public void Perp_WithoutAccount_NoLiquidationPriceButSaysWhy()
    {
        var v = Models.Value(new PerpPosition("ETH", 1, 1900, 0.02), TestMarket.Create()).Valuation!;
        Assert.Equal(100, v.ValueUsd, 12);
        var d = Assert.IsType<PerpDetail>(v.Detail);
        Assert.Null(d.Liquidation.Price);
        Assert.Contains("account", d.Liquidation.Note);
    }
}
