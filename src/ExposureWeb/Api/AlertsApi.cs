using ExposureWeb.Auth;
using ExposureWeb.Data.Accounts;
using ExposureWeb.Data.Alerts;
using ExposureWeb.Engine.Alerts;
using ExposureWeb.Risk.Alerts;

namespace ExposureWeb.Api;

/// <summary>
/// Alert rules, instances and deliveries over REST, under the same authorization as the rest of the API. A rule, portfolio
/// or notification of another workspace answers 404 like a missing one; a viewer who may see it but asks to change it gets
/// 403. Invalid bodies answer 400 with <c>errors: [{ field, message }]</c> (the validator's keys) and nothing is saved.
/// Bodies and answers use the rule format of the export (camelCase, enums as names).
/// </summary>
public static class AlertsApi
{
    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization().WithTags("Alerts");

        api.MapGet("/portfolios/{id:int}/alert-rules", async (int id, HttpContext http, AlertRuleStore rules) =>
            http.User.UserId() is not { } userId ? Results.Forbid()
            : await rules.ListForPortfolioAsync(userId, id, http.RequestAborted) is { } list ? Json(list.Select(AlertRuleResource.Of).ToList())
            : Results.NotFound())
            .WithName("ListAlertRules").WithSummary("Alert rules of a portfolio (its own and its workspace's)").Produces<List<AlertRuleResource>>().Produces(404);

        api.MapPost("/portfolios/{id:int}/alert-rules", async (int id, HttpContext http, AlertRuleStore rules, UserPortfolios portfolios) =>
        {
            if (http.User.UserId() is not { } userId) return Results.Forbid();
            // Another workspace's portfolio answers 404 whatever the body holds.
            if (await portfolios.FindAsync(userId, id, http.RequestAborted) is null) return Results.NotFound();
            var (definition, errors) = AlertRuleBody.ParseOne(await AlertRuleBody.ReadTextAsync(http.Request, http.RequestAborted));
            if (definition is null) return Invalid(errors);
            var saved = await rules.CreateAsync(userId, id, definition, http.RequestAborted);
            return Outcome(saved, s => Results.Json(AlertRuleResource.Of(s), AlertRuleJson.Options, statusCode: StatusCodes.Status201Created)
                .WithLocation($"/api/alert-rules/{s.Rule.Id}"));
        }).WithName("CreateAlertRule").WithSummary("Creates an alert rule under a portfolio (editors)")
            .Accepts<AlertRuleDefinition>("application/json").Produces<AlertRuleResource>(201).Produces<ApiErrors>(400).ProducesProblem(403).Produces(404).ProducesProblem(409);

        api.MapGet("/alert-rules/{ruleId:int}", async (int ruleId, HttpContext http, AlertRuleStore rules) =>
            http.User.UserId() is not { } userId ? Results.Forbid()
            : await rules.FindAsync(userId, ruleId, http.RequestAborted) is { } found ? Json(AlertRuleResource.Of(found.Rule))
            : Results.NotFound())
            .WithName("GetAlertRule").WithSummary("One alert rule").Produces<AlertRuleResource>().Produces(404);

        api.MapPut("/alert-rules/{ruleId:int}", async (int ruleId, HttpContext http, AlertRuleStore rules) =>
        {
            if (http.User.UserId() is not { } userId) return Results.Forbid();
            // Another workspace's rule answers 404 whatever the body holds.
            if (await rules.FindAsync(userId, ruleId, http.RequestAborted) is null) return Results.NotFound();
            var (definition, errors) = AlertRuleBody.ParseOne(await AlertRuleBody.ReadTextAsync(http.Request, http.RequestAborted));
            if (definition is null) return Invalid(errors);
            var saved = await rules.UpdateAsync(userId, ruleId, definition, http.RequestAborted);
            return Outcome(saved, s => Json(AlertRuleResource.Of(s)));
        }).WithName("UpdateAlertRule").WithSummary("Replaces an alert rule's definition (editors); it keeps its id and history")
            .Accepts<AlertRuleDefinition>("application/json").Produces<AlertRuleResource>().Produces<ApiErrors>(400).ProducesProblem(403).Produces(404);

        api.MapDelete("/alert-rules/{ruleId:int}", async (int ruleId, HttpContext http, AlertRuleStore rules) =>
        {
            if (http.User.UserId() is not { } userId) return Results.Forbid();
            var result = await rules.DeleteAsync(userId, ruleId, http.RequestAborted);
            return result.Ok ? Results.NoContent() : result.NotFound ? Results.NotFound() : Forbidden(result.Error);
        }).WithName("DeleteAlertRule").WithSummary("Deletes an alert rule with its instances and history (editors)").Produces(204).ProducesProblem(403).Produces(404);

        api.MapGet("/portfolios/{id:int}/alert-rules/export", async (int id, HttpContext http, AlertRuleStore rules) =>
        {
            if (http.User.UserId() is not { } userId) return Results.Forbid();
            if (await rules.ListForPortfolioAsync(userId, id, http.RequestAborted) is not { } list) return Results.NotFound();
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"alert-rules-portfolio-{id}.json\"";
            return Json(list.Select(r => r.Definition).ToList());
        }).WithName("ExportAlertRules").WithSummary("The portfolio's alert rules as a JSON array (the import format)").Produces<List<AlertRuleDefinition>>().Produces(404);

        api.MapPost("/portfolios/{id:int}/alert-rules/import", async (int id, HttpContext http, AlertRuleStore rules, UserPortfolios portfolios) =>
        {
            if (http.User.UserId() is not { } userId) return Results.Forbid();
            if (await portfolios.FindAsync(userId, id, http.RequestAborted) is null) return Results.NotFound();
            var (definitions, parseErrors) = AlertRuleBody.ParseMany(await AlertRuleBody.ReadTextAsync(http.Request, http.RequestAborted));
            if (parseErrors.Count > 0) return Results.Json(new ApiImportErrors("The file is not a valid alert rule export; nothing was imported.", parseErrors), AlertRuleJson.Options, statusCode: 400);
            var result = await rules.ImportAsync(userId, id, definitions, http.RequestAborted);
            if (result.Ok) return Json(new AlertImportResult(result.Saved.Count, result.Saved.Select(AlertRuleResource.Of).ToList()));
            if (result.Result.NotFound) return Results.NotFound();
            if (result.Result.QuotaReached) return QuotaProblem.Of(result.Result);
            if (result.Errors.Count == 0) return Forbidden(result.Result.Error);
            var errors = result.Errors.Select(e => new ApiImportError(e.Index, e.Error.Field, e.Error.Message)).ToList();
            return Results.Json(new ApiImportErrors(result.Result.Error ?? "invalid rules; nothing was imported", errors), AlertRuleJson.Options, statusCode: 400);
        }).WithName("ImportAlertRules").WithSummary("Creates every rule of an export file, or none (editors)")
            .Accepts<List<AlertRuleDefinition>>("application/json").Produces<AlertImportResult>().Produces<ApiImportErrors>(400).ProducesProblem(403).Produces(404).ProducesProblem(409);

        api.MapGet("/portfolios/{id:int}/alerts", async (int id, HttpContext http, AlertHistoryStore history) =>
        {
            if (http.User.UserId() is not { } userId) return Results.Forbid();
            if (await history.InstancesAsync(userId, id, http.RequestAborted) is not { } instances) return Results.NotFound();
            var transitions = (await history.TransitionsOfPortfolioAsync(userId, id, ct: http.RequestAborted) ?? []).ToLookup(t => t.InstanceId);
            return Json(instances.Select(i => new AlertInstanceDto(AlertViews.Instance(i), transitions[i.Instance.Id].Select(AlertViews.Transition).ToList())).ToList());
        }).WithName("ListAlerts").WithSummary("Alert instances of a portfolio with state, value, block and history (newest first)")
            .Produces<List<AlertInstanceDto>>().Produces(404);

        api.MapGet("/alert-deliveries", async (int? ruleId, HttpContext http, AlertHistoryStore history) =>
        {
            if (http.User.UserId() is not { } userId) return Results.Forbid();
            if (ruleId is not { } id) return Invalid([new("ruleId", "Give the rule whose deliveries to list: ?ruleId=42.")]);
            return await history.DeliveriesOfRuleAsync(userId, id, ct: http.RequestAborted) is { } deliveries
                ? Json(deliveries.Select(AlertViews.Delivery).ToList()) : Results.NotFound();
        }).WithName("ListAlertDeliveries").WithSummary("A rule's notifications with every delivery attempt and its outcome")
            .Produces<List<AlertDeliveryDto>>().Produces<ApiErrors>(400).Produces(404);

        api.MapPost("/alert-deliveries/{id:long}/replay", async (long id, HttpContext http, AlertHistoryStore history) =>
        {
            if (http.User.UserId() is not { } userId) return Results.Forbid();
            var (outcome, error) = await history.ReplayAsync(userId, id, http.RequestAborted);
            return outcome switch
            {
                ReplayOutcome.Replayed => Results.Accepted(),
                ReplayOutcome.Missing => Results.NotFound(),
                ReplayOutcome.Forbidden => Forbidden(error),
                _ => Results.Problem(error, statusCode: StatusCodes.Status409Conflict),
            };
        }).WithName("ReplayAlertDelivery").WithSummary("Puts a dead-lettered notification back in the outbox (editors)")
            .Produces(202).ProducesProblem(403).Produces(404).ProducesProblem(409);
        return app;
    }

    private static IResult Json<T>(T value) => Results.Json(value, AlertRuleJson.Options);

    private static IResult Invalid(IReadOnlyList<ApiFieldError> errors) =>
        Results.Json(new ApiErrors("The alert rule is invalid; nothing was saved.", errors), AlertRuleJson.Options, statusCode: StatusCodes.Status400BadRequest);

    private static IResult Forbidden(string? error) => Results.Problem(error, statusCode: StatusCodes.Status403Forbidden);

    private static IResult Outcome(AlertRuleSaveResult saved, Func<StoredAlertRule, IResult> ok)
    {
        if (saved.Ok) return ok(saved.Saved!);
        if (saved.Result.NotFound) return Results.NotFound();
        if (saved.Result.QuotaReached) return QuotaProblem.Of(saved.Result);
        if (saved.Errors.Count > 0) return Invalid(AlertRuleBody.Of(saved.Errors));
        return Forbidden(saved.Result.Error);
    }

    private static IResult WithLocation(this IResult result, string location) => new LocatedResult(result, location);

    private sealed class LocatedResult(IResult inner, string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
