using System.Globalization;
using ExposureWeb.Risk.Alerts;

namespace ExposureWeb.Components.Alerts;

/// <summary>
/// What the rule builder's fields hold, as typed. Numbers stay text so a half-typed value reaches the validator as NaN
/// ("must be a number") instead of being silently dropped; <see cref="ToDefinition"/> is the only conversion.
/// </summary>
public sealed class AlertRuleFields
{
    public string Name { get; set; } = "";
    public AlertMetric Metric { get; set; } = AlertMetric.HealthFactor;
    public AlertScope Scope { get; set; } = AlertScope.Portfolio;
    public string? Underlying { get; set; }
    public string? PositionId { get; set; }
    public AlertCondition Condition { get; set; } = AlertCondition.Below;
    public List<ThresholdFields> Thresholds { get; set; } = [];
    public int PendingBlocks { get; set; }
    public int PendingSeconds { get; set; }
    public int KeepFiringBlocks { get; set; }
    public int KeepFiringSeconds { get; set; }
    public NoDataPolicy NoData { get; set; } = NoDataPolicy.NoData;
    public string? Level { get; set; }
    public bool InApp { get; set; } = true;
    public HashSet<int> DestinationIds { get; set; } = [];
    public HashSet<int> MuteTimingIds { get; set; } = [];
    public bool Enabled { get; set; } = true;

    /// <summary>A new health-factor rule: warning at 1.5 with the suggested recovery (hysteresis on).</summary>
    public static AlertRuleFields New()
    {
        var fields = new AlertRuleFields();
        fields.Thresholds.Add(ThresholdFields.Suggested(AlertSeverity.Warning, 1.5, fields.Condition));
        return fields;
    }

    public static AlertRuleFields From(AlertRuleDefinition d) => new()
    {
        Name = d.Name,
        Metric = d.Metric,
        Scope = d.Scope,
        Underlying = d.Underlying,
        PositionId = d.PositionId,
        Condition = d.Condition,
        Thresholds = d.Thresholds.Select(t => new ThresholdFields
        {
            Severity = t.Severity,
            Value = Text(t.Value),
            Recovery = t.Recovery is { } r ? Text(r) : "",
            RecoveryEdited = true,
        }).ToList(),
        PendingBlocks = d.PendingFor.Blocks,
        PendingSeconds = d.PendingFor.Seconds,
        KeepFiringBlocks = d.KeepFiringFor.Blocks,
        KeepFiringSeconds = d.KeepFiringFor.Seconds,
        NoData = d.NoData,
        Level = d.Level is { } level ? Text(level) : null,
        InApp = d.InApp,
        DestinationIds = [.. d.DestinationIds],
        MuteTimingIds = [.. d.MuteTimingIds ?? []],
        Enabled = d.Enabled,
    };

    public AlertRuleDefinition ToDefinition() => new()
    {
        Name = Name,
        Metric = Metric,
        Scope = Scope,
        Underlying = Scope == AlertScope.Underlying ? Underlying : null,
        PositionId = Scope == AlertScope.Position ? PositionId : null,
        Condition = Condition,
        Thresholds = Thresholds.Select(t => new AlertThreshold(t.Severity, Number(t.Value), string.IsNullOrWhiteSpace(t.Recovery) ? null : Number(t.Recovery))).ToList(),
        PendingFor = new AlertDuration(PendingBlocks, PendingSeconds),
        KeepFiringFor = new AlertDuration(KeepFiringBlocks, KeepFiringSeconds),
        NoData = NoData,
        Level = Metric == AlertMetric.HealthFactorTimeToLevel ? (string.IsNullOrWhiteSpace(Level) ? null : Number(Level)) : null,
        InApp = InApp,
        DestinationIds = DestinationIds.Order().ToList(),
        MuteTimingIds = MuteTimingIds.Order().ToList(),
        Enabled = Enabled,
    };

    /// <summary>
    /// After the metric changed: keep the condition if the metric allows it, else take its default; a yes/no metric gets its
    /// single threshold at 0.5.
    /// </summary>
    public void OnMetricChanged()
    {
        var info = AlertMetrics.Describe(Metric);
        if (!info.Conditions.Contains(Condition)) Condition = info.DefaultCondition;
        if (info.IsFlag)
        {
            var severity = Thresholds.Count > 0 ? Thresholds[0].Severity : AlertSeverity.Warning;
            Thresholds = [new ThresholdFields { Severity = severity, Value = Text(AlertMetrics.FlagThreshold), Recovery = "", RecoveryEdited = true }];
        }
        if (Scope == AlertScope.Underlying && !info.PerUnderlying) Scope = AlertScope.Portfolio;
        foreach (var t in Thresholds) t.SuggestRecovery(Condition);
    }

    public static double Number(string? text) =>
        double.TryParse(text?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : double.NaN;

    public static string Text(double value) => value.ToString("0.##########", CultureInfo.InvariantCulture);
}

/// <summary>One threshold's fields. The recovery follows the value (the suggested hysteresis) until the user edits it.</summary>
public sealed class ThresholdFields
{
    public AlertSeverity Severity { get; set; }
    public string Value { get; set; } = "";
    public string Recovery { get; set; } = "";
    public bool RecoveryEdited { get; set; }

    public static ThresholdFields Suggested(AlertSeverity severity, double value, AlertCondition condition)
    {
        var t = new ThresholdFields { Severity = severity, Value = AlertRuleFields.Text(value) };
        t.SuggestRecovery(condition);
        return t;
    }

    /// <summary>Fills the recovery with <see cref="AlertRuleValidator.SuggestRecovery"/> unless the user wrote their own.</summary>
    public void SuggestRecovery(AlertCondition condition)
    {
        if (RecoveryEdited) return;
        var value = AlertRuleFields.Number(Value);
        Recovery = double.IsFinite(value) ? AlertRuleFields.Text(AlertRuleValidator.SuggestRecovery(condition, value)) : "";
    }
}
