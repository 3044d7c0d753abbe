namespace ExposureWeb.Risk.Governance;

/// <summary>
/// What differs between two scans of one market: the "detected change" section of a governance report.
/// </summary>
/// <remarks>
/// <para>Reserves are matched by asset and eMode categories by id (addresses case-insensitively): a reserve only in
/// <c>after</c> is one <see cref="ParameterNames.Listed"/> change with <c>Before</c> null, one only in <c>before</c>
/// the same with <c>After</c> null; a reserve in both gives one change per differing field, in the field order of
/// <see cref="ReserveParameters"/>.</para>
/// <para>Oracle prices are never a change (they move every block); the oracle's source for an asset, the oracle's
/// address and its base currency unit are. A value that is unknown on either side (null: its read failed) is not
/// compared: a failed read is an error of its scan, not a governance change.</para>
/// <para>Perp margin parameters (<see cref="MarketParameters.Perps"/>, GMX v2) come last: the venue's
/// <see cref="ParameterNames.MinCollateralUsd"/> (scope <see cref="ParameterScopes.PerpVenue"/>, unit
/// <see cref="ParameterUnits.Usd30"/>), then per market by address (scope <see cref="ParameterScopes.PerpMarket"/>) its
/// <see cref="ParameterNames.MinCollateralFactor"/> and <see cref="ParameterNames.MaxPositionImpactFactorForLiquidations"/>
/// in <see cref="ParameterUnits.Factor30"/> (GMX's raw integers: 10^28 = 1%), markets added or removed as
/// <see cref="ParameterNames.Listed"/>. A side without perp parameters (GMX not configured, or an older snapshot) is not
/// compared.</para>
/// </remarks>
public static class MarketParameterDiff
{
    /// <summary>The changes from <paramref name="before"/> to <paramref name="after"/>, market first, then reserves in <paramref name="after"/>'s order (removed ones last), then eMode categories by id.</summary>
    public static IReadOnlyList<ParameterChange> Compare(MarketParameters before, MarketParameters after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<ParameterChange>();
        var market = after.Market;
        if (before.Oracle is { } oldOracle && after.Oracle is { } newOracle && !SameAddress(oldOracle, newOracle))
        {
            changes.Add(new(ParameterScopes.Market, market, null, ParameterNames.PriceOracle, oldOracle, newOracle, ParameterUnits.Address));
        }
        if (before.BaseCurrencyUnit is { } oldUnit && after.BaseCurrencyUnit is { } newUnit && oldUnit != newUnit)
        {
            changes.Add(new(ParameterScopes.Market, market, null, ParameterNames.BaseCurrencyUnit, ParameterText.Of(oldUnit), ParameterText.Of(newUnit), ParameterUnits.Count));
        }

        var old = before.Reserves.ToDictionary(r => r.Asset, StringComparer.OrdinalIgnoreCase);
        var current = after.Reserves.Select(r => r.Asset).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var reserve in after.Reserves)
        {
            if (old.TryGetValue(reserve.Asset, out var was)) CompareReserve(was, reserve, changes);
            else changes.Add(Listed(ParameterScopes.Reserve, reserve.Asset, reserve.Label, listedBefore: false));
        }
        foreach (var gone in before.Reserves.Where(r => !current.Contains(r.Asset)))
        {
            changes.Add(Listed(ParameterScopes.Reserve, gone.Asset, gone.Label, listedBefore: true));
        }

        var oldModes = before.EModeCategories.ToDictionary(e => e.Id);
        var newModes = after.EModeCategories.ToDictionary(e => e.Id);
        foreach (var id in oldModes.Keys.Union(newModes.Keys).Order())
        {
            var subject = ParameterText.Of(id);
            switch ((oldModes.GetValueOrDefault(id), newModes.GetValueOrDefault(id)))
            {
                case (null, { } added):
                    changes.Add(Listed(ParameterScopes.EMode, subject, added.Label, listedBefore: false));
                    break;
                case ({ } removed, null):
                    changes.Add(Listed(ParameterScopes.EMode, subject, removed.Label, listedBefore: true));
                    break;
                case ({ } a, { } b):
                    var emode = new Comparer(changes, ParameterScopes.EMode, subject, b.Label);
                    emode.Int(ParameterNames.Ltv, a.Ltv, b.Ltv, ParameterUnits.BasisPoints);
                    emode.Int(ParameterNames.LiquidationThreshold, a.LiquidationThreshold, b.LiquidationThreshold, ParameterUnits.BasisPoints);
                    emode.Int(ParameterNames.LiquidationBonus, a.LiquidationBonus, b.LiquidationBonus, ParameterUnits.BasisPoints);
                    emode.Address(ParameterNames.PriceSource, a.PriceSource, b.PriceSource);
                    emode.Text(ParameterNames.Label, a.Label, b.Label, ParameterUnits.Count);
                    break;
            }
        }
        if (before.Perps is { } oldPerps && after.Perps is { } newPerps) ComparePerps(oldPerps, newPerps, changes);
        return changes;
    }

    private static void ComparePerps(PerpMarginParameters a, PerpMarginParameters b, List<ParameterChange> changes)
    {
        if (a.MinCollateralUsd is { } oldUsd && b.MinCollateralUsd is { } newUsd && oldUsd != newUsd)
        {
            changes.Add(new(ParameterScopes.PerpVenue, b.DataStore, b.Protocol, ParameterNames.MinCollateralUsd, ParameterText.Of(oldUsd), ParameterText.Of(newUsd), ParameterUnits.Usd30));
        }
        var old = a.Markets.ToDictionary(m => m.Market, StringComparer.OrdinalIgnoreCase);
        var current = b.Markets.Select(m => m.Market).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var market in b.Markets)
        {
            if (!old.TryGetValue(market.Market, out var was))
            {
                changes.Add(Listed(ParameterScopes.PerpMarket, market.Market, market.Label, listedBefore: false));
                continue;
            }
            var c = new Comparer(changes, ParameterScopes.PerpMarket, market.Market, market.IndexUnderlying is null ? was.Label : market.Label);
            if (was.MinCollateralFactor is { } f0 && market.MinCollateralFactor is { } f1)
                c.Text(ParameterNames.MinCollateralFactor, ParameterText.Of(f0), ParameterText.Of(f1), ParameterUnits.Factor30);
            if (was.MaxPositionImpactFactorForLiquidations is { } i0 && market.MaxPositionImpactFactorForLiquidations is { } i1)
                c.Text(ParameterNames.MaxPositionImpactFactorForLiquidations, ParameterText.Of(i0), ParameterText.Of(i1), ParameterUnits.Factor30);
        }
        foreach (var gone in a.Markets.Where(m => !current.Contains(m.Market)))
        {
            changes.Add(Listed(ParameterScopes.PerpMarket, gone.Market, gone.Label, listedBefore: true));
        }
    }

    private static void CompareReserve(ReserveParameters a, ReserveParameters b, List<ParameterChange> changes)
    {
        var c = new Comparer(changes, ParameterScopes.Reserve, b.Asset, b.Symbol ?? a.Symbol);
        c.Int(ParameterNames.Ltv, a.Ltv, b.Ltv, ParameterUnits.BasisPoints);
        c.Int(ParameterNames.LiquidationThreshold, a.LiquidationThreshold, b.LiquidationThreshold, ParameterUnits.BasisPoints);
        c.Int(ParameterNames.LiquidationBonus, a.LiquidationBonus, b.LiquidationBonus, ParameterUnits.BasisPoints);
        c.Int(ParameterNames.Decimals, a.Decimals, b.Decimals, ParameterUnits.Count);
        c.Flag(ParameterNames.Active, a.Active, b.Active);
        c.Flag(ParameterNames.Frozen, a.Frozen, b.Frozen);
        c.Flag(ParameterNames.Paused, a.Paused, b.Paused);
        c.Flag(ParameterNames.BorrowingEnabled, a.BorrowingEnabled, b.BorrowingEnabled);
        c.Int(ParameterNames.ReserveFactor, a.ReserveFactor, b.ReserveFactor, ParameterUnits.BasisPoints);
        c.Int(ParameterNames.SupplyCap, a.SupplyCap, b.SupplyCap, ParameterUnits.Tokens);
        c.Int(ParameterNames.BorrowCap, a.BorrowCap, b.BorrowCap, ParameterUnits.Tokens);
        c.Int(ParameterNames.DebtCeiling, a.DebtCeiling, b.DebtCeiling, ParameterUnits.Usd2);
        c.Int(ParameterNames.LiquidationProtocolFee, a.LiquidationProtocolFee, b.LiquidationProtocolFee, ParameterUnits.BasisPoints);
        c.Int(ParameterNames.EModeCategory, a.EModeCategory, b.EModeCategory, ParameterUnits.Count);
        c.Address(ParameterNames.InterestRateStrategy, a.InterestRateStrategy, b.InterestRateStrategy);
        if (a.RateStrategy is { } ra && b.RateStrategy is { } rb)
        {
            c.Text(ParameterNames.OptimalUsageRatio, ParameterText.Of(ra.OptimalUsageRatio), ParameterText.Of(rb.OptimalUsageRatio), ParameterUnits.Ray);
            c.Text(ParameterNames.BaseVariableBorrowRate, ParameterText.Of(ra.BaseVariableBorrowRate), ParameterText.Of(rb.BaseVariableBorrowRate), ParameterUnits.Ray);
            c.Text(ParameterNames.VariableRateSlope1, ParameterText.Of(ra.VariableRateSlope1), ParameterText.Of(rb.VariableRateSlope1), ParameterUnits.Ray);
            c.Text(ParameterNames.VariableRateSlope2, ParameterText.Of(ra.VariableRateSlope2), ParameterText.Of(rb.VariableRateSlope2), ParameterUnits.Ray);
        }
        if (a.OracleSource is { } sa && b.OracleSource is { } sb && !SameAddress(sa, sb))
        {
            changes.Add(new(ParameterScopes.Oracle, b.Asset, b.Symbol ?? a.Symbol, ParameterNames.OracleSource, sa, sb, ParameterUnits.Address));
        }
    }

    private static ParameterChange Listed(string scope, string subject, string? label, bool listedBefore) =>
        new(scope, subject, label, ParameterNames.Listed, listedBefore ? ParameterText.Of(true) : null, listedBefore ? null : ParameterText.Of(true), ParameterUnits.Flag);

    private static bool SameAddress(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>Adds a change for each differing field of one subject.</summary>
    private readonly struct Comparer(List<ParameterChange> changes, string scope, string subject, string? label)
    {
        public void Int(string name, long before, long after, string unit)
        {
            if (before != after) changes.Add(new(scope, subject, label, name, ParameterText.Of(before), ParameterText.Of(after), unit));
        }

        public void Flag(string name, bool before, bool after)
        {
            if (before != after) changes.Add(new(scope, subject, label, name, ParameterText.Of(before), ParameterText.Of(after), ParameterUnits.Flag));
        }

        public void Address(string name, string before, string after)
        {
            if (!SameAddress(before, after)) changes.Add(new(scope, subject, label, name, before, after, ParameterUnits.Address));
        }

        public void Text(string name, string before, string after, string unit)
        {
            if (before != after) changes.Add(new(scope, subject, label, name, before, after, unit));
        }
    }
}
