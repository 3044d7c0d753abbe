using ExposureWeb.Data.Entities;
using ExposureWeb.Engine.Stress;
using Hangfire;

namespace ExposureWeb.Jobs;

/// <summary>
/// Hangfire's entry to one stress run. Idempotent: the service claims the row (Queued → Running) first, so a job run
/// twice does the work once. Not retried by Hangfire: a failure is written to the row in words; a run cut off by a stop
/// is re-run once at the next start (<see cref="StressStartup"/>).
/// </summary>
public sealed class StressRunJob(StressRunService service)
{
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Stress run {0}")]
    public Task RunAsync(long runId, CancellationToken ct) => service.RunAsync(runId, ct);
}

/// <summary>Hangfire's entry to a stress schedule: writes a run row for it and runs it.</summary>
public sealed class StressScheduleJob(StressRunStore store, StressRunService service, TimeProvider time, ILogger<StressScheduleJob> logger)
{
    /// <summary>The recurring job's stable id for a schedule.</summary>
    public static string RecurringId(int scheduleId) => $"stress-schedule-{scheduleId}";

    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Stress schedule {0}")]
    public async Task RunAsync(int scheduleId, CancellationToken ct)
    {
        var schedule = await store.GetScheduleAsync(scheduleId, ct);
        if (schedule is null || !schedule.Enabled)
        {
            logger.LogInformation("Stress schedule {ScheduleId} is gone or disabled: nothing run", scheduleId);
            return;
        }
        var runId = await store.AddRunAsync(new StressRun
        {
            WorkspaceId = schedule.WorkspaceId,
            PortfolioId = schedule.PortfolioId,
            Kind = schedule.Kind,
            ParametersJson = schedule.ParametersJson,
            State = StressRunState.Queued,
            ScheduleId = schedule.Id,
            CreatedAt = time.GetUtcNow(),
            Step = $"scheduled by \"{schedule.Name}\"",
        }, ct);
        await service.RunAsync(runId, ct);
    }
}

/// <summary>Keeps one Hangfire recurring job per enabled schedule (<c>stress-schedule-{id}</c>), in the schedule's time zone.</summary>
public sealed class StressScheduleSync(IRecurringJobManager recurring)
{
    public void Sync(StressSchedule schedule)
    {
        var id = StressScheduleJob.RecurringId(schedule.Id);
        if (!schedule.Enabled || !TimeZoneInfo.TryFindSystemTimeZoneById(schedule.TimeZone, out var zone))
        {
            recurring.RemoveIfExists(id);
            return;
        }
        var scheduleId = schedule.Id;
        recurring.AddOrUpdate<StressScheduleJob>(id, j => j.RunAsync(scheduleId, CancellationToken.None), schedule.Cron, new RecurringJobOptions { TimeZone = zone });
    }

    public void Remove(int scheduleId) => recurring.RemoveIfExists(StressScheduleJob.RecurringId(scheduleId));

    /// <summary>Fires the schedule's recurring job now (as its cron would).</summary>
    public void Trigger(int scheduleId) => recurring.Trigger(StressScheduleJob.RecurringId(scheduleId));
}

/// <summary>
/// At start: runs left Running by the last stop are marked Interrupted and re-run once (or Failed, on their second
/// attempt); runs still queued are enqueued again (in-memory job storage does not survive a restart); every schedule is
/// registered as its recurring job.
/// </summary>
public sealed class StressStartup(StressRunStore store, IBackgroundJobClient jobs, StressScheduleSync schedules, TimeProvider time, ILogger<StressStartup> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var retried = await store.RecoverInterruptedAsync(time.GetUtcNow(), cancellationToken);
        if (retried.Count > 0) logger.LogWarning("Stress runs: {Count} interrupted run(s) queued again: {Ids}", retried.Count, string.Join(", ", retried));
        foreach (var runId in await store.QueuedAsync(cancellationToken))
        {
            jobs.Enqueue<StressRunJob>(j => j.RunAsync(runId, CancellationToken.None));
        }
        foreach (var schedule in await store.ListSchedulesAsync(null, cancellationToken)) schedules.Sync(schedule);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
