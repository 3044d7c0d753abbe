using System.Numerics;
using ExposureWeb.Risk.Governance;
using ExposureWeb.Risk.Strategies;

namespace ExposureWeb.Risk.Tests.Strategies;

/// <summary>
/// Collateral-swap sizing against Aave's integer formula. Reference: 3 500 USDC (LT 78%) against 1 500 USDC of debt is
/// HF 2 730 ÷ 1 500 = 1.82; moving x USDC into WETH (LT 83%) at the oracle rate adds 0.05·x, so HF 1.85 needs x = 900
/// in real numbers — but Aave floors the average threshold to whole basis points, so it must reach ⌈7 928.57⌉ = 7 929:
/// (3 500 × 7 800 + 500·x) ÷ 3 500 ≥ 7 929 gives x = 903.
/// </summary>
public sealed class CollateralSwapSizingTests
{
    private const string Usdc = "0x00000000000000000000000000000000000000a1", Weth = "0x00000000000000000000000000000000000000b2";
    private static readonly BigInteger UsdcUnit = BigInteger.Pow(10, 6), WethUnit = BigInteger.Pow(10, 18), Dollar = BigInteger.Pow(10, 8);

    private static readonly AaveAccountLeg[] Account =
        [new(Usdc, 3_500 * UsdcUnit, 1_500 * UsdcUnit, 6, Dollar, 7500, 7800, true)];

    private static readonly AaveAccountLeg WethReserve = new(Weth, 0, 0, 18, 3_000 * Dollar, 8050, 8300, true);

    // Base units of WETH per base unit of USDC at the oracles' prices: (1 × 10^18) ÷ (3 000 × 10^6).
    private static readonly (BigInteger Numerator, BigInteger Denominator) OracleRate = (Dollar * WethUnit, 3_000 * Dollar * UsdcUnit);

    [Fact]
    public void CollateralSwapToReach_OracleRate_SmallestAmountReachingTarget()
    {
        var target = HedgeSizing.Wad(1.85);
        var amount = HedgeSizing.CollateralSwapToReach(Account, Usdc, Weth, target, OracleRate.Numerator, OracleRate.Denominator, WethReserve);

        Assert.NotNull(amount);
        Assert.InRange((double)amount.Value / 1e6, 902.99, 903.0);
        Assert.True(Hf(amount.Value) >= target);
        Assert.True(Hf(amount.Value - 1) < target);
    }

    [Fact]
    public void CollateralSwapToReach_TargetBeyondSwappingAll_Null() =>
        // All 3 500 USDC as WETH: 3 500 × 83% ÷ 1 500 = 1.9367.
        Assert.Null(HedgeSizing.CollateralSwapToReach(Account, Usdc, Weth, HedgeSizing.Wad(1.95), OracleRate.Numerator, OracleRate.Denominator, WethReserve));

    [Fact]
    public void CollateralSwapToReach_RateLosesMoreThanThresholdGains_Null() =>
        // At 90% of the oracle rate a dollar of USDC (78%) buys 0.9 × 83% = 74.7% of threshold: every swap lowers the health factor.
        Assert.Null(HedgeSizing.CollateralSwapToReach(Account, Usdc, Weth, HedgeSizing.Wad(1.83), OracleRate.Numerator * 9, OracleRate.Denominator * 10, WethReserve));

    [Fact]
    public void CollateralSwapToReach_NewReserveWithZeroLtv_NullAsItWouldNotBecomeCollateral() =>
        Assert.Null(HedgeSizing.CollateralSwapToReach(Account, Usdc, Weth, HedgeSizing.Wad(1.85), OracleRate.Numerator, OracleRate.Denominator, WethReserve with { Ltv = 0 }));

    [Fact]
    public void CollateralSwapToReach_AlreadyAtTarget_Zero() =>
        Assert.Equal(BigInteger.Zero, HedgeSizing.CollateralSwapToReach(Account, Usdc, Weth, HedgeSizing.Wad(1.8), OracleRate.Numerator, OracleRate.Denominator, WethReserve));

    [Fact]
    public void HealthFactorAfterWithdraw_NineHundredUsdc_AsTheFormulaGives() =>
        // 2 600 × 78% ÷ 1 500 = 1.352.
        Assert.Equal(1.352, (double)HedgeSizing.HealthFactorAfterWithdraw(Account, Usdc, 900 * UsdcUnit) / 1e18, 12);

    [Fact]
    public void WithSwapped_ExistingTargetLeg_MovesBothBalances()
    {
        var legs = Account.Append(WethReserve with { Supplied = WethUnit }).ToList();
        var after = HedgeSizing.WithSwapped(legs, Usdc, Weth, 300 * UsdcUnit, WethUnit / 10)!;

        Assert.Equal(3_200 * UsdcUnit, after[0].Supplied);
        Assert.Equal(WethUnit + WethUnit / 10, after[1].Supplied);
    }

    private static BigInteger Hf(BigInteger amountIn) =>
        AaveAccountFormula.Compute(HedgeSizing.WithSwapped(Account, Usdc, Weth, amountIn, amountIn * OracleRate.Numerator / OracleRate.Denominator, WethReserve)!).HealthFactorWad;
}
