using ExposureWeb.Auth;
using ExposureWeb.Data.Alerts;
using ExposureWeb.Risk.Alerts;

namespace ExposureWeb.Api;

/// <summary>
/// A workspace's silences, mute timings and notification policy over REST, under the alert API's rules: another workspace's
/// answers 404 like a missing one, a viewer asking for a change gets 403, an invalid body 400 with
/// <c>errors: [{ field, message }]</c> (the domain validator's keys) and nothing is saved.
/// </summary>
public static class AlertSettingsApi
{
    public static IEndpointRouteBuilder MapAlertSettingsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization().WithTags("Alert settings");

        api.MapGet("/workspaces/{id:int}/alert-silences", async (int id, HttpContext http, AlertSilenceStore silences) =>
            http.User.UserId() is not { } userId ? Results.Forbid()
            : await silences.ListAsync(userId, id, http.RequestAborted) is { } list ? Json(list)
            : Results.NotFound())
            .WithName("ListAlertSilences").WithSummary("Silences of a workspace: every one not ended, and those ended in the last 7 days (newest first)")
            .Produces<List<AlertSilenceView>>().Produces(404);

        api.MapPost("/workspaces/{id:int}/alert-silences", async (int id, HttpContext http, AlertSilenceStore silences, WorkspaceAccess workspaces) =>
        {
            if (http.User.UserId() is not { } userId) return Results.Forbid();
            if (await workspaces.RoleAsync(userId, id, http.RequestAborted) is null) return Results.NotFound();
            var (definition, errors) = AlertRuleBody.Parse<AlertSilenceDefinition>(await AlertRuleBody.ReadTextAsync(http.Request, http.RequestAborted), "a silence");
            if (definition is null) return Invalid("silence", errors);
            var result = await silences.CreateAsync(userId, id, definition, http.RequestAborted);
            return Outcome(result, "silence", s => Results.Json(s, AlertRuleJson.Options, statusCode: StatusCodes.Status201Created));
        }).WithName("CreateAlertSilence").WithSummary("Silences the workspace's notifications that match every matcher, from startsAt (now when absent) to endsAt (editors)")
            .Accepts<AlertSilenceDefinition>("application/json").Produces<AlertSilenceView>(201).Produces<ApiErrors>(400).ProducesProblem(403).Produces(404);

        api.MapGet("/alert-silences/{silenceId:int}", async (int silenceId, HttpContext http, AlertSilenceStore silences) =>
            http.User.UserId() is not { } userId ? Results.Forbid()
            : await silences.FindAsync(userId, silenceId, http.RequestAborted) is { } found ? Json(found)
            : Results.NotFound())
            .WithName("GetAlertSilence").WithSummary("One silence").Produces<AlertSilenceView>().Produces(404);

        api.MapDelete("/alert-silences/{silenceId:int}", async (int silenceId, HttpContext http, AlertSilenceStore silences) =>
        {
            if (http.User.UserId() is not { } userId) return Results.Forbid();
            var result = await silences.ExpireAsync(userId, silenceId, http.RequestAborted);
            return Outcome(result, "silence", s => Json(s));
        }).WithName("ExpireAlertSilence").WithSummary("Expires a silence now (editors); it stays listed, ended")
            .Produces<AlertSilenceView>().ProducesProblem(403).Produces(404);

        api.MapGet("/workspaces/{id:int}/alert-mute-timings", async (int id, HttpContext http, AlertMuteTimingStore timings) =>
            http.User.UserId() is not { } userId ? Results.Forbid()
            : await timings.ListAsync(userId, id, http.RequestAborted) is { } list ? Json(list)
            : Results.NotFound())
            .WithName("ListAlertMuteTimings").WithSummary("Mute timings of a workspace").Produces<List<AlertMuteTimingView>>().Produces(404);

        api.MapPost("/workspaces/{id:int}/alert-mute-timings", async (int id, HttpContext http, AlertMuteTimingStore timings, WorkspaceAccess workspaces) =>
        {
            if (http.User.UserId() is not { } userId) return Results.Forbid();
            if (await workspaces.RoleAsync(userId, id, http.RequestAborted) is null) return Results.NotFound();
            var (definition, errors) = AlertRuleBody.Parse<AlertMuteTimingDefinition>(await AlertRuleBody.ReadTextAsync(http.Request, http.RequestAborted), "a mute timing");
            if (definition is null) return Invalid("mute timing", errors);
            var result = await timings.CreateAsync(userId, id, definition, http.RequestAborted);
            return Outcome(result, "mute timing", t => Results.Json(t, AlertRuleJson.Options, statusCode: StatusCodes.Status201Created));
        }).WithName("CreateAlertMuteTiming").WithSummary("Creates a mute timing: weekly windows in an IANA time zone that rules reference (editors)")
            .Accepts<AlertMuteTimingDefinition>("application/json").Produces<AlertMuteTimingView>(201).Produces<ApiErrors>(400).ProducesProblem(403).Produces(404);

        api.MapGet("/alert-mute-timings/{timingId:int}", async (int timingId, HttpContext http, AlertMuteTimingStore timings) =>
            http.User.UserId() is not { } userId ? Results.Forbid()
            : await timings.FindAsync(userId, timingId, http.RequestAborted) is { } found ? Json(found)
            : Results.NotFound())
            .WithName("GetAlertMuteTiming").WithSummary("One mute timing").Produces<AlertMuteTimingView>().Produces(404);

        api.MapPut("/alert-mute-timings/{timingId:int}", async (int timingId, HttpContext http, AlertMuteTimingStore timings) =>
        {
            if (http.User.UserId() is not { } userId) return Results.Forbid();
            if (await timings.FindAsync(userId, timingId, http.RequestAborted) is null) return Results.NotFound();
            var (definition, errors) = AlertRuleBody.Parse<AlertMuteTimingDefinition>(await AlertRuleBody.ReadTextAsync(http.Request, http.RequestAborted), "a mute timing");
            if (definition is null) return Invalid("mute timing", errors);
            var result = await timings.UpdateAsync(userId, timingId, definition, http.RequestAborted);
            return Outcome(result, "mute timing", t => Json(t));
        }).WithName("UpdateAlertMuteTiming").WithSummary("Replaces a mute timing's name, time zone and windows (editors)")
            .Accepts<AlertMuteTimingDefinition>("application/json").Produces<AlertMuteTimingView>().Produces<ApiErrors>(400).ProducesProblem(403).Produces(404);

        api.MapDelete("/alert-mute-timings/{timingId:int}", async (int timingId, HttpContext http, AlertMuteTimingStore timings) =>
        {
            if (http.User.UserId() is not { } userId) return Results.Forbid();
            var result = await timings.DeleteAsync(userId, timingId, http.RequestAborted);
            return Outcome(result, "mute timing", _ => Results.NoContent());
        }).WithName("DeleteAlertMuteTiming").WithSummary("Deletes a mute timing no rule uses (editors)")
            .Produces(204).Produces<ApiErrors>(400).ProducesProblem(403).Produces(404);

        api.MapGet("/workspaces/{id:int}/alert-policy", async (int id, HttpContext http, AlertPolicyStore policies) =>
            http.User.UserId() is not { } userId ? Results.Forbid()
            : await policies.GetAsync(userId, id, http.RequestAborted) is { } policy ? Json(policy)
            : Results.NotFound())
            .WithName("GetAlertPolicy").WithSummary("The workspace's notification policy (repeat interval, group wait, group-by labels)")
            .Produces<AlertNotificationPolicy>().Produces(404);

        api.MapPut("/workspaces/{id:int}/alert-policy", async (int id, HttpContext http, AlertPolicyStore policies, WorkspaceAccess workspaces) =>
        {
            if (http.User.UserId() is not { } userId) return Results.Forbid();
            if (await workspaces.RoleAsync(userId, id, http.RequestAborted) is null) return Results.NotFound();
            var (policy, errors) = AlertRuleBody.Parse<AlertNotificationPolicy>(await AlertRuleBody.ReadTextAsync(http.Request, http.RequestAborted), "a notification policy");
            if (policy is null) return Invalid("notification policy", errors);
            var result = await policies.SetAsync(userId, id, policy, http.RequestAborted);
            return Outcome(result, "notification policy", p => Json(p));
        }).WithName("SetAlertPolicy").WithSummary("Replaces the workspace's notification policy (editors)")
            .Accepts<AlertNotificationPolicy>("application/json").Produces<AlertNotificationPolicy>().Produces<ApiErrors>(400).ProducesProblem(403).Produces(404);
        return app;
    }

    private static IResult Json<T>(T value) => Results.Json(value, AlertRuleJson.Options);

    private static IResult Invalid(string what, IReadOnlyList<ApiFieldError> errors) =>
        Results.Json(new ApiErrors($"The {what} is invalid; nothing was saved.", errors), AlertRuleJson.Options, statusCode: StatusCodes.Status400BadRequest);

    private static IResult Outcome<T>(AlertSettingResult<T> result, string what, Func<T, IResult> ok)
    {
        if (result.Ok) return ok(result.Value!);
        if (result.Result.NotFound) return Results.NotFound();
        if (result.Errors.Count > 0) return Invalid(what, AlertRuleBody.Of(result.Errors));
        return Results.Problem(result.Result.Error, statusCode: StatusCodes.Status403Forbidden);
    }
}
