using System.Globalization;
using ExposureWeb.Risk.ManualPositions;

namespace ExposureWeb.Risk.Alerts;

/// <summary>
/// Every rule an alert rule must meet, in one place: the rule builder, the REST API, the JSON import and the store all ask
/// here. Pure: no clock, no I/O (whether destination ids exist in the workspace is the store's question).
/// Messages say what is wrong and what to write instead.
/// </summary>
public static class AlertRuleValidator
{
    /// <summary>Characters of a name; also the database column's length.</summary>
    public const int MaxNameLength = 100;
    /// <summary>One per severity.</summary>
    public const int MaxThresholds = 3;
    /// <summary>Longest pending or keep-firing period in blocks.</summary>
    public const int MaxPendingBlocks = 10_000;
    /// <summary>Longest pending or keep-firing period in seconds (7 days).</summary>
    public const int MaxPendingSeconds = 7 * 24 * 3600;
    /// <summary>Webhook and e-mail destinations per rule.</summary>
    public const int MaxDestinations = 10;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Every error of the rule; empty when it can be saved.</summary>
    public static IReadOnlyList<FieldError> Validate(AlertRuleDefinition rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var errors = new List<FieldError>();
        var name = rule.Name?.Trim() ?? "";
        if (name.Length == 0) errors.Add(new(AlertRuleField.Name, "Name is required: say what the alert is about, e.g. \"Health factor of the main account\"."));
        else if (name.Length > MaxNameLength) errors.Add(new(AlertRuleField.Name, $"Name is {name.Length} characters long; at most {MaxNameLength} are allowed."));

        if (!Enum.IsDefined(rule.Metric))
        {
            errors.Add(new(AlertRuleField.Metric, $"Metric {(int)rule.Metric} is not one of: {string.Join(", ", AlertMetrics.All.Select(m => m.Metric))}."));
            return errors;
        }
        var info = AlertMetrics.Describe(rule.Metric);

        ValidateScope(rule, info, errors);
        if (!info.Conditions.Contains(rule.Condition))
        {
            errors.Add(new(AlertRuleField.Condition,
                $"{info.Label} alerts fire {string.Join(" or ", info.Conditions.Select(Describe))} a threshold, not {Describe(rule.Condition)} it."));
        }
        else
        {
            ValidateThresholds(rule, info, errors);
        }
        ValidateDuration(rule.PendingFor, AlertRuleField.PendingFor, "Pending period", errors);
        ValidateDuration(rule.KeepFiringFor, AlertRuleField.KeepFiringFor, "Keep-firing period", errors);

        if (rule.Metric == AlertMetric.HealthFactorTimeToLevel)
        {
            if (rule.Level is not { } level || !double.IsFinite(level) || level <= 0 || level > 100)
            {
                errors.Add(new(AlertRuleField.Level, "Level is the health factor to project to: a number above 0 and at most 100, e.g. 1.1."));
            }
        }

        var destinations = rule.DestinationIds ?? [];
        if (destinations.Count > MaxDestinations) errors.Add(new(AlertRuleField.Destinations, $"At most {MaxDestinations} destinations per rule."));
        else if (destinations.Distinct().Count() != destinations.Count) errors.Add(new(AlertRuleField.Destinations, "A destination is listed twice."));
        var muteTimings = rule.MuteTimingIds ?? [];
        if (muteTimings.Count > AlertMuteTimingRules.MaxPerRule) errors.Add(new(AlertRuleField.MuteTimings, $"At most {AlertMuteTimingRules.MaxPerRule} mute timings per rule."));
        else if (muteTimings.Distinct().Count() != muteTimings.Count) errors.Add(new(AlertRuleField.MuteTimings, "A mute timing is listed twice."));
        if (!rule.InApp && destinations.Count == 0)
        {
            errors.Add(new(AlertRuleField.Destinations, "The rule notifies no one: keep in-app notifications on or choose a webhook or e-mail destination."));
        }
        return errors;
    }

    /// <summary>Whether <paramref name="value"/> is past <paramref name="threshold"/> on the firing side.</summary>
    public static bool Crosses(AlertCondition condition, double value, double threshold) => condition switch
    {
        AlertCondition.Above => value > threshold,
        AlertCondition.Below => value < threshold,
        _ => Math.Abs(value) > threshold,
    };

    /// <summary>Whether <paramref name="value"/> is past <paramref name="recovery"/> on the good side.</summary>
    public static bool Recovers(AlertCondition condition, double value, double recovery) => condition switch
    {
        AlertCondition.Above => value < recovery,
        AlertCondition.Below => value > recovery,
        _ => Math.Abs(value) < recovery,
    };

    /// <summary>A recovery threshold the builder proposes: 5% of the threshold on the good side (hysteresis on by default).</summary>
    public static double SuggestRecovery(AlertCondition condition, double threshold)
    {
        var step = Math.Abs(threshold) * 0.05;
        if (step == 0) step = 0.01;
        var raw = condition == AlertCondition.Below ? threshold + step : threshold - step;
        if (condition == AlertCondition.OutsideBand) raw = Math.Max(0, raw);
        return Math.Round(raw, 6);
    }

    /// <summary>The condition in words: "above", "below", "outside ±".</summary>
    public static string Describe(AlertCondition condition) => condition switch
    {
        AlertCondition.Above => "above",
        AlertCondition.Below => "below",
        _ => "outside ± (absolute value above)",
    };

    private static void ValidateScope(AlertRuleDefinition rule, AlertMetricInfo info, List<FieldError> errors)
    {
        switch (rule.Scope)
        {
            case AlertScope.Workspace or AlertScope.Portfolio:
                break;
            case AlertScope.Underlying:
                if (string.IsNullOrWhiteSpace(rule.Underlying)) errors.Add(new(AlertRuleField.Underlying, "Choose the underlying to watch (e.g. ETH), or widen the scope to the portfolio."));
                else if (rule.Underlying.Trim().Length > ManualPositionValidator.MaxUnderlyingLength) errors.Add(new(AlertRuleField.Underlying, $"Underlying is at most {ManualPositionValidator.MaxUnderlyingLength} characters (a symbol such as ETH)."));
                else if (!info.PerUnderlying) errors.Add(new(AlertRuleField.Scope, $"{info.Label} is not measured per underlying: scope it to a position, the portfolio or the workspace."));
                break;
            case AlertScope.Position:
                if (string.IsNullOrWhiteSpace(rule.PositionId)) errors.Add(new(AlertRuleField.PositionId, "Choose the position to watch, or widen the scope to the portfolio."));
                else if (rule.PositionId.Length > 200) errors.Add(new(AlertRuleField.PositionId, "Position id is at most 200 characters."));
                break;
            default:
                errors.Add(new(AlertRuleField.Scope, "Scope is one of: Workspace, Portfolio, Underlying, Position."));
                break;
        }
    }

    private static void ValidateThresholds(AlertRuleDefinition rule, AlertMetricInfo info, List<FieldError> errors)
    {
        var thresholds = rule.Thresholds ?? [];
        if (thresholds.Count == 0)
        {
            errors.Add(new(AlertRuleField.Thresholds, "Add at least one threshold."));
            return;
        }
        if (thresholds.Count > MaxThresholds)
        {
            errors.Add(new(AlertRuleField.Thresholds, $"At most {MaxThresholds} thresholds (one per severity)."));
            return;
        }
        if (info.IsFlag && thresholds.Count > 1)
        {
            errors.Add(new(AlertRuleField.Thresholds, $"{info.Label} is yes or no: give it one threshold, with the severity it fires at."));
            return;
        }
        var before = errors.Count;
        for (int i = 0; i < thresholds.Count; i++)
        {
            var t = thresholds[i];
            if (!Enum.IsDefined(t.Severity)) errors.Add(new(AlertRuleField.ThresholdValue(i), "Severity is one of: Info, Warning, Critical."));
            if (info.IsFlag) continue;
            var where = $"{t.Severity} threshold";
            if (!double.IsFinite(t.Value)) { errors.Add(new(AlertRuleField.ThresholdValue(i), $"{where} must be a number."));  continue; }
            if (t.Value < info.Min || t.Value > info.Max)
            {
                errors.Add(new(AlertRuleField.ThresholdValue(i), $"{where} {Show(t.Value)} is out of range: {info.Label} thresholds are from {Show(info.Min)} to {Show(info.Max)}{Unit(info)}."));
                continue;
            }
            if (rule.Condition == AlertCondition.OutsideBand && t.Value <= 0)
            {
                errors.Add(new(AlertRuleField.ThresholdValue(i), $"{where} {Show(t.Value)}: an outside-the-band threshold is a size above zero (it fires when |value| passes it)."));
                continue;
            }
            if (t.Recovery is not { } recovery) continue;
            if (!double.IsFinite(recovery)) { errors.Add(new(AlertRuleField.ThresholdRecovery(i), $"{where}: recovery must be a number, or left empty to recover at the threshold.")); continue; }
            var wrongSide = rule.Condition switch
            {
                AlertCondition.Below => recovery < t.Value,
                AlertCondition.Above => recovery > t.Value,
                _ => recovery > t.Value || recovery < 0,
            };
            if (wrongSide)
            {
                var side = rule.Condition == AlertCondition.Below ? "above" : "below";
                errors.Add(new(AlertRuleField.ThresholdRecovery(i),
                    $"Recovery {Show(recovery)} is on the wrong side of the {t.Severity.ToString().ToLowerInvariant()} threshold {Show(t.Value)}: this alert fires {Describe(rule.Condition)} {Show(t.Value)}, so it must recover {side} it (e.g. {Show(SuggestRecovery(rule.Condition, t.Value))})."));
            }
        }
        if (errors.Count > before) return;

        if (thresholds.Select(t => t.Severity).Distinct().Count() != thresholds.Count)
        {
            errors.Add(new(AlertRuleField.Thresholds, "Each severity can have one threshold only."));
            return;
        }
        if (info.IsFlag) return;
        // A more severe threshold must be further out than a milder one, or the milder one could never fire alone.
        var ordered = thresholds.OrderBy(t => t.Severity).ToList();
        for (int i = 1; i < ordered.Count; i++)
        {
            var milder = ordered[i - 1];
            var worse = ordered[i];
            var further = rule.Condition switch
            {
                AlertCondition.Below => worse.Value < milder.Value,
                _ => worse.Value > milder.Value,
            };
            if (!further)
            {
                var side = rule.Condition == AlertCondition.Below ? "below" : "above";
                errors.Add(new(AlertRuleField.Thresholds,
                    $"The {worse.Severity.ToString().ToLowerInvariant()} threshold ({Show(worse.Value)}) must be {side} the {milder.Severity.ToString().ToLowerInvariant()} one ({Show(milder.Value)}): the more severe level is further out."));
            }
        }
    }

    private static void ValidateDuration(AlertDuration? duration, string field, string label, List<FieldError> errors)
    {
        if (duration is null) { errors.Add(new(field, $"{label} is required (0 blocks for none).")); return; }
        if (duration.Blocks < 0 || duration.Blocks > MaxPendingBlocks) errors.Add(new(field, $"{label} is 0 to {MaxPendingBlocks:N0} blocks, not {duration.Blocks}."));
        if (duration.Seconds < 0 || duration.Seconds > MaxPendingSeconds) errors.Add(new(field, $"{label} is 0 to {MaxPendingSeconds:N0} seconds (7 days), not {duration.Seconds}."));
    }

    private static string Show(double value) => Math.Abs(value) >= 1e6 ? value.ToString("G6", Invariant) : value.ToString("0.######", Invariant);

    private static string Unit(AlertMetricInfo info) => info.Unit.Length == 0 ? "" : " " + info.Unit;
}
