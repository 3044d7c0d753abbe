namespace ExposureWeb.Engine.Alerts;

/// <summary>
/// Raised after the engine wrote notifications to the outbox (<c>AlertNotifications</c>), so the outbox processor
/// delivers at once instead of at its next poll. The rows are committed before it is raised.
/// </summary>
public sealed class AlertOutboxSignal
{
    /// <summary>Raised on the engine's thread: keep handlers short (start the delivery, do not run it).</summary>
    public event Action? Written;

    public void Raise() => Written?.Invoke();
}
