using ExposureWeb.Data.Accounts;
using ExposureWeb.Data.Entities;
using ExposureWeb.Engine.Stress;
using ExposureWeb.Jobs;
using Hangfire;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Stress;

/// <summary>
/// What a user may do with stress runs and schedules, for the REST API, the page and the hub alike: viewers of a
/// portfolio read its runs and schedules; editors and owners start and cancel runs and edit schedules. A portfolio (or
/// run) the user may not see answers as missing.
/// </summary>
public sealed class StressRunCommands(
    UserPortfolios portfolios,
    StressRunStore store,
    StressScheduleRules rules,
    IOptions<StressOptions> options,
    IBackgroundJobClient jobs,
    StressScheduleSync schedules,
    StressRunCancellation cancellation,
    IStressRunPublisher publisher,
    TimeProvider time)
{
    private const string ReadOnly = "your role in this workspace is viewer: ask an editor or owner to run stress tests or change schedules.";

    public async Task<StressOutcome<StressRunView>> StartAsync(int userId, int portfolioId, StressRunKind kind, string? parametersJson, CancellationToken ct)
    {
        var access = await portfolios.FindAsync(userId, portfolioId, ct);
        if (access is null) return StressOutcome<StressRunView>.Missing();
        if (!access.CanEdit) return StressOutcome<StressRunView>.Forbidden(ReadOnly);
        if (!Enum.IsDefined(kind)) return StressOutcome<StressRunView>.Invalid(new Dictionary<string, string> { ["kind"] = "unknown kind." });
        var (parameters, errors) = StressRunParameters.Parse(kind, parametersJson, options.Value);
        if (parameters is null) return StressOutcome<StressRunView>.Invalid(errors);
        var run = new StressRun
        {
            WorkspaceId = access.Portfolio.WorkspaceId ?? 0,
            PortfolioId = portfolioId,
            Kind = kind,
            ParametersJson = parameters.ToJson(),
            State = StressRunState.Queued,
            RequestedByUserId = userId,
            CreatedAt = time.GetUtcNow(),
            Step = "queued",
        };
        var runId = await store.AddRunAsync(run, ct);
        jobs.Enqueue<StressRunJob>(j => j.RunAsync(runId, CancellationToken.None));
        return StressOutcome<StressRunView>.Ok(StressRunView.Of(run));
    }

    public async Task<StressOutcome<StressRunView>> GetAsync(int userId, long runId, CancellationToken ct)
    {
        var run = await store.GetRunAsync(runId, ct);
        if (run is null || await portfolios.FindAsync(userId, run.PortfolioId, ct) is null) return StressOutcome<StressRunView>.Missing();
        return StressOutcome<StressRunView>.Ok(StressRunView.Of(run));
    }

    /// <summary>The portfolio's recent runs, newest first (results included only with <paramref name="withResults"/>).</summary>
    public async Task<StressOutcome<IReadOnlyList<StressRunView>>> ListAsync(int userId, int portfolioId, bool withResults, CancellationToken ct)
    {
        if (await portfolios.FindAsync(userId, portfolioId, ct) is null) return StressOutcome<IReadOnlyList<StressRunView>>.Missing();
        var runs = await store.ListRunsAsync(portfolioId, StressRunStore.RecentRuns, ct);
        return StressOutcome<IReadOnlyList<StressRunView>>.Ok(runs.Select(r => StressRunView.Of(r, withResults)).ToList());
    }

    /// <summary>Cancels a queued or running run; a finished one is left as it is (and returned).</summary>
    public async Task<StressOutcome<StressRunView>> CancelAsync(int userId, long runId, CancellationToken ct)
    {
        var run = await store.GetRunAsync(runId, ct);
        if (run is null) return StressOutcome<StressRunView>.Missing();
        var access = await portfolios.FindAsync(userId, run.PortfolioId, ct);
        if (access is null) return StressOutcome<StressRunView>.Missing();
        if (!access.CanEdit) return StressOutcome<StressRunView>.Forbidden(ReadOnly);
        if (await store.CancelAsync(runId, time.GetUtcNow(), ct))
        {
            // Stops it at once when it runs here; elsewhere its next progress write finds it cancelled.
            if (!cancellation.Cancel(runId))
            {
                await publisher.PublishAsync(new StressRunProgress(run.Id, run.PortfolioId, run.Kind, StressRunState.Cancelled, run.Progress, "cancelled", run.BlockNumber, null), ct);
            }
        }
        var now = await store.GetRunAsync(runId, ct);
        return StressOutcome<StressRunView>.Ok(StressRunView.Of(now ?? run));
    }

    public async Task<StressOutcome<IReadOnlyList<StressScheduleView>>> ListSchedulesAsync(int userId, int portfolioId, CancellationToken ct)
    {
        if (await portfolios.FindAsync(userId, portfolioId, ct) is null) return StressOutcome<IReadOnlyList<StressScheduleView>>.Missing();
        var now = time.GetUtcNow();
        return StressOutcome<IReadOnlyList<StressScheduleView>>.Ok((await store.ListSchedulesAsync(portfolioId, ct)).Select(s => StressScheduleView.Of(s, now)).ToList());
    }

    public async Task<StressOutcome<StressScheduleView>> CreateScheduleAsync(int userId, int portfolioId, StressScheduleInput input, CancellationToken ct)
    {
        var access = await portfolios.FindAsync(userId, portfolioId, ct);
        if (access is null) return StressOutcome<StressScheduleView>.Missing();
        if (!access.CanEdit) return StressOutcome<StressScheduleView>.Forbidden(ReadOnly);
        var errors = rules.Validate(input);
        if (errors.Count > 0) return StressOutcome<StressScheduleView>.Invalid(errors);
        var now = time.GetUtcNow();
        var schedule = new StressSchedule
        {
            WorkspaceId = access.Portfolio.WorkspaceId ?? 0,
            PortfolioId = portfolioId,
            Name = input.Name!.Trim(),
            Kind = input.Kind,
            ParametersJson = StressRunParameters.Parse(input.Kind, input.ParametersJson, options.Value).Parameters!.ToJson(),
            Cron = input.Cron!.Trim(),
            TimeZone = input.TimeZone!.Trim(),
            Enabled = input.Enabled,
            CreatedByUserId = userId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await store.AddScheduleAsync(schedule, ct);
        schedules.Sync(schedule);
        return StressOutcome<StressScheduleView>.Ok(StressScheduleView.Of(schedule, now));
    }

    public async Task<StressOutcome<StressScheduleView>> UpdateScheduleAsync(int userId, int portfolioId, int scheduleId, StressScheduleInput input, CancellationToken ct)
    {
        var (stored, denied) = await EditableScheduleAsync<StressScheduleView>(userId, portfolioId, scheduleId, ct);
        if (stored is null) return denied!;
        var errors = rules.Validate(input);
        if (errors.Count > 0) return StressOutcome<StressScheduleView>.Invalid(errors);
        var now = time.GetUtcNow();
        stored.Name = input.Name!.Trim();
        stored.Kind = input.Kind;
        stored.ParametersJson = StressRunParameters.Parse(input.Kind, input.ParametersJson, options.Value).Parameters!.ToJson();
        stored.Cron = input.Cron!.Trim();
        stored.TimeZone = input.TimeZone!.Trim();
        stored.Enabled = input.Enabled;
        stored.UpdatedAt = now;
        if (!await store.UpdateScheduleAsync(stored, ct)) return StressOutcome<StressScheduleView>.Missing();
        schedules.Sync(stored);
        return StressOutcome<StressScheduleView>.Ok(StressScheduleView.Of(stored, now));
    }

    public async Task<StressOutcome<bool>> DeleteScheduleAsync(int userId, int portfolioId, int scheduleId, CancellationToken ct)
    {
        var (stored, denied) = await EditableScheduleAsync<bool>(userId, portfolioId, scheduleId, ct);
        if (stored is null) return denied!;
        await store.DeleteScheduleAsync(scheduleId, ct);
        schedules.Remove(scheduleId);
        return StressOutcome<bool>.Ok(true);
    }

    /// <summary>Fires the schedule's recurring Hangfire job now, exactly as its cron would.</summary>
    public async Task<StressOutcome<bool>> TriggerScheduleAsync(int userId, int portfolioId, int scheduleId, CancellationToken ct)
    {
        var (stored, denied) = await EditableScheduleAsync<bool>(userId, portfolioId, scheduleId, ct);
        if (stored is null) return denied!;
        if (!stored.Enabled) return StressOutcome<bool>.Invalid(new Dictionary<string, string> { ["enabled"] = "the schedule is disabled: enable it first." });
        schedules.Sync(stored);
        schedules.Trigger(scheduleId);
        return StressOutcome<bool>.Ok(true);
    }

    private async Task<(StressSchedule? Schedule, StressOutcome<T>? Denied)> EditableScheduleAsync<T>(int userId, int portfolioId, int scheduleId, CancellationToken ct)
    {
        var access = await portfolios.FindAsync(userId, portfolioId, ct);
        var stored = await store.GetScheduleAsync(scheduleId, ct);
        if (access is null || stored is null || stored.PortfolioId != portfolioId) return (null, StressOutcome<T>.Missing());
        if (!access.CanEdit) return (null, StressOutcome<T>.Forbidden(ReadOnly));
        return (stored, null);
    }
}
