namespace ExposureWeb.Engine.Alerts;

/// <summary>Raised after the engine writes notifications to the outbox, so they are delivered at once rather than at the next minutely run.</summary>
public sealed class AlertOutboxSignal
{
    public event Action? Written;

    public void Raise() => Written?.Invoke();
}
