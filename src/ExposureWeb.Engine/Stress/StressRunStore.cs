using ExposureWeb.Data;
using ExposureWeb.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace ExposureWeb.Engine.Stress;

/// <summary>
/// Stress runs and schedules in EF. Every change of a run's state is one conditional UPDATE on its current state, so two
/// writers never both win: a run cancelled while it runs cannot be written as succeeded afterwards, and its runner learns
/// of the cancel from its next progress write (0 rows), in this process or another.
/// </summary>
public sealed class StressRunStore(IDbContextFactory<ExposureDbContext> factory)
{
    /// <summary>How many runs a portfolio's list shows.</summary>
    public const int RecentRuns = 50;

    private static readonly StressRunState[] Open = [StressRunState.Queued, StressRunState.Running];

    public async Task<long> AddRunAsync(StressRun run, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        db.StressRuns.Add(run);
        await db.SaveChangesAsync(ct);
        return run.Id;
    }

    public async Task<StressRun?> GetRunAsync(long runId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.StressRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, ct);
    }

    /// <summary>The portfolio's most recent runs, newest first.</summary>
    public async Task<IReadOnlyList<StressRun>> ListRunsAsync(int portfolioId, int take, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        // SQLite orders by the stored ticks; the id breaks ties of runs created in the same tick.
        return await db.StressRuns.AsNoTracking().Where(r => r.PortfolioId == portfolioId)
            .OrderByDescending(r => r.Id).Take(take).ToListAsync(ct);
    }

    /// <summary>Queued → Running (once: a job run twice finds it no longer queued); the row as claimed, or null.</summary>
    public async Task<StressRun?> ClaimAsync(long runId, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        int claimed = await db.StressRuns.Where(r => r.Id == runId && r.State == StressRunState.Queued)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.State, StressRunState.Running)
                .SetProperty(r => r.StartedAt, now)
                .SetProperty(r => r.Progress, 0.0)
                .SetProperty(r => r.Step, "starting"), ct);
        return claimed == 1 ? await db.StressRuns.AsNoTracking().FirstAsync(r => r.Id == runId, ct) : null;
    }

    /// <summary>Writes a running run's progress (and the block once known); false when it is no longer running (cancelled).</summary>
    public async Task<bool> ProgressAsync(long runId, double progress, string step, long? block, DateTimeOffset? blockTime, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var query = db.StressRuns.Where(r => r.Id == runId && r.State == StressRunState.Running);
        int rows = block is { } b
            ? await query.ExecuteUpdateAsync(s => s.SetProperty(r => r.Progress, progress).SetProperty(r => r.Step, Clip(step, 200))
                .SetProperty(r => r.BlockNumber, b).SetProperty(r => r.BlockTime, blockTime), ct)
            : await query.ExecuteUpdateAsync(s => s.SetProperty(r => r.Progress, progress).SetProperty(r => r.Step, Clip(step, 200)), ct);
        return rows == 1;
    }

    /// <summary>The result and Succeeded in one UPDATE, only if the run is still running: never half-saved.</summary>
    public async Task<bool> SucceedAsync(long runId, string resultJson, long block, DateTimeOffset blockTime, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.StressRuns.Where(r => r.Id == runId && r.State == StressRunState.Running)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.State, StressRunState.Succeeded)
                .SetProperty(r => r.ResultJson, resultJson)
                .SetProperty(r => r.Progress, 1.0)
                .SetProperty(r => r.Step, "done")
                .SetProperty(r => r.BlockNumber, block)
                .SetProperty(r => r.BlockTime, blockTime)
                .SetProperty(r => r.FinishedAt, now), ct) == 1;
    }

    /// <summary>Failed with the reason, if it is still open.</summary>
    public async Task<bool> FailAsync(long runId, string error, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.StressRuns.Where(r => r.Id == runId && Open.Contains(r.State))
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.State, StressRunState.Failed)
                .SetProperty(r => r.Error, Clip(error, 2000))
                .SetProperty(r => r.FinishedAt, now), ct) == 1;
    }

    /// <summary>Cancelled, if it is still open; false when it had already finished.</summary>
    public async Task<bool> CancelAsync(long runId, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.StressRuns.Where(r => r.Id == runId && Open.Contains(r.State))
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.State, StressRunState.Cancelled)
                .SetProperty(r => r.Step, "cancelled")
                .SetProperty(r => r.FinishedAt, now), ct) == 1;
    }

    /// <summary>Ids of runs still queued (in-memory job storage forgets them on restart: they are enqueued again).</summary>
    public async Task<IReadOnlyList<long>> QueuedAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.StressRuns.AsNoTracking().Where(r => r.State == StressRunState.Queued).OrderBy(r => r.Id).Select(r => r.Id).ToListAsync(ct);
    }

    /// <summary>
    /// At start: every run left Running was cut off by the stop. It is marked Interrupted (nothing of its result was
    /// saved) and, on its first attempt, queued again once as a new row (attempt 2); an interrupted second attempt is
    /// Failed ("interrupted twice") and never run again.
    /// </summary>
    /// <returns>The ids of the new runs to enqueue.</returns>
    public async Task<IReadOnlyList<long>> RecoverInterruptedAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var running = await db.StressRuns.Where(r => r.State == StressRunState.Running).ToListAsync(ct);
        var retries = new List<StressRun>();
        foreach (var run in running)
        {
            run.FinishedAt = now;
            if (run.Attempt >= 2)
            {
                run.State = StressRunState.Failed;
                run.Error = "interrupted twice: the app stopped while this run ran, on its first attempt and on its re-run; it is not run again.";
                continue;
            }
            run.State = StressRunState.Interrupted;
            run.Error = "the app stopped while this run ran; nothing of it was saved; it was queued again once.";
            retries.Add(new StressRun
            {
                WorkspaceId = run.WorkspaceId,
                PortfolioId = run.PortfolioId,
                Kind = run.Kind,
                ParametersJson = run.ParametersJson,
                State = StressRunState.Queued,
                ScheduleId = run.ScheduleId,
                RequestedByUserId = run.RequestedByUserId,
                Attempt = run.Attempt + 1,
                RetryOfRunId = run.Id,
                CreatedAt = now,
                Step = $"re-run of interrupted run {run.Id}",
            });
        }
        db.StressRuns.AddRange(retries);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return retries.Select(r => r.Id).ToList();
    }

    public async Task<IReadOnlyList<StressSchedule>> ListSchedulesAsync(int? portfolioId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var query = db.StressSchedules.AsNoTracking();
        if (portfolioId is { } id) query = query.Where(s => s.PortfolioId == id);
        return await query.OrderBy(s => s.Id).ToListAsync(ct);
    }

    public async Task<StressSchedule?> GetScheduleAsync(int scheduleId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.StressSchedules.AsNoTracking().FirstOrDefaultAsync(s => s.Id == scheduleId, ct);
    }

    public async Task<int> AddScheduleAsync(StressSchedule schedule, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        db.StressSchedules.Add(schedule);
        await db.SaveChangesAsync(ct);
        return schedule.Id;
    }

    /// <summary>Replaces the editable fields; false when it no longer exists.</summary>
    public async Task<bool> UpdateScheduleAsync(StressSchedule schedule, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var stored = await db.StressSchedules.FirstOrDefaultAsync(s => s.Id == schedule.Id, ct);
        if (stored is null) return false;
        stored.Name = schedule.Name;
        stored.Kind = schedule.Kind;
        stored.ParametersJson = schedule.ParametersJson;
        stored.Cron = schedule.Cron;
        stored.TimeZone = schedule.TimeZone;
        stored.Enabled = schedule.Enabled;
        stored.UpdatedAt = schedule.UpdatedAt;
        await db.SaveChangesAsync(ct);
        return true;
    }

    public async Task<bool> DeleteScheduleAsync(int scheduleId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.StressSchedules.Where(s => s.Id == scheduleId).ExecuteDeleteAsync(ct) == 1;
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
