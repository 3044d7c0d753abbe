namespace ExposureWeb.Risk.Alerts;

/// <summary>What a metric is measured in and which thresholds make sense for it.</summary>
/// <param name="Metric">The metric.</param>
/// <param name="Label">Its name in the rule builder, e.g. "Health factor".</param>
/// <param name="Unit">Unit of its values and thresholds, e.g. "USD per 1% move"; empty for a ratio.</param>
/// <param name="Conditions">Conditions allowed; the first is the default.</param>
/// <param name="Min">Smallest threshold accepted.</param>
/// <param name="Max">Largest threshold accepted.</param>
/// <param name="IsFlag">True for yes/no metrics (1 when the condition holds): one threshold at 0.5, no recovery to set.</param>
/// <param name="PerUnderlying">True when the metric has one series per underlying (so an underlying scope applies).</param>
public sealed record AlertMetricInfo(
    AlertMetric Metric, string Label, string Unit, IReadOnlyList<AlertCondition> Conditions, double Min, double Max, bool IsFlag, bool PerUnderlying)
{
    /// <summary>The condition the builder proposes.</summary>
    public AlertCondition DefaultCondition => Conditions[0];
}

/// <summary>The catalogue of metrics: one place for units and bounds, used by the validator, the builder and the engine.</summary>
public static class AlertMetrics
{
    /// <summary>USD or units either way; more is a unit mistake (wei for ETH).</summary>
    public const double MaxAbsAmount = 1e15;

    /// <summary>The threshold a flag metric uses: its value is 0 or 1.</summary>
    public const double FlagThreshold = 0.5;

    private static readonly AlertCondition[] Signed = [AlertCondition.OutsideBand, AlertCondition.Above, AlertCondition.Below];
    private static readonly AlertCondition[] BelowOnly = [AlertCondition.Below];
    private static readonly AlertCondition[] AboveOnly = [AlertCondition.Above];

    /// <summary>Every metric, in the builder's order.</summary>
    public static readonly IReadOnlyList<AlertMetricInfo> All =
    [
        new(AlertMetric.HealthFactor, "Health factor", "", BelowOnly, 0.01, 100, false, false),
        new(AlertMetric.LiquidationDistance, "Distance to liquidation", "% of price", BelowOnly, 0.01, 100, false, true),
        new(AlertMetric.HealthFactorTimeToLevel, "Time until health factor reaches a level", "hours", BelowOnly, 0.01, 24 * 365, false, false),
        new(AlertMetric.NetDeltaUnits, "Net delta", "units of the underlying", Signed, -MaxAbsAmount, MaxAbsAmount, false, true),
        new(AlertMetric.NetDeltaUsd, "Net delta (USD)", "USD", Signed, -MaxAbsAmount, MaxAbsAmount, false, true),
        new(AlertMetric.DollarGamma, "Dollar gamma", "USD per 1% move", Signed, -MaxAbsAmount, MaxAbsAmount, false, true),
        new(AlertMetric.Vega, "Vega", "USD per vol point", Signed, -MaxAbsAmount, MaxAbsAmount, false, true),
        new(AlertMetric.Theta, "Theta", "USD per day", Signed, -MaxAbsAmount, MaxAbsAmount, false, true),
        new(AlertMetric.PerpMarginRatio, "Perp margin ratio", "% of size", BelowOnly, 0.01, 1000, false, false),
        new(AlertMetric.OracleStale, "Oracle stale or invalid", "", AboveOnly, FlagThreshold, FlagThreshold, true, true),
        new(AlertMetric.LpOutOfRange, "LP position out of range", "", AboveOnly, FlagThreshold, FlagThreshold, true, false),
        new(AlertMetric.GovernanceAffected, "Governance change affects me", "", AboveOnly, FlagThreshold, FlagThreshold, true, false),
        new(AlertMetric.StrategyBreached, "Strategy breached", "", AboveOnly, FlagThreshold, FlagThreshold, true, false),
    ];

    /// <summary>The unit, bounds and conditions of <paramref name="metric"/>.</summary>
    public static AlertMetricInfo Describe(AlertMetric metric) =>
        All.FirstOrDefault(m => m.Metric == metric) ?? throw new ArgumentOutOfRangeException(nameof(metric), metric, "unknown alert metric");

    /// <summary>A value with its unit, for messages: "1.31", "-12.5 units of the underlying", "4,200 USD".</summary>
    public static string Format(AlertMetric metric, double? value)
    {
        if (value is not { } v) return "no value";
        var info = Describe(metric);
        if (info.IsFlag) return v >= FlagThreshold ? "yes" : "no";
        var number = Math.Abs(v) >= 1000 ? v.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)
            : v.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        return info.Unit.Length == 0 ? number : $"{number} {info.Unit}";
    }
}
