using ExposureWeb.Auth;
using ExposureWeb.Data.Accounts;
using ExposureWeb.Engine.Snapshots;
using ExposureWeb.Hubs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ExposureWeb.Api;

/// <summary>
/// The REST API: portfolios and their exposure snapshots, as JSON or CSV (<c>?format=csv</c> or
/// <c>Accept: text/csv</c>). Same authorization as the pages: a session cookie or a bearer API token, and only the
/// portfolios of the caller's workspaces; any other id answers 404, the same as one that does not exist.
/// </summary>
public static class ExposureApi
{
    public static WebApplicationBuilder AddExposureApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "ExposureWeb API";
            document.Info.Description = "Portfolios and live exposure snapshots. Authenticate with `Authorization: Bearer <API token>` (made on the API tokens page).";
            return Task.CompletedTask;
        }));
        // Enums by name in every response (states, severities, channels), as in the alert rule schema: a client reads
        // "Firing", not 2, and a reordered enum changes nothing on the wire.
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        return builder;
    }

    public static IEndpointRouteBuilder MapExposureApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi().AllowAnonymous();
        var api = app.MapGroup("/api").RequireAuthorization().WithTags("Portfolios");

        api.MapGet("/portfolios", async Task<IResult> (HttpContext http, UserPortfolios portfolios) =>
        {
            if (http.User.UserId() is not { } userId) return Results.Forbid();
            var list = (await portfolios.ListAsync(userId, http.RequestAborted)).Select(ToDto).ToList();
            return WantsCsv(http) ? Results.Text(ExposureCsv.Portfolios(list), ExposureCsv.ContentType) : Results.Ok(list);
        }).WithName("ListPortfolios").WithSummary("Portfolios the caller may see").Produces<List<PortfolioDto>>().Produces(200, contentType: "text/csv");

        api.MapGet("/portfolios/{id:int}", async Task<Results<Ok<PortfolioDto>, NotFound, ForbidHttpResult>> (int id, HttpContext http, UserPortfolios portfolios) =>
            http.User.UserId() is not { } userId ? TypedResults.Forbid()
            : await portfolios.FindAsync(userId, id, http.RequestAborted) is { } access ? TypedResults.Ok(ToDto(access)) : TypedResults.NotFound())
            .WithName("GetPortfolio").WithSummary("One portfolio with its watched addresses");

        // The snapshot the hub last sent for the portfolio: REST and live clients see the same one.
        api.MapGet("/portfolios/{id:int}/exposure", async Task<IResult> (int id, HttpContext http, UserPortfolios portfolios, CoalescingHubPublisher hub) =>
        {
            if (http.User.UserId() is not { } userId) return Results.Forbid();
            if (await portfolios.FindAsync(userId, id, http.RequestAborted) is null) return Results.NotFound();
            if (hub.Current(id).Snapshot is not { } snapshot)
            {
                http.Response.Headers.RetryAfter = "2";
                return Results.Problem("the engine has not read a block for this portfolio yet; try again in a few seconds", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
            return WantsCsv(http) ? Results.Text(ExposureCsv.Exposure(snapshot), ExposureCsv.ContentType) : Results.Ok(snapshot);
        }).WithName("GetExposure").WithSummary("The newest exposure snapshot (one block, with its provenance and what its totals leave out: partial)")
            // One 200 with both media types: a second Produces(200, …) would replace the JSON schema in the document.
            .Produces<ExposureSnapshot>(StatusCodes.Status200OK, "application/json", "text/csv").Produces(404).ProducesProblem(503);
        return app;
    }

    private static bool WantsCsv(HttpContext http) =>
        string.Equals(http.Request.Query["format"], "csv", StringComparison.OrdinalIgnoreCase)
        || http.Request.Headers.Accept.Any(a => a?.Contains("text/csv", StringComparison.OrdinalIgnoreCase) == true);

    private static PortfolioDto ToDto(PortfolioAccess access) => new(
        access.Portfolio.Id,
        access.Portfolio.Name,
        access.Portfolio.ChainName,
        access.WorkspaceName,
        access.Role.ToString().ToLowerInvariant(),
        access.Portfolio.Addresses.OrderBy(a => a.Id).Select(a => new WatchedAddressDto(a.Address, a.Label)).ToList());
}
