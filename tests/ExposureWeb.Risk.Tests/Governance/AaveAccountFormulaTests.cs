using System.Numerics;
using ExposureWeb.Risk.Governance;

namespace ExposureWeb.Risk.Tests.Governance;

/// <summary>Aave v3.0's account figures in its integers; reference values worked by hand from GenericLogic.</summary>
public sealed class AaveAccountFormulaTests
{
    private static readonly BigInteger Eth = BigInteger.Pow(10, 18);

    // 10 WETH at $3 000 (LTV 80.5%, LT 83%) against 18 000 USDC at $1, base currency 1e8.
    private static readonly AaveAccountLeg Weth = new("0xW", 10 * Eth, 0, 18, 3_000_00000000, 8050, 8300, true);
    private static readonly AaveAccountLeg Usdc = new("0xU", 0, 18_000_000000, 6, 1_00000000, 7500, 7800, true);

    [Fact]
    public void Compute_OneCollateralOneDebt_AsGetUserAccountData()
    {
        var figures = AaveAccountFormula.Compute([Weth, Usdc]);

        Assert.Equal(30_000_00000000, figures.TotalCollateralBase);
        Assert.Equal(18_000_00000000, figures.TotalDebtBase);
        Assert.Equal(8300, figures.AverageLiquidationThreshold);
        Assert.Equal(8050, figures.AverageLtv);
        // 30 000 × 83% / 18 000 = 1.38333… (wadDiv rounds half up at the 18th decimal).
        Assert.Equal(BigInteger.Parse("1383333333333333333"), figures.HealthFactorWad);
        Assert.Equal(30_000_00000000 * 8050 / 10_000 - 18_000_00000000, figures.AvailableBorrowsBase);
    }

    [Fact]
    public void Compute_TwoCollaterals_ThresholdAveragedAndFloored()
    {
        // $30 000 at 83% and $10 000 at 68%: (24 900 + 6 800) / 40 000 = 79.25% exactly → 7925.
        var link = new AaveAccountLeg("0xL", 1_000 * Eth, 0, 18, 10_00000000, 5300, 6800, true);
        var figures = AaveAccountFormula.Compute([Weth, link, Usdc]);

        Assert.Equal(7925, figures.AverageLiquidationThreshold);
        // percentMul(40 000e8, 7925) = 31 700e8; wadDiv(31 700e8, 18 000e8) = 1.76111… rounded half up at 18 decimals.
        Assert.Equal(BigInteger.Parse("1761111111111111111"), figures.HealthFactorWad);
        Assert.Equal(31_700.0 / 18_000.0, figures.HealthFactor, 15);
    }

    [Fact]
    public void Compute_NoDebt_MaxHealthFactorAndInfinity()
    {
        var figures = AaveAccountFormula.Compute([Weth]);

        Assert.Equal(AaveAccountFormula.MaxUint256, figures.HealthFactorWad);
        Assert.True(double.IsPositiveInfinity(figures.HealthFactor));
    }

    [Fact]
    public void Compute_CollateralFlagOff_NotCounted()
    {
        var figures = AaveAccountFormula.Compute([Weth with { UsedAsCollateral = false }, Usdc]);

        Assert.Equal(0, figures.TotalCollateralBase);
        Assert.Equal(BigInteger.Zero, figures.HealthFactorWad);
    }

    [Fact]
    public void Apply_ThresholdAndLtvChange_OnlyThatReserveMoves()
    {
        ParameterChange[] changes =
        [
            new(ParameterScopes.Reserve, "0xw", "WETH", ParameterNames.LiquidationThreshold, "8300", "8000", ParameterUnits.BasisPoints),
            new(ParameterScopes.Reserve, "0xW", "WETH", ParameterNames.Ltv, "8050", "7750", ParameterUnits.BasisPoints),
            new(ParameterScopes.Reserve, "0xU", "USDC", ParameterNames.SupplyCap, "1", "2", ParameterUnits.Tokens),
        ];

        var legs = AaveAccountFormula.Apply([Weth, Usdc], changes);

        Assert.Equal((7750, 8000), (legs[0].Ltv, legs[0].LiquidationThreshold));
        Assert.Equal(Usdc, legs[1]);
        Assert.Equal(24_000.0 / 18_000.0, AaveAccountFormula.Compute(legs).HealthFactor, 15);
        Assert.True(AaveAccountFormula.Covers(changes));
        Assert.False(AaveAccountFormula.Covers([new(ParameterScopes.Oracle, "0xW", "WETH", ParameterNames.OracleSource, "0x1", "0x2", ParameterUnits.Address)]));
    }
}
