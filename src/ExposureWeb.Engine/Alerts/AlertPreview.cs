using ExposureWeb.Engine.Snapshots;
using ExposureWeb.Risk.Alerts;

namespace ExposureWeb.Engine.Alerts;

/// <summary>What a rule would say of one series right now.</summary>
/// <param name="Series">The series and its observation.</param>
/// <param name="State">Firing (threshold crossed now), Normal, NoData or Error — the pending period is not applied.</param>
/// <param name="Severity">The level that would fire; null unless <paramref name="State"/> is Firing.</param>
/// <param name="Summary">In words: "would fire now: warning, value 1.31" or "normal, value 1.82".</param>
public sealed record AlertPreviewRow(AlertSeriesValue Series, AlertState State, AlertSeverity? Severity, string Summary);

/// <summary>
/// The rule builder's live preview: the rule applied to the portfolio's current snapshot, series by series, with the same
/// extraction (<see cref="AlertSeries"/>) and thresholds (<see cref="AlertStateMachine.ActiveLevel"/>) the engine uses.
/// </summary>
public static class AlertPreview
{
    public static IReadOnlyList<AlertPreviewRow> Evaluate(AlertRuleDefinition rule, ExposureSnapshot snapshot)
    {
        var rows = new List<AlertPreviewRow>();
        foreach (var series in AlertSeries.Extract(rule, snapshot))
        {
            rows.Add(series.Observation switch
            {
                AlertObservation.Value v when rule.Metric == AlertMetric.HealthFactorTimeToLevel =>
                    new AlertPreviewRow(series, AlertState.NoData, null, $"health factor {AlertMetrics.Format(AlertMetric.HealthFactor, v.Amount)} now; the time to {rule.Level} needs the trend of the next blocks"),
                AlertObservation.Value v => Judge(rule, series, v.Amount),
                AlertObservation.Missing m => new AlertPreviewRow(series, AlertState.NoData, null, $"no data: {m.Reason}"),
                AlertObservation.Failed f => new AlertPreviewRow(series, AlertState.Error, null, $"error: {f.Error}"),
                _ => throw new InvalidOperationException(),
            });
        }
        return rows;
    }

    private static AlertPreviewRow Judge(AlertRuleDefinition rule, AlertSeriesValue series, double value)
    {
        var shown = AlertMetrics.Format(rule.Metric, value == double.MaxValue ? null : value);
        if (value == double.MaxValue) shown = "∞ (no debt)";
        var level = AlertStateMachine.ActiveLevel(rule, value, held: null);
        return level is { } severity
            ? new AlertPreviewRow(series, AlertState.Firing, severity, $"would fire now: {severity.ToString().ToLowerInvariant()}, value {shown}")
            : new AlertPreviewRow(series, AlertState.Normal, null, $"normal, value {shown}");
    }
}
