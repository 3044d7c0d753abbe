using System.Numerics;
using ExposureWeb.Risk.Governance;

namespace ExposureWeb.Risk.Strategies;

/// <summary>How much a fix must trade: delta hedges and Aave repay/supply/collateral-swap amounts. Pure.</summary>
public static partial class HedgeSizing
{
    /// <summary>
    /// The change of net delta, in units of the underlying, that brings it to the band's middle: positive buys the
    /// underlying, negative sells it. A USD band is converted at <paramref name="priceUsd"/>.
    /// </summary>
    public static double DeltaToMiddle(DeltaBandDefinition band, double netDeltaUnits, double priceUsd)
    {
        ArgumentNullException.ThrowIfNull(band);
        var middleUnits = band.Unit == BandUnit.Usd
            ? (priceUsd > 0 ? band.Middle / priceUsd : throw new ArgumentOutOfRangeException(nameof(priceUsd), priceUsd, "a USD band needs a positive price"))
            : band.Middle;
        return middleUnits - netDeltaUnits;
    }

    /// <summary>
    /// The smallest repayment of <paramref name="asset"/>'s debt (token base units) after which Aave's own health factor
    /// (<see cref="AaveAccountFormula"/>, integer arithmetic) is at least <paramref name="targetWad"/>; null when even
    /// repaying all of that debt falls short.
    /// </summary>
    public static BigInteger? RepayToReach(IReadOnlyList<AaveAccountLeg> legs, string asset, BigInteger targetWad)
    {
        var index = IndexOf(legs, asset);
        if (index < 0 || legs[index].Borrowed.IsZero) return null;
        BigInteger Hf(BigInteger repay) => AaveAccountFormula.Compute(With(legs, index, legs[index] with { Borrowed = legs[index].Borrowed - repay })).HealthFactorWad;
        if (Hf(BigInteger.Zero) >= targetWad) return BigInteger.Zero;
        if (Hf(legs[index].Borrowed) < targetWad) return null;
        return Smallest(BigInteger.Zero, legs[index].Borrowed, a => Hf(a) >= targetWad);
    }

    /// <summary>
    /// The smallest supply of <paramref name="asset"/> (token base units, at most <paramref name="available"/>) after which
    /// the health factor is at least <paramref name="targetWad"/>; null when the asset cannot be collateral (LT 0) or
    /// <paramref name="available"/> falls short. A reserve the account has not supplied yet becomes collateral on the
    /// first supply when its LTV is not 0 (Aave v3's rule), with <paramref name="newLeg"/>'s parameters.
    /// </summary>
    public static BigInteger? SupplyToReach(IReadOnlyList<AaveAccountLeg> legs, string asset, BigInteger available, BigInteger targetWad, AaveAccountLeg? newLeg = null)
    {
        var list = legs.ToList();
        var index = IndexOf(list, asset);
        if (index < 0)
        {
            if (newLeg is not { } fresh || fresh.Ltv == 0) return null;
            list.Add(fresh with { Supplied = 0, Borrowed = 0, UsedAsCollateral = true });
            index = list.Count - 1;
        }
        var leg = list[index];
        if (!leg.UsedAsCollateral || leg.LiquidationThreshold == 0) return null;
        BigInteger Hf(BigInteger add) => AaveAccountFormula.Compute(With(list, index, leg with { Supplied = leg.Supplied + add })).HealthFactorWad;
        if (Hf(BigInteger.Zero) >= targetWad) return BigInteger.Zero;
        if (available <= 0 || Hf(available) < targetWad) return null;
        return Smallest(BigInteger.Zero, available, a => Hf(a) >= targetWad);
    }

    /// <summary>A health factor (1.5) as Aave's WAD (1.5e18), rounded up so a target is never undershot by rounding.</summary>
    public static BigInteger Wad(double healthFactor) =>
        new BigInteger(Math.Ceiling(healthFactor * 1e9)) * BigInteger.Pow(10, 9);

    // Binary search for the smallest a in (lo, hi] with ok(a), given !ok(lo) and ok(hi); ok is monotone.
    private static BigInteger Smallest(BigInteger lo, BigInteger hi, Func<BigInteger, bool> ok)
    {
        while (hi - lo > 1)
        {
            var mid = (lo + hi) / 2;
            if (ok(mid)) hi = mid;
            else lo = mid;
        }
        return hi;
    }

    private static int IndexOf(IReadOnlyList<AaveAccountLeg> legs, string asset)
    {
        for (int i = 0; i < legs.Count; i++) if (string.Equals(legs[i].Asset, asset, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    private static List<AaveAccountLeg> With(IReadOnlyList<AaveAccountLeg> legs, int index, AaveAccountLeg leg)
    {
        var copy = legs.ToList();
        copy[index] = leg;
        return copy;
    }
}
