using System.Globalization;
using ExposureWeb.Engine.Snapshots;

namespace ExposureWeb.Components.Dashboards;

/// <summary>One headline figure of a portfolio, frozen and live, as the compare view shows it (every text with its unit).</summary>
/// <param name="Key">Stable name for the page and tests, e.g. <c>net-usd-delta</c>, <c>usd-delta-ETH</c>.</param>
/// <param name="Figure">What it is, in words.</param>
/// <param name="Unit">Its unit.</param>
/// <param name="Frozen">The snapshot's value.</param>
/// <param name="Live">The value now; "—" when there is none (no live block, or the figure is gone).</param>
/// <param name="Change">Live minus frozen, signed, in the unit; "—" when either is missing.</param>
/// <param name="Changed">True when what is shown differs (a change below the displayed precision is no change).</param>
public sealed record ComparisonRow(string Key, string Figure, string Unit, string Frozen, string Live, string Change, bool Changed);

/// <summary>The compare view's rows: a frozen portfolio's headline figures against its live state now.</summary>
public static class SnapshotComparison
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    public static IReadOnlyList<ComparisonRow> Rows(ExposureSnapshot frozen, ExposureSnapshot? live)
    {
        var rows = new List<ComparisonRow>
        {
            Usd("value", "Value", frozen.ValueUsd, live?.ValueUsd),
            Usd("net-usd-delta", "Net USD delta", frozen.NetUsdDelta, live?.NetUsdDelta),
            Usd("net-gamma", "$ gamma per 1%", frozen.NetDollarGamma, live?.NetDollarGamma),
            Usd("net-vega", "Vega per vol point", frozen.NetVegaPerVolPoint, live?.NetVegaPerVolPoint),
            Usd("net-theta", "Theta per day", frozen.NetThetaPerDay, live?.NetThetaPerDay),
            Row("min-health", "Lowest health factor", "health factor (ratio)", Finite(frozen.MinHealthFactor), Finite(live?.MinHealthFactor),
                v => v.ToString("0.000", Culture), d => Signed(d, "0.000", "")),
            Row("nearest-liquidation", "Nearest liquidation", "% price move to the trigger", NearestDistance(frozen), live is null ? null : NearestDistance(live),
                v => (v * 100).ToString("0.0", Culture) + "%", d => Signed(d * 100, "0.0", " pts")),
        };
        var underlyings = frozen.Assets.Select(a => a.Underlying).Concat(live?.Assets.Select(a => a.Underlying) ?? []).Distinct(StringComparer.OrdinalIgnoreCase);
        foreach (var u in underlyings.Order(StringComparer.OrdinalIgnoreCase))
        {
            rows.Add(Usd($"usd-delta-{u}", $"{u} USD delta", UsdDelta(frozen, u), live is null ? null : UsdDelta(live, u)));
        }
        return rows;
    }

    private static ComparisonRow Usd(string key, string figure, double? frozen, double? live) =>
        Row(key, figure, "USD", frozen, live, v => Format.Usd(v), d => (d >= 0 ? "+" : "") + Format.Usd(d));

    private static ComparisonRow Row(string key, string figure, string unit, double? frozen, double? live, Func<double, string> show, Func<double, string> change)
    {
        var frozenText = frozen is { } f ? show(f) : "—";
        var liveText = live is { } l ? show(l) : "—";
        var changed = frozenText != liveText;
        var changeText = frozen is { } a && live is { } b ? (changed ? change(b - a) : "no change") : "—";
        return new ComparisonRow(key, figure, unit, frozenText, liveText, changeText, changed);
    }

    private static string Signed(double value, string pattern, string suffix) => (value >= 0 ? "+" : "−") + Math.Abs(value).ToString(pattern, Culture) + suffix;

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    private static double? NearestDistance(ExposureSnapshot snapshot) => snapshot.Liquidations.Select(l => l.Distance).OfType<double>().DefaultIfEmpty(double.NaN).Min() is var d && double.IsNaN(d) ? null : d;

    private static double? UsdDelta(ExposureSnapshot snapshot, string underlying) =>
        snapshot.Assets.FirstOrDefault(a => string.Equals(a.Underlying, underlying, StringComparison.OrdinalIgnoreCase))?.UsdDelta;
}
