using System.Globalization;
using ExposureWeb.Risk.Alerts;
using MudBlazor;

namespace ExposureWeb.Components.Alerts;

/// <summary>How alert states, severities and thresholds look and read on the pages (presentation only; rules are the validator's).</summary>
public static class AlertDisplay
{
    public static Color Color(AlertState state, AlertSeverity? severity) => state switch
    {
        AlertState.Firing or AlertState.Pending or AlertState.Recovering => SeverityColor(severity),
        AlertState.Normal => MudBlazor.Color.Success,
        AlertState.NoData => MudBlazor.Color.Dark,
        _ => MudBlazor.Color.Error,
    };

    public static Color SeverityColor(AlertSeverity? severity) => severity switch
    {
        AlertSeverity.Critical => MudBlazor.Color.Error,
        AlertSeverity.Warning => MudBlazor.Color.Warning,
        AlertSeverity.Info => MudBlazor.Color.Info,
        _ => MudBlazor.Color.Success,
    };

    /// <summary>The snackbar severity of a toast: a resolution (no severity) is good news.</summary>
    public static Severity Snackbar(AlertSeverity? severity) => severity switch
    {
        AlertSeverity.Critical => MudBlazor.Severity.Error,
        AlertSeverity.Warning => MudBlazor.Severity.Warning,
        AlertSeverity.Info => MudBlazor.Severity.Info,
        _ => MudBlazor.Severity.Success,
    };

    public static string Icon(AlertState state) => state switch
    {
        AlertState.Firing => Icons.Material.Filled.NotificationsActive,
        AlertState.Pending => Icons.Material.Filled.HourglassTop,
        AlertState.Recovering => Icons.Material.Filled.TrendingUp,
        AlertState.NoData => Icons.Material.Filled.HelpOutline,
        AlertState.Error => Icons.Material.Filled.ErrorOutline,
        _ => Icons.Material.Filled.CheckCircleOutline,
    };

    public static string StateText(AlertState state, AlertSeverity? severity) => state switch
    {
        AlertState.NoData => "no data",
        AlertState.Firing or AlertState.Pending or AlertState.Recovering when severity is { } s => $"{state.ToString().ToLowerInvariant()} · {s.ToString().ToLowerInvariant()}",
        _ => state.ToString().ToLowerInvariant(),
    };

    /// <summary>"warning below 1.5 (recovers above 1.6)".</summary>
    public static string Threshold(AlertRuleDefinition rule, AlertThreshold t)
    {
        var info = AlertMetrics.Describe(rule.Metric);
        if (info.IsFlag) return $"{t.Severity.ToString().ToLowerInvariant()} when {info.Label.ToLowerInvariant()}";
        var side = rule.Condition switch { AlertCondition.Above => "above", AlertCondition.Below => "below", _ => "outside ±" };
        var back = rule.Condition == AlertCondition.Below ? "above" : "below";
        var recovery = t.Recovery is { } r && r != t.Value ? $" (recovers {back} {Number(r)})" : " (no hysteresis)";
        return $"{t.Severity.ToString().ToLowerInvariant()} {side} {Number(t.Value)}{recovery}";
    }

    public static string Number(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    public static string Unit(AlertMetric metric) => AlertMetrics.Describe(metric).Unit is { Length: > 0 } unit ? unit : "ratio";
}
