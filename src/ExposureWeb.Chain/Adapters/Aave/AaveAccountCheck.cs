using System.Globalization;
using System.Numerics;
using ExposureWeb.Risk.Governance;

namespace ExposureWeb.Chain.Adapters.Aave;

/// <summary>The outputs of <c>getUserAccountData(user)</c>.</summary>
/// <param name="TotalCollateralBase">Collateral value in base currency units (USD × 1e8 on USD markets).</param>
/// <param name="TotalDebtBase">Debt value in base currency units.</param>
/// <param name="AvailableBorrowsBase">What may still be borrowed, base currency units.</param>
/// <param name="CurrentLiquidationThreshold">Collateral-weighted average threshold, basis points.</param>
/// <param name="Ltv">Collateral-weighted average LTV, basis points.</param>
/// <param name="HealthFactor">WAD (1e18 = 1.0); uint256 max without debt.</param>
public sealed record AaveUserAccountData(
    BigInteger TotalCollateralBase, BigInteger TotalDebtBase, BigInteger AvailableBorrowsBase, BigInteger CurrentLiquidationThreshold, BigInteger Ltv, BigInteger HealthFactor)
{
    /// <summary>type(uint256).max: Aave's health factor without debt.</summary>
    public static readonly BigInteger MaxUint256 = (BigInteger.One << 256) - 1;

    /// <summary>1e18.</summary>
    public static readonly BigInteger Wad = BigInteger.Pow(10, 18);

    /// <summary>From the decoded outputs of <see cref="AaveV3.GetUserAccountData"/>.</summary>
    public static AaveUserAccountData FromOutputs(Protocols.Aave.UserAccountDataOutput v) =>
        new(v.TotalCollateralBase, v.TotalDebtBase, v.AvailableBorrowsBase, v.CurrentLiquidationThreshold, v.Ltv, v.HealthFactor);

    /// <summary>The health factor as a number; +∞ for uint256 max (no debt).</summary>
    public double HealthFactorValue => HealthFactor == MaxUint256 ? double.PositiveInfinity : TokenAmount.ToUnits(HealthFactor, 18);
}

/// <summary>The account recomputed from its reserves.</summary>
/// <param name="TotalCollateralBase">Σ value of supplies enabled as collateral with LT ≠ 0, base units.</param>
/// <param name="TotalDebtBase">Σ value of debts, base units.</param>
/// <param name="WeightedCollateral">Σ value × LT (base units × basis points) over that collateral.</param>
/// <param name="Legs">Reserves that contributed (the rounding allowance grows with it).</param>
public sealed record AaveAccountComputation(BigInteger TotalCollateralBase, BigInteger TotalDebtBase, BigInteger WeightedCollateral, int Legs)
{
    /// <summary>HF = Σ collateral·price·LT / Σ debt·price, exact (no averaging of LT); +∞ without debt.</summary>
    public double HealthFactor => TotalDebtBase.IsZero
        ? double.PositiveInfinity
        : Ratio(WeightedCollateral, TotalDebtBase * ReserveConfiguration.PercentageFactor);

    /// <summary>Collateral-weighted liquidation threshold in basis points, as Aave averages it (floored).</summary>
    public BigInteger AverageLiquidationThreshold => TotalCollateralBase.IsZero ? BigInteger.Zero : WeightedCollateral / TotalCollateralBase;

    internal static double Ratio(BigInteger numerator, BigInteger denominator)
    {
        // Scale so that the quotient keeps ~18 significant digits whatever the magnitudes.
        var scale = BigInteger.Pow(10, 18);
        return (double)(numerator * scale / denominator) / 1e18;
    }
}

/// <summary>
/// Cross-checks <c>getUserAccountData</c> against the account recomputed from its reserves (balances, AaveOracle prices,
/// thresholds and the user's collateral flags), in base currency, as Aave's GenericLogic does.
/// </summary>
/// <remarks>
/// Aave values each reserve as ⌊balance × price / 10^decimals⌋, sums collateral and debt, averages LT weighted by
/// value with a floor to whole basis points, then HF = wadDiv(percentMul(collateral, avgLT), debt). The only
/// differences from the exact ratio are those roundings, so the allowed disagreement is: one base unit per reserve on
/// the totals (versions differ in how debt is rounded), and on the health factor (C/10⁴ + 1 + legs·HF)/D + 10⁻¹²·HF,
/// where C/10⁴/D bounds the LT floor (under one basis point of the collateral), 1/D the percentMul rounding, and
/// legs·HF/D the totals' own allowance. Anything beyond is a disagreement: a reserve missed, a price or flag read
/// wrong, or an eMode category whose thresholds replace the reserves'.
/// </remarks>
public static class AaveAccountCheck
{
    /// <summary>Recomputes the account from its reserves (Aave's own valuation of each, <see cref="AaveAccountFormula.Sum"/>).</summary>
    public static AaveAccountComputation Compute(IEnumerable<AaveAccountLeg> legs)
    {
        var sums = AaveAccountFormula.Sum(legs);
        return new AaveAccountComputation(sums.TotalCollateralBase, sums.TotalDebtBase, sums.ThresholdWeighted, sums.Legs);
    }

    /// <summary>Null when the on-chain account data agrees with the computation within rounding; otherwise what disagrees.</summary>
    public static string? Compare(AaveAccountComputation computed, AaveUserAccountData onChain, BigInteger baseCurrencyUnit)
    {
        ArgumentNullException.ThrowIfNull(computed);
        ArgumentNullException.ThrowIfNull(onChain);
        var problems = new List<string>();
        var allowance = new BigInteger(Math.Max(1, computed.Legs));
        string Usd(BigInteger b) => TokenAmount.ToUnits(b, Digits(baseCurrencyUnit)).ToString("0.########", CultureInfo.InvariantCulture);

        if (BigInteger.Abs(onChain.TotalCollateralBase - computed.TotalCollateralBase) > allowance)
        {
            problems.Add($"collateral {Usd(onChain.TotalCollateralBase)} on chain vs {Usd(computed.TotalCollateralBase)} from the reserves");
        }
        if (BigInteger.Abs(onChain.TotalDebtBase - computed.TotalDebtBase) > allowance)
        {
            problems.Add($"debt {Usd(onChain.TotalDebtBase)} on chain vs {Usd(computed.TotalDebtBase)} from the reserves");
        }

        double mine = computed.HealthFactor;
        if (computed.TotalDebtBase.IsZero)
        {
            if (onChain.HealthFactor != AaveUserAccountData.MaxUint256 && !onChain.TotalDebtBase.IsZero)
            {
                problems.Add($"health factor {onChain.HealthFactorValue:G6} on chain but the reserves hold no debt");
            }
        }
        else
        {
            double theirs = onChain.HealthFactorValue;
            double c = (double)computed.TotalCollateralBase, d = (double)computed.TotalDebtBase;
            double tolerance = (c / ReserveConfiguration.PercentageFactor + 1 + computed.Legs * mine) / d + 1e-12 * mine;
            if (!(Math.Abs(theirs - mine) <= tolerance))
            {
                problems.Add(FormattableString.Invariant(
                    $"health factor {theirs:G10} on chain vs {mine:G10} from the reserves (Σ collateral·price·LT / Σ debt·price), beyond the rounding allowance {tolerance:G3}"));
            }
        }

        return problems.Count == 0 ? null : "getUserAccountData disagrees with the per-reserve computation: " + string.Join("; ", problems);
    }

    /// <summary>Decimals of a power of ten (1e8 → 8); base currency units are powers of ten on every Aave market.</summary>
    internal static int Digits(BigInteger unit)
    {
        int digits = 0;
        while (unit > 1 && (unit % 10).IsZero)
        {
            unit /= 10;
            digits++;
        }
        return digits;
    }
}
