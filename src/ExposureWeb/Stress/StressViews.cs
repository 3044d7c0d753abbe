using System.Text.Json;
using ExposureWeb.Data.Entities;
using ExposureWeb.Engine.Stress;

namespace ExposureWeb.Stress;

/// <summary>A stress run as the API and the page show it: state, progress, the block it stressed and, once succeeded, its result.</summary>
public sealed record StressRunView(
    long Id, int PortfolioId, StressRunKind Kind, StressRunState State, double Progress, string? Step,
    StressRunParameters Parameters, int Attempt, long? RetryOfRunId, int? ScheduleId, long? BlockNumber, DateTimeOffset? BlockTime,
    string? Error, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, StressRunResult? Result)
{
    public bool IsOpen => State is StressRunState.Queued or StressRunState.Running;

    public static StressRunView Of(StressRun run, bool withResult = true) => new(
        run.Id, run.PortfolioId, run.Kind, run.State, run.Progress, run.Step, ReadParameters(run.ParametersJson), run.Attempt, run.RetryOfRunId, run.ScheduleId,
        run.BlockNumber, run.BlockTime, run.Error, run.CreatedAt, run.StartedAt, run.FinishedAt,
        withResult && run.State == StressRunState.Succeeded && run.ResultJson is { } json ? JsonSerializer.Deserialize<StressRunResult>(json, StressJson.Options) : null);

    /// <summary>The live message applied to a view held by the page.</summary>
    public StressRunView With(StressRunProgress p) => this with
    {
        State = p.State,
        Progress = p.Progress,
        Step = p.Step,
        BlockNumber = p.BlockNumber ?? BlockNumber,
        Error = p.Error ?? Error,
    };

    private static StressRunParameters ReadParameters(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<StressRunParameters>(json, StressJson.Options) ?? new StressRunParameters();
        }
        catch (JsonException)
        {
            return new StressRunParameters();
        }
    }
}

/// <summary>A stress schedule with its next run.</summary>
public sealed record StressScheduleView(
    int Id, int PortfolioId, string Name, StressRunKind Kind, StressRunParameters Parameters, string Cron, string TimeZone, bool Enabled,
    DateTimeOffset? NextRunAt, string RecurringJobId)
{
    public static StressScheduleView Of(StressSchedule s, DateTimeOffset now) => new(
        s.Id, s.PortfolioId, s.Name, s.Kind, JsonSerializer.Deserialize<StressRunParameters>(s.ParametersJson, StressJson.Options) ?? new StressRunParameters(),
        s.Cron, s.TimeZone, s.Enabled, StressScheduleRules.NextRun(s, now), Jobs.StressScheduleJob.RecurringId(s.Id));
}

/// <summary>How a command ended: done (with its value), not found (or not the caller's), not allowed for the caller's role, or invalid input.</summary>
public enum StressAccess
{
    Done,
    Missing,
    Forbidden,
    Invalid,
}

public sealed record StressOutcome<T>(StressAccess Access, T? Value = default, IReadOnlyDictionary<string, string>? Errors = null, string? Message = null)
{
    public static StressOutcome<T> Ok(T value) => new(StressAccess.Done, value);
    public static StressOutcome<T> Missing() => new(StressAccess.Missing);
    public static StressOutcome<T> Forbidden(string message) => new(StressAccess.Forbidden, Message: message);
    public static StressOutcome<T> Invalid(IReadOnlyDictionary<string, string> errors) => new(StressAccess.Invalid, Errors: errors);
}
