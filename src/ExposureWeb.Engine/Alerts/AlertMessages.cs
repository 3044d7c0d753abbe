using System.Globalization;
using ExposureWeb.Risk.Alerts;

namespace ExposureWeb.Engine.Alerts;

/// <summary>The words of a notification: its title, its sentence and the threshold it names (one place for every channel).</summary>
public static class AlertMessages
{
    /// <summary>"Critical: Health factor — aave-v3 0x7099…", "Resolved: Net delta (USD) — ETH", "No data: …".</summary>
    public static string Title(AlertRuleDefinition rule, AlertTransition transition, string series)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(transition);
        var head = transition.Kind switch
        {
            "resolved" => "Resolved",
            "data back" => "Data back",
            "no data" => "No data",
            "error" => "Error",
            _ when transition.To.Severity is { } s => Capitalized(s),
            _ => Capitalized(transition.Kind),
        };
        // The rule's own name: the user chose it to say what the alert is about (the metric is in the text).
        return $"{head}: {rule.Name} — {series}";
    }

    /// <summary>
    /// The threshold the transition is about: that of the severity entered, or for a resolution the recovery value of the
    /// level left (where it stopped firing); null for no data, error and data back.
    /// </summary>
    public static double? Threshold(AlertRuleDefinition rule, AlertTransition transition)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(transition);
        if (transition.To.Severity is { } entered) return rule.Thresholds.FirstOrDefault(t => t.Severity == entered)?.Value;
        if (transition.Kind == "resolved" && transition.From.Severity is { } left)
        {
            var t = rule.Thresholds.FirstOrDefault(t => t.Severity == left);
            return t is null ? null : t.Recovery ?? t.Value;
        }
        return null;
    }

    /// <summary>
    /// "Health factor 1.18 below 1.2 (critical) at block 1,234: firing." / "Health factor 1.65 back past 1.6 at block 1,240:
    /// resolved." / "No data at block 1,250: ETH price unusable …".
    /// </summary>
    public static string Text(AlertRuleDefinition rule, AlertTransition transition, ulong block)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(transition);
        var info = AlertMetrics.Describe(rule.Metric);
        var at = string.Create(CultureInfo.InvariantCulture, $"at block {block:N0}");
        var value = transition.To.Value is { } v && v != double.MaxValue ? AlertMetrics.Format(rule.Metric, v) : null;
        var threshold = Threshold(rule, transition) is { } th ? AlertMetrics.Format(rule.Metric, th) : null;
        var side = rule.Condition switch
        {
            AlertCondition.Above => "above",
            AlertCondition.Below => "below",
            _ => "outside ±",
        };
        return transition.Kind switch
        {
            "no data" or "error" => $"{Capitalized(transition.Kind)} {at}: {transition.To.Detail ?? "no detail"}.",
            "resolved" => $"{info.Label} {value ?? "without a value"}{(threshold is null ? "" : $" back past {threshold}")} {at}: resolved.",
            "data back" => $"{info.Label} {value ?? "without a value"} {at}: data back, normal.",
            _ => $"{info.Label} {value ?? "without a value"}{(threshold is null ? "" : $" {side} {threshold}")}" +
                 $"{(transition.To.Severity is { } s ? $" ({s.ToString().ToLowerInvariant()})" : "")} {at}: {transition.Kind}." +
                 (transition.To.Detail is { } d ? $" {d}" : ""),
        };
    }

    private static string Capitalized(AlertSeverity severity) => severity.ToString();

    private static string Capitalized(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];

    /// <summary><paramref name="text"/> cut to <paramref name="length"/> characters (the column's), ending in "…" when cut.</summary>
    public static string? Truncate(string? text, int length) => text is null || text.Length <= length ? text : text[..(length - 1)] + "…";
}
