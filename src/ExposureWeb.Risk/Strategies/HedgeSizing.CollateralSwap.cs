using System.Numerics;
using ExposureWeb.Risk.Governance;

namespace ExposureWeb.Risk.Strategies;

public static partial class HedgeSizing
{
    /// <summary>
    /// The smallest withdrawal of collateral <paramref name="from"/> (token base units, at most what the account supplied)
    /// which, swapped into <paramref name="to"/> at <paramref name="rateNumerator"/> ÷ <paramref name="rateDenominator"/>
    /// base units of <paramref name="to"/> per base unit of <paramref name="from"/> and supplied, lifts Aave's health
    /// factor to at least <paramref name="targetWad"/>; null when swapping all of it falls short (the rate loses more than
    /// the higher threshold gains, or there is too little of it). <paramref name="newLeg"/> gives <paramref name="to"/>'s
    /// parameters when the account has not supplied it yet (it becomes collateral on the first supply when its LTV ≠ 0).
    /// </summary>
    /// <remarks>A quote's rate falls as the size grows: the caller re-sizes with the rate quoted at the last size until it holds.</remarks>
    public static BigInteger? CollateralSwapToReach(IReadOnlyList<AaveAccountLeg> legs, string from, string to, BigInteger targetWad,
        BigInteger rateNumerator, BigInteger rateDenominator, AaveAccountLeg? newLeg = null)
    {
        if (rateDenominator <= 0 || rateNumerator < 0) throw new ArgumentOutOfRangeException(nameof(rateDenominator), "the rate must be positive");
        var source = IndexOf(legs, from);
        if (source < 0 || legs[source].Supplied.IsZero || !legs[source].UsedAsCollateral) return null;
        if (WithSwapped(legs, from, to, 0, 0, newLeg) is null) return null;
        BigInteger Hf(BigInteger amountIn) =>
            AaveAccountFormula.Compute(WithSwapped(legs, from, to, amountIn, amountIn * rateNumerator / rateDenominator, newLeg)!).HealthFactorWad;
        if (Hf(BigInteger.Zero) >= targetWad) return BigInteger.Zero;
        var all = legs[source].Supplied;
        if (Hf(all) < targetWad) return null;
        return Smallest(BigInteger.Zero, all, a => Hf(a) >= targetWad);
    }

    /// <summary>
    /// The account after withdrawing <paramref name="amountIn"/> of <paramref name="from"/> and supplying
    /// <paramref name="amountOut"/> of <paramref name="to"/>; null when <paramref name="to"/> cannot become collateral
    /// (not supplied yet and no <paramref name="newLeg"/> with an LTV, or its collateral flag is off).
    /// </summary>
    public static IReadOnlyList<AaveAccountLeg>? WithSwapped(IReadOnlyList<AaveAccountLeg> legs, string from, string to, BigInteger amountIn, BigInteger amountOut, AaveAccountLeg? newLeg = null)
    {
        ArgumentNullException.ThrowIfNull(legs);
        var list = legs.ToList();
        var source = IndexOf(list, from);
        if (source < 0) throw new ArgumentException($"the account holds no {from}", nameof(from));
        var target = IndexOf(list, to);
        if (target < 0)
        {
            if (newLeg is not { } fresh || fresh.Ltv == 0) return null;
            list.Add(fresh with { Supplied = 0, Borrowed = 0, UsedAsCollateral = true });
            target = list.Count - 1;
        }
        if (!list[target].UsedAsCollateral || list[target].LiquidationThreshold == 0) return null;
        list[source] = list[source] with { Supplied = list[source].Supplied - amountIn };
        list[target] = list[target] with { Supplied = list[target].Supplied + amountOut };
        return list;
    }

    /// <summary>Aave's health factor (WAD) right after withdrawing <paramref name="amount"/> of <paramref name="asset"/>: what the Pool checks before it lets the withdrawal go.</summary>
    public static BigInteger HealthFactorAfterWithdraw(IReadOnlyList<AaveAccountLeg> legs, string asset, BigInteger amount)
    {
        var index = IndexOf(legs, asset);
        if (index < 0) throw new ArgumentException($"the account holds no {asset}", nameof(asset));
        return AaveAccountFormula.Compute(With(legs, index, legs[index] with { Supplied = legs[index].Supplied - amount })).HealthFactorWad;
    }
}
