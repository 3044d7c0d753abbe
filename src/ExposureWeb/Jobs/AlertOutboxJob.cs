using ExposureWeb.Engine.Alerts.Outbox;
using Hangfire;

namespace ExposureWeb.Jobs;

/// <summary>
/// Hangfire's entry to the alert outbox: delivers what is due, then schedules itself for the next retry when that comes
/// before the minutely recurring run (backoff starts at seconds). Idempotent: the processor claims rows, so a run that
/// overlaps another, or runs twice, sends nothing twice.
/// </summary>
public sealed class AlertOutboxJob(AlertOutboxProcessor processor, IBackgroundJobClient jobs, AlertOutboxSchedule schedule, TimeProvider time)
{
    /// <summary>The recurring job's stable id.</summary>
    public const string RecurringId = "alerts-outbox";

    // The processor retries each notification with its own backoff; a Hangfire retry on top would only add noise.
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken ct)
    {
        schedule.Starting(time.GetUtcNow());
        var next = await processor.DeliverDueAsync(ct);
        if (next is { } due && schedule.Claim(due, time.GetUtcNow()))
        {
            var delay = due - time.GetUtcNow();
            jobs.Schedule<AlertOutboxJob>(j => j.RunAsync(CancellationToken.None), delay < TimeSpan.Zero ? TimeSpan.Zero : delay);
        }
    }
}

/// <summary>
/// The earliest follow-up run already scheduled, so runs do not each schedule another (one follow-up at a time, the
/// minutely run catches anything else).
/// </summary>
public sealed class AlertOutboxSchedule
{
    private readonly Lock _lock = new();
    private DateTimeOffset? _scheduledFor;

    /// <summary>The recurring run covers anything due after this.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromSeconds(60);

    /// <summary>A run starts: a follow-up due by now is the one running.</summary>
    public void Starting(DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_scheduledFor is { } at && at <= now) _scheduledFor = null;
        }
    }

    /// <summary>True when a run at <paramref name="due"/> should be scheduled: within the horizon and before any scheduled one.</summary>
    public bool Claim(DateTimeOffset due, DateTimeOffset now)
    {
        if (due - now > Horizon) return false;
        lock (_lock)
        {
            if (_scheduledFor is { } at && at <= due) return false;
            _scheduledFor = due;
            return true;
        }
    }
}
