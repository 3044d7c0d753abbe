namespace ExposureWeb.Risk.Alerts;

/// <summary>
/// One evaluation step of an alert instance: Normal → Pending → Firing → Recovering → Normal, plus NoData and Error.
/// Pure and deterministic (block and time come in), so the engine can replay it and a reorg can undo it by restoring the
/// state before the orphaned block.
/// </summary>
/// <remarks>
/// Hysteresis is per threshold: a level stays active until the value passes that threshold's recovery value, so a health
/// factor bouncing around 1.5 with recovery 1.6 keeps firing instead of flapping. A severity change while firing is
/// immediate (no second pending period): the user hears the moment it gets worse.
/// </remarks>
public static class AlertStateMachine
{
    /// <summary>The next state for <paramref name="observation"/> seen at <paramref name="block"/>, and the transition if the state changed.</summary>
    public static (AlertInstanceState Next, AlertTransition? Transition) Step(
        AlertRuleDefinition rule, AlertInstanceState current, AlertObservation observation, ulong block, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(current);
        switch (observation)
        {
            case AlertObservation.Failed failed:
                return Enter(current, current with { State = AlertState.Error, Severity = null, Value = null, Detail = failed.Error }, block, time);
            case AlertObservation.Missing missing:
                switch (rule.NoData)
                {
                    case NoDataPolicy.KeepLastState:
                        return (current, null);
                    case NoDataPolicy.Alerting:
                        var worst = rule.Thresholds.Max(t => t.Severity);
                        return Evaluate(rule, current with { Detail = missing.Reason }, worst, null, block, time, missing.Reason);
                    default:
                        return Enter(current, current with { State = AlertState.NoData, Severity = null, Value = null, Detail = missing.Reason }, block, time);
                }
            case AlertObservation.Value value:
                var held = current.State is AlertState.Pending or AlertState.Firing or AlertState.Recovering ? current.Severity : null;
                var level = ActiveLevel(rule, value.Amount, held);
                return Evaluate(rule, current, level, value.Amount, block, time, null);
            default:
                throw new ArgumentOutOfRangeException(nameof(observation));
        }
    }

    /// <summary>
    /// The most severe level active for <paramref name="value"/>: a threshold crossed now, or one that was active
    /// (<paramref name="held"/> at or above it) and whose recovery value has not been passed.
    /// </summary>
    public static AlertSeverity? ActiveLevel(AlertRuleDefinition rule, double value, AlertSeverity? held)
    {
        // Most severe first, without sorting: the engine calls this for every series of every rule on every block.
        var thresholds = rule.Thresholds;
        for (var severity = AlertSeverity.Critical; severity >= AlertSeverity.Info; severity--)
        {
            for (var i = 0; i < thresholds.Count; i++)
            {
                var t = thresholds[i];
                if (t.Severity != severity) continue;
                if (AlertRuleValidator.Crosses(rule.Condition, value, t.Value)) return t.Severity;
                if (held is { } h && h >= t.Severity && !AlertRuleValidator.Recovers(rule.Condition, value, t.Recovery ?? t.Value)) return t.Severity;
            }
        }
        return null;
    }

    private static (AlertInstanceState, AlertTransition?) Evaluate(
        AlertRuleDefinition rule, AlertInstanceState current, AlertSeverity? level, double? value, ulong block, DateTimeOffset time, string? detail)
    {
        var seen = current with { Value = value, Detail = detail };
        switch (current.State)
        {
            case AlertState.Normal or AlertState.NoData or AlertState.Error:
                if (level is null) return current.State == AlertState.Normal ? (seen, null) : Enter(current, seen with { State = AlertState.Normal, Severity = null }, block, time);
                if (rule.PendingFor.IsNone) return Enter(current, seen with { State = AlertState.Firing, Severity = level }, block, time);
                return Enter(current, seen with { State = AlertState.Pending, Severity = level }, block, time);

            case AlertState.Pending:
                if (level is null) return Enter(current, seen with { State = AlertState.Normal, Severity = null }, block, time);
                if (rule.PendingFor.HasPassed(current.SinceBlock, current.Since, block, time))
                {
                    return Enter(current, seen with { State = AlertState.Firing, Severity = level }, block, time);
                }
                return (seen with { Severity = level }, null);

            case AlertState.Firing:
                if (level is null)
                {
                    var next = rule.KeepFiringFor.IsNone ? AlertState.Normal : AlertState.Recovering;
                    return Enter(current, seen with { State = next, Severity = next == AlertState.Normal ? null : current.Severity }, block, time);
                }
                if (level != current.Severity) return Enter(current, seen with { Severity = level }, block, time);
                return (seen, null);

            case AlertState.Recovering:
                if (level is not null) return Enter(current, seen with { State = AlertState.Firing, Severity = level }, block, time);
                if (rule.KeepFiringFor.HasPassed(current.SinceBlock, current.Since, block, time))
                {
                    return Enter(current, seen with { State = AlertState.Normal, Severity = null }, block, time);
                }
                return (seen, null);

            default:
                throw new ArgumentOutOfRangeException(nameof(current));
        }
    }

    private static (AlertInstanceState, AlertTransition?) Enter(AlertInstanceState from, AlertInstanceState to, ulong block, DateTimeOffset time)
    {
        if (from.State == to.State && from.Severity == to.Severity) return (to with { SinceBlock = from.SinceBlock, Since = from.Since }, null);
        var entered = to with { SinceBlock = block, Since = time };
        return (entered, new AlertTransition(from, entered, ShouldNotify(from, entered)));
    }

    private static bool ShouldNotify(AlertInstanceState from, AlertInstanceState to) => (from.State, to.State) switch
    {
        (AlertState.Normal, AlertState.Pending) or (AlertState.Pending, AlertState.Normal) => false,
        (AlertState.Firing, AlertState.Recovering) => false,
        // Back to firing at the level it had: it never stopped as far as anyone was told.
        (AlertState.Recovering, AlertState.Firing) => to.Severity != from.Severity,
        (AlertState.NoData or AlertState.Error, AlertState.Pending) => false,
        _ => true,
    };
}
