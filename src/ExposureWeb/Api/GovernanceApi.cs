using ExposureWeb.Auth;
using ExposureWeb.Chain.Forks;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.Data.Accounts;
using ExposureWeb.Engine.Governance;
using ExposureWeb.Jobs;
using Hangfire;

namespace ExposureWeb.Api;

/// <summary>
/// Governance over REST: a chain's detected changes and pending proposals, impact reports (JSON, Markdown, CSV), what-if
/// simulations and on-demand scans. Every answer is limited to the caller's portfolios: a report's rows are only theirs,
/// and another user's what-if answers 404 like a missing one. Reports are written with <see cref="GovernanceJson.Options"/>
/// (health factors without debt are <c>"Infinity"</c>, big integers decimal strings), as they are stored.
/// </summary>
public static class GovernanceApi
{
    private static readonly string[] Formats = ["json", "md", "csv"];

    public static WebApplicationBuilder AddGovernanceApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<WhatIfGate>();
        return builder;
    }

    public static IEndpointRouteBuilder MapGovernanceApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization().WithTags("Governance");

        api.MapGet("/chains/{name}/governance/changes", async (string name, HttpContext http, ChainRegistry chains, UserPortfolios portfolios,
            GovernanceReports reports, TimeProvider time) =>
        {
            if (http.User.UserId() is not { } userId) return Results.Forbid();
            if (!chains.TryGet(name, out var chain)) return UnknownChain(name);
            var overview = await reports.OverviewAsync(chain.Name, await PortfolioIdsAsync(portfolios, userId, chain.Name, http.RequestAborted), http.RequestAborted);
            return Json(GovernanceChangesDto.Of(overview, time.GetUtcNow()));
        }).WithName("GetGovernanceChanges").WithSummary("Detected parameter changes and proposals (state, ETA, time left) with their impact on the caller's portfolios")
            .Produces<GovernanceChangesDto>().ProducesProblem(404);

        api.MapGet("/governance/reports/{id:int}", async (int id, string? format, HttpContext http, UserPortfolios portfolios, GovernanceReports reports, TimeProvider time) =>
        {
            if (http.User.UserId() is not { } userId) return Results.Forbid();
            var wanted = Format(format, http);
            if (wanted is null)
            {
                return Results.Problem($"unknown format \"{format}\"; use one of: {string.Join(", ", Formats)}", statusCode: StatusCodes.Status400BadRequest);
            }
            var view = await reports.GetAsync(id, userId, await PortfolioIdsAsync(portfolios, userId, null, http.RequestAborted), http.RequestAborted);
            if (view is null) return Results.NotFound();
            switch (wanted)
            {
                case "md":
                    http.Response.Headers.ContentDisposition = $"attachment; filename=\"governance-report-{id}.md\"";
                    return Results.Text(GovernanceExport.Markdown(view, time.GetUtcNow()), GovernanceExport.MarkdownContentType);
                case "csv":
                    http.Response.Headers.ContentDisposition = $"attachment; filename=\"governance-report-{id}.csv\"";
                    return Results.Text(GovernanceExport.Csv(view), ExposureCsv.ContentType);
                default:
                    return Json(view);
            }
        }).WithName("GetGovernanceReport").WithSummary("An impact report over the caller's portfolios: JSON, ?format=md (Markdown) or ?format=csv (one row per lending account)")
            .Produces<ReportView>().Produces(200, contentType: "text/markdown").Produces(200, contentType: "text/csv").ProducesProblem(400).Produces(404);

        api.MapPost("/governance/what-if", async (WhatIfRequest body, HttpContext http, ChainRegistry chains, UserPortfolios portfolios,
            WhatIfService whatIf, GovernanceReports reports, WhatIfGate gate, ILoggerFactory loggers) =>
        {
            if (http.User.UserId() is not { } userId) return Results.Forbid();
            if (string.IsNullOrWhiteSpace(body.Chain)) return Invalid("chain", "name the chain to simulate on, e.g. \"local\"");
            if (body.Change is { Length: > WhatIfRequest.MaxChangeLength })
            {
                return Invalid("change", $"at most {WhatIfRequest.MaxChangeLength} characters ({body.Change.Length} given)");
            }
            if (!chains.TryGet(body.Chain, out var chain)) return UnknownChain(body.Chain);

            using var running = gate.TryEnter(userId);
            if (running is null)
            {
                http.Response.Headers.RetryAfter = "2";
                return Results.Problem("your previous what-if is still running; send this one when it has answered", statusCode: StatusCodes.Status429TooManyRequests);
            }
            var ids = await PortfolioIdsAsync(portfolios, userId, chain.Name, http.RequestAborted);
            WhatIfOutcome outcome;
            try
            {
                outcome = await whatIf.RunAsync(chain.Name, body.Change ?? "", userId, ids, body.ExecuteAt, http.RequestAborted);
            }
            catch (Exception ex) when (ex is RpcException or ChainForkException)
            {
                loggers.CreateLogger(typeof(GovernanceApi).FullName!).LogWarning(ex, "What-if on {Chain} failed", chain.Name);
                var what = ex is ChainForkException ? "the fork of the chain to simulate on could not be run" : $"the node of chain \"{chain.Name}\" failed";
                http.Response.Headers.RetryAfter = "5";
                return Results.Problem($"{what} ({ex.Message}); nothing was stored, retry in a few seconds", statusCode: StatusCodes.Status503ServiceUnavailable,
                    title: "The what-if could not be simulated");
            }
            if (outcome.Errors.Count > 0 || outcome.ReportId is not { } reportId)
            {
                return Results.ValidationProblem(
                    new Dictionary<string, string[]> { ["change"] = outcome.Errors.Select(e => e.Line > 1 ? $"line {e.Line}: {e.Message}" : e.Message).ToArray() },
                    detail: "The change could not be simulated; nothing was stored.");
            }
            // Read back through the same reader-scoped path as GET, so both answers are the same document.
            var view = await reports.GetAsync(reportId, userId, ids, http.RequestAborted);
            if (view is null) return Results.Problem("the report was stored but could not be read back", statusCode: StatusCodes.Status500InternalServerError);
            http.Response.Headers.Location = $"/api/governance/reports/{reportId}";
            return Results.Json(view, GovernanceJson.Options, statusCode: StatusCodes.Status201Created);
        }).WithName("RunGovernanceWhatIf").WithSummary("Simulates a hypothetical change (\"WETH liquidation threshold 78%\") on a fork, as the timelock would execute it; the report is the caller's alone")
            .Accepts<WhatIfRequest>("application/json").Produces<ReportView>(201).ProducesValidationProblem().ProducesProblem(404).ProducesProblem(429).ProducesProblem(503);

        // Any signed-in user may ask: the scan's lease makes a repeat (or one racing the schedule) a no-op.
        api.MapPost("/chains/{name}/governance/scan", (string name, HttpContext http, ChainRegistry chains, IBackgroundJobClient jobs) =>
        {
            if (http.User.UserId() is null) return Results.Forbid();
            if (!chains.TryGet(name, out var chain)) return UnknownChain(name);
            var chainName = chain.Name;
            var jobId = jobs.Enqueue<GovernanceScanJob>(j => j.RunAsync(chainName, CancellationToken.None));
            return Results.Accepted($"/api/chains/{Uri.EscapeDataString(chainName)}/governance/changes", new GovernanceScanQueued(jobId));
        }).WithName("StartGovernanceScan").WithSummary("Queues a governance scan of the chain now (skipped if one is running); results appear under /changes")
            .Produces<GovernanceScanQueued>(202).ProducesProblem(404);
        return app;
    }

    /// <summary>The caller's portfolio ids, those on <paramref name="chainName"/> only when given.</summary>
    private static async Task<IReadOnlyCollection<int>> PortfolioIdsAsync(UserPortfolios portfolios, int userId, string? chainName, CancellationToken ct) =>
        (await portfolios.ListAsync(userId, ct))
            .Where(a => chainName is null || string.Equals(a.Portfolio.ChainName, chainName, StringComparison.OrdinalIgnoreCase))
            .Select(a => a.Portfolio.Id).ToHashSet();

    /// <summary>json, md or csv: the query wins, then the Accept header; null for a format not served.</summary>
    private static string? Format(string? format, HttpContext http)
    {
        if (!string.IsNullOrWhiteSpace(format))
        {
            var f = format.Trim().ToLowerInvariant();
            return f == "markdown" ? "md" : Formats.Contains(f) ? f : null;
        }
        bool Accepts(string type) => http.Request.Headers.Accept.Any(a => a?.Contains(type, StringComparison.OrdinalIgnoreCase) == true);
        return Accepts("text/csv") ? "csv" : Accepts("text/markdown") ? "md" : "json";
    }

    private static IResult Json<T>(T value) => Results.Json(value, GovernanceJson.Options);

    private static IResult UnknownChain(string name) =>
        Results.Problem($"no chain named \"{name}\" is served here", statusCode: StatusCodes.Status404NotFound);

    private static IResult Invalid(string key, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [key] = [message] }, detail: "The what-if is invalid; nothing was simulated.");
}
