using Hangfire;

namespace ExposureWeb.Jobs;

/// <summary>Every recurring job, with its stable id, registered once at start (the one place to look for them).</summary>
public sealed class RecurringJobsRegistration(IRecurringJobManager recurring) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        recurring.AddOrUpdate<AlertOutboxJob>(AlertOutboxJob.RecurringId, j => j.RunAsync(CancellationToken.None), Cron.Minutely);
        recurring.AddOrUpdate<AlertRepeatJob>(AlertRepeatJob.RecurringId, j => j.RunAsync(CancellationToken.None), Cron.Minutely);
        recurring.AddOrUpdate<SnapshotCleanupJob>(SnapshotCleanupJob.RecurringId, j => j.RunAsync(CancellationToken.None), Cron.Hourly);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
