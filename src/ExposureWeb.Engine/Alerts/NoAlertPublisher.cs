namespace ExposureWeb.Engine.Alerts;

/// <summary>The engine's default outlet for alert states and toasts when no host supplies one (the CLI, tests): drops them.</summary>
internal sealed class NoAlertPublisher : IAlertPublisher
{
    public Task PublishAlertStatesAsync(int portfolioId, IReadOnlyList<AlertInstanceView> changed, CancellationToken ct) => Task.CompletedTask;

    public Task PublishToastAsync(AlertToast toast, CancellationToken ct) => Task.CompletedTask;
}
