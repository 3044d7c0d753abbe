namespace ExposureWeb.Engine.Alerts;

/// <summary>The engine without a web host: alert states and toasts go nowhere (the outbox and the database still have them).</summary>
internal sealed class NullAlertPublisher : IAlertPublisher
{
    public Task PublishAlertStatesAsync(int portfolioId, IReadOnlyList<AlertInstanceView> changed, CancellationToken ct) => Task.CompletedTask;

    public Task PublishToastAsync(AlertToast toast, CancellationToken ct) => Task.CompletedTask;
}
