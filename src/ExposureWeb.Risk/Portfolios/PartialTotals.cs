using ExposureWeb.Risk.Instruments;

namespace ExposureWeb.Risk.Portfolios;

/// <summary>
/// What each of a portfolio's totals leaves out for want of a price, so a figure that excludes something says so instead
/// of passing for the whole. Each list holds the reasons, e.g. <c>ETH unpriced — stale: updated 2 h before the block</c>;
/// an empty list means the figure is whole. Net delta in units is not here: it needs no price (see
/// <see cref="UnderlyingRisk.UnitsPartial"/> for the one case, an unpriced option, where it is partial too).
/// </summary>
/// <param name="Value">Portfolio value: every unpriced position.</param>
/// <param name="UsdDelta">Net USD delta: underlyings held without a usable price, and positions whose delta needs a price.</param>
/// <param name="Greeks">Dollar gamma, vega and theta totals: unpriced positions whose Greeks are not identically zero.</param>
/// <param name="HealthFactor">Lowest health factor: unpriced lending accounts whose protocol gives no health factor of its own.</param>
/// <param name="Liquidation">Nearest liquidation: unpriced lending accounts and perps whose protocol gives no distance of its own.</param>
public sealed record PartialTotals(
    IReadOnlyList<string> Value, IReadOnlyList<string> UsdDelta, IReadOnlyList<string> Greeks, IReadOnlyList<string> HealthFactor, IReadOnlyList<string> Liquidation)
{
    /// <summary>Every total whole.</summary>
    public static readonly PartialTotals None = new([], [], [], [], []);

    /// <summary>True when some total leaves something out.</summary>
    public bool Any => Value.Count + UsdDelta.Count + Greeks.Count + HealthFactor.Count + Liquidation.Count > 0;

    /// <summary>
    /// What <paramref name="risk"/>'s totals leave out. A lending account or perp the protocol itself reports on (Aave's
    /// getUserAccountData: its health factor from its own oracle) is not missing from those figures even when our model
    /// could not price it: <paramref name="healthFromProtocol"/> and <paramref name="liquidationFromProtocol"/> name them by
    /// position id.
    /// </summary>
    public static PartialTotals Of(PortfolioRisk risk, Func<string, bool>? healthFromProtocol = null, Func<string, bool>? liquidationFromProtocol = null)
    {
        ArgumentNullException.ThrowIfNull(risk);
        if (risk.Unpriced.Count == 0 && risk.Underlyings.All(u => u.PriceUsd is not null && u.UnitsPartial is null)) return None;

        var value = new List<string>();
        var greeks = new List<string>();
        var health = new List<string>();
        var liquidation = new List<string>();
        foreach (var u in risk.Unpriced)
        {
            var instrument = u.Position.Instrument;
            foreach (var why in Why(u, risk.Underlyings))
            {
                Add(value, why);
                if (!UnitExposure.IsLinear(instrument)) Add(greeks, why);
                if (instrument is LendingAccount && healthFromProtocol?.Invoke(u.Position.Id) != true) Add(health, why);
                if (instrument is LendingAccount or PerpPosition or CrossMarginAccount && liquidationFromProtocol?.Invoke(u.Position.Id) != true) Add(liquidation, why);
            }
        }
        var usdDelta = new List<string>();
        foreach (var u in risk.Underlyings)
        {
            if (u.PriceUsd is null && (u.Units != 0 || u.UnitsPartial is not null)) Add(usdDelta, Unpriced(u));
            else if (u.UnitsPartial is { } why) Add(usdDelta, why);
        }
        return new PartialTotals(value, usdDelta, greeks, health, liquidation);
    }

    /// <summary><c>ETH unpriced — {the quote's issue}</c>: why an underlying has no usable price.</summary>
    public static string Unpriced(UnderlyingRisk u) => Unpriced(u.Underlying, u.Quote);

    internal static string Unpriced(string underlying, Exposure.PriceQuote? quote) => $"{underlying} unpriced — " + (quote switch
    {
        null => "no price feed",
        { Issue: { } issue } => issue,
        _ => $"price {quote.PriceUsd} is not a positive number",
    });

    /// <summary>Why an unpriced position is unpriced: each of its underlyings without a price, else the model's own reason.</summary>
    internal static IReadOnlyList<string> Why(UnpricedPosition u, IReadOnlyList<UnderlyingRisk> underlyings)
    {
        var missing = UnitExposure.Underlyings(u.Position.Instrument)
            .Select(name => underlyings.FirstOrDefault(r => string.Equals(r.Underlying, name, StringComparison.OrdinalIgnoreCase)))
            .Where(r => r is { PriceUsd: null })
            .Select(r => Unpriced(r!))
            .ToList();
        return missing.Count > 0 ? missing : [$"{u.Position.Instrument.Describe()} unpriced — {u.Reason.TrimEnd('.')}"];
    }

    private static void Add(List<string> reasons, string why)
    {
        if (!reasons.Contains(why, StringComparer.Ordinal)) reasons.Add(why);
    }
}
