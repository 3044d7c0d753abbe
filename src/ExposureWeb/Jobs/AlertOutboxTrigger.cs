using ExposureWeb.Data.Alerts;
using Hangfire;

namespace ExposureWeb.Jobs;

/// <summary>Enqueues an outbox run as soon as the engine writes notifications, so a confirmed alert is delivered within seconds.</summary>
public sealed class AlertOutboxTrigger(AlertOutboxSignal signal, IBackgroundJobClient jobs, ILogger<AlertOutboxTrigger> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        signal.Written += OnWritten;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        signal.Written -= OnWritten;
        return Task.CompletedTask;
    }

    private void OnWritten()
    {
        try
        {
            jobs.Enqueue<AlertOutboxJob>(j => j.RunAsync(CancellationToken.None));
        }
        catch (Exception ex)
        {
            // The minutely run delivers it anyway; the engine must not fail because a job could not be queued.
            logger.LogWarning(ex, "Could not enqueue an alert outbox run; the minutely run will deliver");
        }
    }
}
