using System.Text.Json;
using ExposureWeb.Auth;
using ExposureWeb.Data.Entities;
using ExposureWeb.Engine.Stress;
using ExposureWeb.Jobs;
using ExposureWeb.Stress;

namespace ExposureWeb.Api;

/// <summary>Body of <c>POST /api/portfolios/{id}/stress-runs</c>.</summary>
/// <param name="Kind">Grid, Historical, Correlated, MonteCarlo or Cascade (a liquidation cascade: the driver shocked, the portfolio's own
/// Aave accounts liquidated, seized collateral sold into a Uniswap v3 pool whose price the oracle follows, round after round).</param>
/// <param name="Parameters">The kind's parameters (paths, confidence, horizonDays, seed, driver, driverMove, volMove, correlation, presets;
/// cascade: driver, driverMove, quote, feeTier, maxRounds, extraSoldPerRound); all optional.</param>
public sealed record StartStressRunRequest(string? Kind, JsonElement? Parameters);

/// <summary>Answer of a started run: its id, where to poll it, and the run as queued.</summary>
public sealed record StressRunStarted(long RunId, string Location, StressRunView Run);

/// <summary>Body of a schedule create or update.</summary>
public sealed record StressScheduleRequest(string? Name, string? Kind, JsonElement? Parameters, string? Cron, string? TimeZone, bool? Enabled);

/// <summary>
/// Stress runs over REST: start (202 with the run id, the work goes to Hangfire), poll, cancel, list; schedules CRUD.
/// Viewers of a portfolio read; editors and owners start, cancel and edit; anything not the caller's is 404. Bad input
/// is a 400 with errors per field, nothing saved.
/// </summary>
public static class StressApi
{
    public static WebApplicationBuilder AddStressApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IStressRunPublisher, HubStressRunPublisher>();
        builder.Services.AddSingleton<StressRunCommands>();
        builder.Services.AddSingleton<StressScheduleSync>();
        builder.Services.AddSingleton<StressRunJob>();
        builder.Services.AddSingleton<StressScheduleJob>();
        builder.Services.AddHostedService<StressStartup>();
        return builder;
    }

    public static IEndpointRouteBuilder MapStressApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization().WithTags("Stress runs");

        api.MapPost("/portfolios/{id:int}/stress-runs", async (int id, StartStressRunRequest body, HttpContext http, StressRunCommands commands) =>
        {
            if (http.User.UserId() is not { } userId) return Results.Forbid();
            if (!TryKind(body.Kind, out var kind)) return KindProblem(body.Kind);
            var outcome = await commands.StartAsync(userId, id, kind, Json(body.Parameters), http.RequestAborted);
            return Answer(outcome, run => Results.Json(new StressRunStarted(run.Id, $"/api/stress-runs/{run.Id}", run), StressJson.Options, statusCode: StatusCodes.Status202Accepted));
        }).WithName("StartStressRun").WithSummary("Queues a stress run of the portfolio (Grid, Historical, Correlated, MonteCarlo, Cascade) at its latest block; poll GET /api/stress-runs/{runId}")
            .Accepts<StartStressRunRequest>("application/json").Produces<StressRunStarted>(202).ProducesValidationProblem().ProducesProblem(403).Produces(404);

        api.MapGet("/portfolios/{id:int}/stress-runs", async (int id, bool? results, HttpContext http, StressRunCommands commands) =>
        {
            if (http.User.UserId() is not { } userId) return Results.Forbid();
            return Answer(await commands.ListAsync(userId, id, results ?? false, http.RequestAborted), runs => Results.Json(runs, StressJson.Options));
        }).WithName("ListStressRuns").WithSummary("The portfolio's recent stress runs, newest first (?results=true includes each result)")
            .Produces<IReadOnlyList<StressRunView>>().Produces(404);

        api.MapGet("/stress-runs/{runId:long}", async (long runId, HttpContext http, StressRunCommands commands) =>
        {
            if (http.User.UserId() is not { } userId) return Results.Forbid();
            return Answer(await commands.GetAsync(userId, runId, http.RequestAborted), run => Results.Json(run, StressJson.Options));
        }).WithName("GetStressRun").WithSummary("A stress run: state, progress, current step, the block it stressed and, once succeeded, its result")
            .Produces<StressRunView>().Produces(404);

        api.MapPost("/stress-runs/{runId:long}/cancel", async (long runId, HttpContext http, StressRunCommands commands) =>
        {
            if (http.User.UserId() is not { } userId) return Results.Forbid();
            return Answer(await commands.CancelAsync(userId, runId, http.RequestAborted), run => Results.Json(run, StressJson.Options));
        }).WithName("CancelStressRun").WithSummary("Cancels a queued or running stress run (a finished one is returned unchanged)")
            .Produces<StressRunView>().ProducesProblem(403).Produces(404);

        api.MapGet("/portfolios/{id:int}/stress-schedules", async (int id, HttpContext http, StressRunCommands commands) =>
        {
            if (http.User.UserId() is not { } userId) return Results.Forbid();
            return Answer(await commands.ListSchedulesAsync(userId, id, http.RequestAborted), s => Results.Json(s, StressJson.Options));
        }).WithName("ListStressSchedules").WithSummary("The portfolio's stress schedules with their next run")
            .Produces<IReadOnlyList<StressScheduleView>>().Produces(404);

        api.MapPost("/portfolios/{id:int}/stress-schedules", async (int id, StressScheduleRequest body, HttpContext http, StressRunCommands commands) =>
        {
            if (http.User.UserId() is not { } userId) return Results.Forbid();
            if (!TryKind(body.Kind, out var kind)) return KindProblem(body.Kind);
            var outcome = await commands.CreateScheduleAsync(userId, id, Input(body, kind), http.RequestAborted);
            return Answer(outcome, s => Results.Json(s, StressJson.Options, statusCode: StatusCodes.Status201Created));
        }).WithName("CreateStressSchedule").WithSummary("Adds a recurring stress run (five-field cron in an IANA time zone); a cron that never fires is refused")
            .Accepts<StressScheduleRequest>("application/json").Produces<StressScheduleView>(201).ProducesValidationProblem().ProducesProblem(403).Produces(404);

        api.MapPut("/portfolios/{id:int}/stress-schedules/{scheduleId:int}", async (int id, int scheduleId, StressScheduleRequest body, HttpContext http, StressRunCommands commands) =>
        {
            if (http.User.UserId() is not { } userId) return Results.Forbid();
            if (!TryKind(body.Kind, out var kind)) return KindProblem(body.Kind);
            return Answer(await commands.UpdateScheduleAsync(userId, id, scheduleId, Input(body, kind), http.RequestAborted), s => Results.Json(s, StressJson.Options));
        }).WithName("UpdateStressSchedule").WithSummary("Replaces a stress schedule")
            .Accepts<StressScheduleRequest>("application/json").Produces<StressScheduleView>().ProducesValidationProblem().ProducesProblem(403).Produces(404);

        api.MapDelete("/portfolios/{id:int}/stress-schedules/{scheduleId:int}", async (int id, int scheduleId, HttpContext http, StressRunCommands commands) =>
        {
            if (http.User.UserId() is not { } userId) return Results.Forbid();
            return Answer(await commands.DeleteScheduleAsync(userId, id, scheduleId, http.RequestAborted), _ => Results.NoContent());
        }).WithName("DeleteStressSchedule").WithSummary("Deletes a stress schedule and its recurring job (its past runs stay)")
            .Produces(204).ProducesProblem(403).Produces(404);

        api.MapPost("/portfolios/{id:int}/stress-schedules/{scheduleId:int}/trigger", async (int id, int scheduleId, HttpContext http, StressRunCommands commands) =>
        {
            if (http.User.UserId() is not { } userId) return Results.Forbid();
            return Answer(await commands.TriggerScheduleAsync(userId, id, scheduleId, http.RequestAborted), _ => Results.Accepted($"/api/portfolios/{id}/stress-runs"));
        }).WithName("TriggerStressSchedule").WithSummary("Fires the schedule's recurring job now, as its cron would; the run appears in the portfolio's list")
            .Produces(202).ProducesValidationProblem().ProducesProblem(403).Produces(404);

        return app;
    }

    private static StressScheduleInput Input(StressScheduleRequest body, StressRunKind kind) =>
        new(body.Name, kind, Json(body.Parameters), body.Cron, body.TimeZone, body.Enabled ?? true);

    private static string? Json(JsonElement? parameters) =>
        parameters is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } p ? p.GetRawText() : null;

    private static bool TryKind(string? text, out StressRunKind kind) =>
        Enum.TryParse(text?.Trim(), ignoreCase: true, out kind) && Enum.IsDefined(kind) && !int.TryParse(text, out _);

    private static IResult KindProblem(string? kind) => Results.ValidationProblem(
        new Dictionary<string, string[]> { ["kind"] = [$"unknown kind \"{kind}\"; use one of: {string.Join(", ", Enum.GetNames<StressRunKind>())}."] },
        detail: "Nothing was saved.");

    private static IResult Answer<T>(StressOutcome<T> outcome, Func<T, IResult> done) => outcome.Access switch
    {
        StressAccess.Done => done(outcome.Value!),
        StressAccess.Forbidden => Results.Problem(outcome.Message, statusCode: StatusCodes.Status403Forbidden),
        StressAccess.Invalid => Results.ValidationProblem(outcome.Errors!.ToDictionary(e => e.Key, e => new[] { e.Value }), detail: "Nothing was saved."),
        _ => Results.NotFound(),
    };
}
