namespace ExposureWeb.Risk.Alerts;

/// <summary>Where one alert instance stands after an evaluation.</summary>
/// <param name="State">The state.</param>
/// <param name="Severity">The level of a pending, firing or recovering instance (its most severe crossed threshold); null otherwise.</param>
/// <param name="Value">The last value seen, in the metric's unit; null when there was none.</param>
/// <param name="SinceBlock">Block at which <paramref name="State"/> began.</param>
/// <param name="Since">Block time at which <paramref name="State"/> began (UTC).</param>
/// <param name="Detail">Why there is no value (NoData) or what failed (Error); null otherwise.</param>
public sealed record AlertInstanceState(AlertState State, AlertSeverity? Severity, double? Value, ulong SinceBlock, DateTimeOffset Since, string? Detail = null)
{
    /// <summary>A new instance: normal, with nothing seen yet.</summary>
    public static AlertInstanceState Initial(ulong block, DateTimeOffset time) => new(AlertState.Normal, null, null, block, time);

    /// <summary>Whether the next evaluation can change the state even if the value does not (a period is running).</summary>
    public bool IsTimed => State is AlertState.Pending or AlertState.Recovering;
}

/// <summary>A change of state, as recorded in the history and notified when <see cref="Notify"/> is true.</summary>
/// <param name="From">The state before.</param>
/// <param name="To">The state after.</param>
/// <param name="Notify">
/// True for what someone must hear about: firing, a severity change while firing, resolved, no data, error, and data back.
/// False for the steps in between (normal → pending, pending → normal, firing → recovering, recovering → firing).
/// </param>
public sealed record AlertTransition(AlertInstanceState From, AlertInstanceState To, bool Notify)
{
    /// <summary>A short word for messages: "firing", "resolved", "escalated", "no data" …</summary>
    public string Kind => (From.State, To.State) switch
    {
        (AlertState.Firing, AlertState.Firing) when To.Severity > From.Severity => "escalated",
        (AlertState.Firing, AlertState.Firing) => "de-escalated",
        (AlertState.Firing or AlertState.Recovering, AlertState.Normal) => "resolved",
        (AlertState.NoData or AlertState.Error, AlertState.Normal) => "data back",
        (_, AlertState.Firing) => "firing",
        (_, AlertState.NoData) => "no data",
        (_, AlertState.Error) => "error",
        (_, AlertState.Pending) => "pending",
        (_, AlertState.Recovering) => "recovering",
        _ => "normal",
    };
}
