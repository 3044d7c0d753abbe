using ExposureWeb.Risk.Governance;

namespace ExposureWeb.Risk.Protocols;

/// <summary>A liquidation price worked out at the protocol's own prices, with the price it is measured from.</summary>
/// <param name="Liquidation">The boundary of one asset's price, every other price fixed.</param>
/// <param name="CurrentPrice">The protocol's price of that asset now, in its base currency (USD on USD markets).</param>
public readonly record struct ProtocolLiquidation(LiquidationPrice Liquidation, double CurrentPrice);

/// <summary>
/// Liquidation prices of an Aave account from the protocol's own figures (its reserves' balances, thresholds and its
/// oracle's prices, as getUserAccountData uses them): the health factor Aave liquidates by crosses 1 when one asset's
/// price moves, the others fixed. Used when our model cannot price the account (one of its assets has no usable price of
/// ours): the distance to liquidation is still the protocol's, so an unpriced asset does not blank it.
/// </summary>
public static class AaveProtocolLiquidation
{
    /// <summary>One boundary per asset the account supplies as collateral or borrows, named by <paramref name="underlyingOf"/>.</summary>
    /// <param name="legs">The account's reserves in the protocol's integers.</param>
    /// <param name="baseCurrencyUnit">The oracle's BASE_CURRENCY_UNIT (1e8 on USD markets).</param>
    /// <param name="underlyingOf">The underlying of a reserve's asset address; null to leave the reserve out.</param>
    public static IReadOnlyList<ProtocolLiquidation> Of(IReadOnlyList<AaveAccountLeg> legs, double baseCurrencyUnit, Func<string, string?> underlyingOf)
    {
        ArgumentNullException.ThrowIfNull(legs);
        ArgumentNullException.ThrowIfNull(underlyingOf);
        if (!(baseCurrencyUnit > 0)) throw new ArgumentOutOfRangeException(nameof(baseCurrencyUnit), baseCurrencyUnit, "the base currency unit must be positive.");
        // Per leg, in base currency: units held as threshold-weighted collateral and as debt, and the price.
        var rows = legs.Select(l =>
        {
            var scale = Math.Pow(10, l.Decimals);
            var collateral = l.UsedAsCollateral && l.LiquidationThreshold != 0 ? (double)l.Supplied / scale * l.LiquidationThreshold / 10_000.0 : 0;
            return (l.Asset, Collateral: collateral, Debt: (double)l.Borrowed / scale, Price: (double)l.Price / baseCurrencyUnit);
        }).ToList();
        if (rows.Sum(r => r.Debt) == 0) return [];

        var result = new List<ProtocolLiquidation>();
        for (int i = 0; i < rows.Count; i++)
        {
            var x = rows[i];
            if ((x.Collateral == 0 && x.Debt == 0) || underlyingOf(x.Asset) is not { } underlying) continue;
            // Health factor ≥ 1 ⇔ a + b·p ≥ c + d·p with p this asset's price.
            double a = 0, c = 0;
            for (int j = 0; j < rows.Count; j++)
            {
                if (j == i) continue;
                a += rows[j].Collateral * rows[j].Price;
                c += rows[j].Debt * rows[j].Price;
            }
            result.Add(new(LiquidationPrice.FromLinear(underlying, a, x.Collateral, c, x.Debt, x.Price), x.Price));
        }
        return result;
    }
}
