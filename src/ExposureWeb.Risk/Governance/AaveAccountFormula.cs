using System.Numerics;

namespace ExposureWeb.Risk.Governance;

/// <summary>One reserve of an Aave account, in the protocol's own integers.</summary>
/// <param name="Asset">The reserve's asset (address), to match parameter changes.</param>
/// <param name="Supplied">aToken balance (interest included), token base units.</param>
/// <param name="Borrowed">Variable-debt balance, token base units.</param>
/// <param name="Decimals">Token decimals.</param>
/// <param name="Price">Oracle price, base currency units per whole token.</param>
/// <param name="Ltv">Basis points.</param>
/// <param name="LiquidationThreshold">Basis points.</param>
/// <param name="UsedAsCollateral">The user's collateral flag for the reserve.</param>
public readonly record struct AaveAccountLeg(string Asset, BigInteger Supplied, BigInteger Borrowed, int Decimals, BigInteger Price, int Ltv, int LiquidationThreshold, bool UsedAsCollateral);

/// <summary>The sums an account's figures are made of, base currency units (weighted: × basis points).</summary>
/// <param name="TotalCollateralBase">Σ value of the reserves counted as collateral.</param>
/// <param name="TotalDebtBase">Σ value of the debts.</param>
/// <param name="LtvWeighted">Σ collateral value × LTV.</param>
/// <param name="ThresholdWeighted">Σ collateral value × liquidation threshold.</param>
/// <param name="Legs">Reserves that entered either side.</param>
public readonly record struct AaveAccountSums(BigInteger TotalCollateralBase, BigInteger TotalDebtBase, BigInteger LtvWeighted, BigInteger ThresholdWeighted, int Legs);

/// <summary>What <c>getUserAccountData</c> returns, recomputed: base currency units, basis points, WAD.</summary>
/// <param name="TotalCollateralBase">Collateral counted (LT ≠ 0 and flagged), base currency units.</param>
/// <param name="TotalDebtBase">Debt, base currency units.</param>
/// <param name="AvailableBorrowsBase">Collateral × average LTV − debt, floored at 0.</param>
/// <param name="AverageLiquidationThreshold">Value-weighted, floored to whole basis points.</param>
/// <param name="AverageLtv">Value-weighted, floored to whole basis points.</param>
/// <param name="HealthFactorWad">1e18 = 1.0; uint256 max without debt.</param>
public sealed record AaveAccountFigures(
    BigInteger TotalCollateralBase, BigInteger TotalDebtBase, BigInteger AvailableBorrowsBase,
    BigInteger AverageLiquidationThreshold, BigInteger AverageLtv, BigInteger HealthFactorWad)
{
    /// <summary>The health factor as a number; +∞ without debt.</summary>
    public double HealthFactor => HealthFactorWad == AaveAccountFormula.MaxUint256
        ? double.PositiveInfinity
        : (double)(HealthFactorWad / AaveAccountFormula.Wad) + (double)(HealthFactorWad % AaveAccountFormula.Wad) / 1e18;
}

/// <summary>
/// Aave v3.0's account figures (GenericLogic.calculateUserAccountData) in the protocol's integer arithmetic, so that
/// a formula-based "after" agrees with the chain's own to the last unit: each reserve valued as ⌊balance × price ÷
/// 10^decimals⌋, LTV and threshold averaged by value and floored, HF = wadDiv(percentMul(collateral, avgLT), debt).
/// </summary>
/// <remarks>
/// Not modelled: eMode categories (their LTV/threshold replace the reserves'), isolation mode and siloed borrowing
/// (they restrict borrowing, not the health factor), a zero-LTV collateral's effect on withdrawals.
/// </remarks>
public static class AaveAccountFormula
{
    /// <summary>1e18.</summary>
    public static readonly BigInteger Wad = BigInteger.Pow(10, 18);

    /// <summary>type(uint256).max, Aave's health factor without debt.</summary>
    public static readonly BigInteger MaxUint256 = (BigInteger.One << 256) - 1;

    private const int PercentageFactor = 10_000;

    /// <summary>
    /// The value-weighted sums Aave averages: each reserve valued as ⌊balance × price ÷ 10^decimals⌋; collateral only
    /// where supplied, flagged and with a threshold; <see cref="AaveAccountSums.Legs"/> counts the reserves that entered.
    /// </summary>
    public static AaveAccountSums Sum(IEnumerable<AaveAccountLeg> legs)
    {
        ArgumentNullException.ThrowIfNull(legs);
        BigInteger collateral = 0, debt = 0, ltvWeighted = 0, thresholdWeighted = 0;
        int count = 0;
        foreach (var leg in legs)
        {
            var unit = BigInteger.Pow(10, leg.Decimals);
            bool used = false;
            if (!leg.Supplied.IsZero && leg.UsedAsCollateral && leg.LiquidationThreshold != 0)
            {
                var value = leg.Supplied * leg.Price / unit;
                collateral += value;
                ltvWeighted += value * leg.Ltv;
                thresholdWeighted += value * leg.LiquidationThreshold;
                used = true;
            }
            if (!leg.Borrowed.IsZero)
            {
                debt += leg.Borrowed * leg.Price / unit;
                used = true;
            }
            if (used) count++;
        }
        return new AaveAccountSums(collateral, debt, ltvWeighted, thresholdWeighted, count);
    }

    /// <summary>The account's figures from its reserves.</summary>
    public static AaveAccountFigures Compute(IEnumerable<AaveAccountLeg> legs)
    {
        var (collateral, debt, ltvWeighted, thresholdWeighted, _) = Sum(legs);
        var averageLtv = collateral.IsZero ? BigInteger.Zero : ltvWeighted / collateral;
        var averageThreshold = collateral.IsZero ? BigInteger.Zero : thresholdWeighted / collateral;
        var health = debt.IsZero ? MaxUint256 : WadDiv(PercentMul(collateral, averageThreshold), debt);
        var borrowable = PercentMul(collateral, averageLtv);
        var available = borrowable > debt ? borrowable - debt : BigInteger.Zero;
        return new AaveAccountFigures(collateral, debt, available, averageThreshold, averageLtv, health);
    }

    /// <summary>
    /// The legs with a reserve's LTV and threshold replaced where <paramref name="changes"/> set them (reserve scope,
    /// subject = the asset address, compared case-insensitively); other changes do not enter the formula.
    /// </summary>
    public static IReadOnlyList<AaveAccountLeg> Apply(IEnumerable<AaveAccountLeg> legs, IEnumerable<ParameterChange> changes)
    {
        var relevant = changes.Where(c => c.Scope == ParameterScopes.Reserve && c.After is not null).ToList();
        return legs.Select(leg =>
        {
            foreach (var c in relevant.Where(c => string.Equals(c.Subject, leg.Asset, StringComparison.OrdinalIgnoreCase)))
            {
                if (c.Parameter == ParameterNames.LiquidationThreshold) leg = leg with { LiquidationThreshold = int.Parse(c.After!, System.Globalization.CultureInfo.InvariantCulture) };
                else if (c.Parameter == ParameterNames.Ltv) leg = leg with { Ltv = int.Parse(c.After!, System.Globalization.CultureInfo.InvariantCulture) };
            }
            return leg;
        }).ToList();
    }

    /// <summary>True when the formula covers every change (only LTV, threshold and bonus of reserves; the bonus moves no figure here).</summary>
    public static bool Covers(IEnumerable<ParameterChange> changes) =>
        changes.All(c => c.Scope == ParameterScopes.Reserve && c.Parameter is ParameterNames.Ltv or ParameterNames.LiquidationThreshold or ParameterNames.LiquidationBonus
            or ParameterNames.ReserveFactor or ParameterNames.SupplyCap or ParameterNames.BorrowCap or ParameterNames.LiquidationProtocolFee or ParameterNames.BorrowingEnabled
            or ParameterNames.Frozen);

    // PercentageMath.percentMul: half up.
    private static BigInteger PercentMul(BigInteger value, BigInteger percentage) => (value * percentage + PercentageFactor / 2) / PercentageFactor;

    // WadRayMath.wadDiv: half up.
    private static BigInteger WadDiv(BigInteger a, BigInteger b) => (a * Wad + b / 2) / b;
}
