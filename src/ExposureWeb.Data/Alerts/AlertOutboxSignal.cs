namespace ExposureWeb.Data.Alerts;

/// <summary>Raised after notifications are written to the outbox (by the engine, or a replay), so they are delivered at once rather than at the next minutely run.</summary>
public sealed class AlertOutboxSignal
{
    /// <summary>Raised on the writer's thread (the engine's loop): keep handlers short (start the delivery, do not run it).</summary>
    public event Action? Written;

    public void Raise() => Written?.Invoke();
}
