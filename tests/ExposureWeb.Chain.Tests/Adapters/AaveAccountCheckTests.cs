using System.Numerics;
using ExposureWeb.Chain.Adapters.Aave;
using ExposureWeb.Risk.Governance;

namespace ExposureWeb.Chain.Tests.Adapters;

/// <summary><see cref="AaveAccountCheck"/>: the per-reserve recomputation and its comparison with getUserAccountData.</summary>
public sealed class AaveAccountCheckTests
{
    private static readonly BigInteger E18 = BigInteger.Pow(10, 18);
    private static readonly BigInteger Usd = 100_000_000; // base currency unit 1e8
    private static BigInteger Tokens(decimal amount, int decimals) => new BigInteger(amount * 1_000_000m) * BigInteger.Pow(10, decimals) / 1_000_000;

    // The demo trader: 10 WETH @ 3 000 (LT 8300) + 2 000 LINK @ 15 (LT 6800) supplied, 18 000 USDC @ 1 + 0.1 WBTC @ 60 000 borrowed.
    // A reserve as the cross-check reads it (the asset and LTV do not enter it).
    private static AaveAccountLeg Leg(BigInteger supplied, BigInteger borrowed, int decimals, BigInteger price, int threshold, bool collateral) =>
        new("", supplied, borrowed, decimals, price, 0, threshold, collateral);

    private static readonly AaveAccountLeg[] Trader =
    [
        Leg(Tokens(10, 18), 0, 18, 3_000 * Usd, 8300, true),
        Leg(Tokens(2_000, 18), 0, 18, 15 * Usd, 6800, true),
        Leg(0, Tokens(18_000, 6), 6, 1 * Usd, 7800, false),
        Leg(0, Tokens(0.1m, 8), 8, 60_000 * Usd, 7800, false),
    ];

    private static AaveUserAccountData OnChain(long collateral, long debt, long threshold, BigInteger healthFactor) =>
        new(collateral, debt, 0, threshold, 0, healthFactor);

    [Fact]
    public void Compute_DemoTrader_TotalsAndHealthFactorByHand()
    {
        // collateral: 10e18 × 3000e8 / 1e18 = 3e12;  2000e18 × 15e8 / 1e18 = 3e12;  C = 6e12
        // debt: 18000e6 × 1e8 / 1e6 = 1.8e12;  1e7 × 60000e8 / 1e8 = 6e11;  D = 2.4e12
        // Σ value × LT = 3e12 × 8300 + 3e12 × 6800 = 4.53e16;  HF = 4.53e16 / (2.4e12 × 1e4) = 1.8875
        var c = AaveAccountCheck.Compute(Trader);

        Assert.Equal(new BigInteger(6_000_000_000_000), c.TotalCollateralBase);
        Assert.Equal(new BigInteger(2_400_000_000_000), c.TotalDebtBase);
        Assert.Equal(BigInteger.Parse("45300000000000000"), c.WeightedCollateral);
        Assert.Equal(1.8875, c.HealthFactor, 15);
        Assert.Equal(new BigInteger(7550), c.AverageLiquidationThreshold); // 4.53e16 / 6e12
        Assert.Equal(4, c.Legs);
    }

    [Fact]
    public void Compare_AaveValuesForTheTrader_Agree()
    {
        // What the pool answers (see AaveDemoTests): 6e12, 2.4e12, LT 7550, HF 1.8875e18.
        var onChain = OnChain(6_000_000_000_000, 2_400_000_000_000, 7550, 1_887_500_000_000_000_000);

        Assert.Null(AaveAccountCheck.Compare(AaveAccountCheck.Compute(Trader), onChain, Usd));
    }

    [Fact]
    public void Compare_AverageThresholdFlooredByAave_WithinTheRoundingAllowance()
    {
        // 1e12 of collateral at LT 8301 + 2e12 at 6800 against 1e12 of debt:
        //   exact HF = (1e12 × 8301 + 2e12 × 6800) / (1e12 × 1e4) = 2.1901e16 / 1e16 = 2.1901
        //   Aave: avg LT = ⌊2.1901e16 / 3e12⌋ = 7300, HF = wadDiv(percentMul(3e12, 7300), 1e12) = 2.19e12 × 1e18 / 1e12 = 2.19
        //   difference 1e-4 < allowance (3e12 / 1e4 + 1 + 3 × 2.1901) / 1e12 ≈ 3.0e-4
        // (each leg: 1 or 2 whole tokens at a price of 10 000 × 1e8 = 1e12 base units)
        AaveAccountLeg[] legs = [Leg(E18, 0, 18, 10_000 * Usd, 8301, true), Leg(2 * E18, 0, 18, 10_000 * Usd, 6800, true), Leg(0, E18, 18, 10_000 * Usd, 8000, false)];
        var computed = AaveAccountCheck.Compute(legs);
        Assert.Equal(2.1901, computed.HealthFactor, 12);

        var onChain = OnChain(3_000_000_000_000, 1_000_000_000_000, 7300, 2_190_000_000_000_000_000);

        Assert.Null(AaveAccountCheck.Compare(computed, onChain, Usd));
    }

    [Fact]
    public void Compare_HealthFactorBeyondRounding_ReportsBothValues()
    {
        // Same totals, but the pool says 1.80: 0.0875 off, far beyond (6e12 / 1e4 + 1 + 4 × 1.8875) / 2.4e12 ≈ 2.5e-4.
        var onChain = OnChain(6_000_000_000_000, 2_400_000_000_000, 7550, 1_800_000_000_000_000_000);

        var error = AaveAccountCheck.Compare(AaveAccountCheck.Compute(Trader), onChain, Usd);

        Assert.NotNull(error);
        Assert.Contains("health factor 1.8 on chain vs 1.8875 from the reserves", error);
    }

    [Fact]
    public void Compare_CollateralTheReservesDoNotShow_ReportsTheDifferenceInBaseCurrency()
    {
        // The pool counts $70 000 of collateral, the reserves show $60 000: a reserve was missed.
        var onChain = OnChain(7_000_000_000_000, 2_400_000_000_000, 7550, 1_887_500_000_000_000_000);

        var error = AaveAccountCheck.Compare(AaveAccountCheck.Compute(Trader), onChain, Usd);

        Assert.Contains("collateral 70000 on chain vs 60000 from the reserves", error);
    }

    [Fact]
    public void Compare_NoDebtAndMaxHealthFactor_Agree()
    {
        AaveAccountLeg[] legs = [Leg(Tokens(10, 18), 0, 18, 3_000 * Usd, 8300, true)];
        var computed = AaveAccountCheck.Compute(legs);

        Assert.True(double.IsPositiveInfinity(computed.HealthFactor));
        Assert.Null(AaveAccountCheck.Compare(computed, OnChain(3_000_000_000_000, 0, 8300, AaveUserAccountData.MaxUint256), Usd));
    }

    [Fact]
    public void Compute_CollateralDisabledOrZeroThreshold_NotCountedButDebtIs()
    {
        // 10 WETH with the user's collateral flag off, 100 LINK with LT 0: neither backs the 1 000 USDC debt.
        AaveAccountLeg[] legs =
        [
            Leg(Tokens(10, 18), 0, 18, 3_000 * Usd, 8300, false),
            Leg(Tokens(100, 18), 0, 18, 15 * Usd, 0, true),
            Leg(0, Tokens(1_000, 6), 6, Usd, 7800, false),
        ];

        var c = AaveAccountCheck.Compute(legs);

        Assert.Equal(BigInteger.Zero, c.TotalCollateralBase);
        Assert.Equal(new BigInteger(100_000_000_000), c.TotalDebtBase); // 1000e6 × 1e8 / 1e6
        Assert.Equal(0.0, c.HealthFactor);
        Assert.Equal(1, c.Legs);
    }

    [Fact]
    public void HealthFactorValue_MaxUint256_IsInfinity()
    {
        Assert.True(double.IsPositiveInfinity(OnChain(0, 0, 0, AaveUserAccountData.MaxUint256).HealthFactorValue));
        Assert.Equal(24.7, OnChain(0, 0, 0, BigInteger.Parse("24700000000000000000")).HealthFactorValue, 15);
    }
}
