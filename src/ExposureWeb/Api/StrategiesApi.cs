using ExposureWeb.Auth;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Data.Accounts;
using ExposureWeb.Data.Entities;
using ExposureWeb.Data.Strategies;
using ExposureWeb.Engine.Snapshots;
using ExposureWeb.Engine.Strategies;
using ExposureWeb.Risk.ManualPositions;
using ExposureWeb.Risk.Strategies;

namespace ExposureWeb.Api;

/// <summary>A strategy as the API shows it: its definition and its verdict at the portfolio's latest block.</summary>
/// <param name="Id">The strategy.</param>
/// <param name="PortfolioId">Its portfolio.</param>
/// <param name="Name">Its name.</param>
/// <param name="Kind">DeltaBand, HealthFactorFloor …</param>
/// <param name="Enabled">Evaluated by the engine.</param>
/// <param name="Version">Incremented on every edit.</param>
/// <param name="Definition">The kind's definition (camelCase, enums by name).</param>
/// <param name="Status">The verdict at <see cref="BlockNumber"/>; null before the engine evaluated it (or while disabled).</param>
/// <param name="BlockNumber">The block of the verdict.</param>
public sealed record StrategyResource(int Id, int PortfolioId, string Name, StrategyKind Kind, bool Enabled, int Version, object Definition, StrategyStatus? Status, ulong? BlockNumber);

/// <summary>
/// Strategies over REST: <c>GET/POST /api/portfolios/{id}/strategies</c>, <c>GET/PUT/DELETE /api/strategies/{id}</c> and
/// <c>GET /api/strategies/{id}/proposal</c>. Viewers read, editors and owners write; another workspace's portfolio or
/// strategy answers 404. Invalid bodies answer a 400 ValidationProblem keyed by field and nothing is saved.
/// </summary>
public static class StrategiesApi
{
    public static IEndpointRouteBuilder MapStrategiesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization().WithTags("Strategies");

        api.MapGet("/portfolios/{id:int}/strategies", async (int id, HttpContext http, StrategyStore store, StrategyProposals proposals) =>
            http.User.UserId() is not { } userId ? Results.Forbid()
            : await store.ListAsync(userId, id, http.RequestAborted) is { } list ? Json(list.Select(s => Resource(s, proposals)).ToList())
            : Results.NotFound())
            .WithName("ListStrategies").WithSummary("Strategies of a portfolio with their verdict at the latest block").Produces<List<StrategyResource>>().Produces(404);

        api.MapPost("/portfolios/{id:int}/strategies", async (int id, HttpContext http, StrategyStore store, UserPortfolios portfolios, ChainRegistry chains, StrategyProposals proposals) =>
        {
            if (http.User.UserId() is not { } userId) return Results.Forbid();
            if (await portfolios.FindAsync(userId, id, http.RequestAborted) is not { } access) return Results.NotFound();
            var body = StrategyJson.ParseBody(await ReadAsync(http), out var parseErrors);
            if (body is null) return Invalid(parseErrors);
            var saved = await store.CreateAsync(userId, id, body.Name, body.Definition, body.Enabled, ContextOf(chains, access.Portfolio.ChainName), http.RequestAborted);
            return Outcome(saved, s =>
            {
                http.Response.Headers.Location = $"/api/strategies/{s.Row.Id}";
                return Results.Json(Resource(s, proposals), StrategyJson.Options, statusCode: StatusCodes.Status201Created);
            });
        }).WithName("CreateStrategy").WithSummary("Saves a strategy on a portfolio (editors)")
            .Accepts<StrategyBodyDoc>("application/json").Produces<StrategyResource>(201).ProducesValidationProblem().ProducesProblem(403).Produces(404);

        api.MapGet("/strategies/{strategyId:int}", async (int strategyId, HttpContext http, StrategyStore store, StrategyProposals proposals) =>
            http.User.UserId() is not { } userId ? Results.Forbid()
            : await store.FindAsync(userId, strategyId, http.RequestAborted) is { } found ? Json(Resource(found.Strategy, proposals))
            : Results.NotFound())
            .WithName("GetStrategy").WithSummary("One strategy with its verdict").Produces<StrategyResource>().Produces(404);

        api.MapPut("/strategies/{strategyId:int}", async (int strategyId, HttpContext http, StrategyStore store, UserPortfolios portfolios, ChainRegistry chains, StrategyProposals proposals) =>
        {
            if (http.User.UserId() is not { } userId) return Results.Forbid();
            if (await store.FindAsync(userId, strategyId, http.RequestAborted) is not { } found) return Results.NotFound();
            var body = StrategyJson.ParseBody(await ReadAsync(http), out var parseErrors);
            if (body is null) return Invalid(parseErrors);
            var chain = (await portfolios.FindAsync(userId, found.Strategy.Row.PortfolioId, http.RequestAborted))?.Portfolio.ChainName;
            var saved = await store.UpdateAsync(userId, strategyId, body.Name, body.Definition, body.Enabled, chain is null ? null : ContextOf(chains, chain), http.RequestAborted);
            return Outcome(saved, s => Json(Resource(s, proposals)));
        }).WithName("UpdateStrategy").WithSummary("Replaces a strategy (editors); its version goes up")
            .Accepts<StrategyBodyDoc>("application/json").Produces<StrategyResource>().ProducesValidationProblem().ProducesProblem(403).Produces(404);

        api.MapDelete("/strategies/{strategyId:int}", async (int strategyId, HttpContext http, StrategyStore store) =>
        {
            if (http.User.UserId() is not { } userId) return Results.Forbid();
            var result = await store.DeleteAsync(userId, strategyId, http.RequestAborted);
            return result.Ok ? Results.NoContent() : result.NotFound ? Results.NotFound() : Forbidden(result.Error);
        }).WithName("DeleteStrategy").WithSummary("Deletes a strategy (editors)").Produces(204).ProducesProblem(403).Produces(404);

        api.MapGet("/strategies/{strategyId:int}/proposal", async (int strategyId, HttpContext http, StrategyStore store, StrategyProposals proposals) =>
        {
            if (http.User.UserId() is not { } userId) return Results.Forbid();
            if (await store.FindAsync(userId, strategyId, http.RequestAborted) is not { } found) return Results.NotFound();
            var proposal = await proposals.ForAsync(found.Strategy, http.RequestAborted);
            return proposal is null ? Results.NoContent() : Json(proposal);
        }).WithName("GetStrategyProposal")
            .WithSummary("The hedge proposal of a breached strategy at the latest block: instrument, size, QuoterV2 quote, costs, figures after and the unsigned transactions; 204 when not breached")
            .Produces<StrategyProposal>().Produces(204).Produces(404);
        return app;
    }

    /// <summary>What the chain offers a definition to name (underlyings, tokens, GMX markets).</summary>
    public static StrategyContext? ContextOf(ChainRegistry chains, string chainName)
    {
        if (!chains.TryGet(chainName, out var chain)) return null;
        var underlyings = chain.Tokens.Select(t => t.Underlying).Concat(chain.PriceFeeds.Select(f => f.Underlying)).Append(chain.Native.Underlying)
            .Where(u => !string.IsNullOrEmpty(u)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var markets = chain.GmxV2 is null ? [] : chain.Tokens.Where(t => t.Underlying != "USDC").Select(t => t.Underlying + "/USD").Distinct().ToList();
        return new StrategyContext(underlyings, chain.Tokens.Select(t => t.Symbol).ToList(), markets);
    }

    private static StrategyResource Resource(StoredStrategy s, StrategyProposals proposals)
    {
        var status = proposals.Status(s.Row.Id, s.Row.PortfolioId);
        return new(s.Row.Id, s.Row.PortfolioId, s.Row.Name, s.Row.Kind, s.Row.Enabled, s.Row.Version, s.Definition, status?.Status, status?.Snapshot.BlockNumber);
    }

    private static async Task<string> ReadAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        return await reader.ReadToEndAsync(http.RequestAborted);
    }

    private static IResult Json<T>(T value) => Results.Json(value, StrategyJson.Options);

    private static IResult Invalid(IReadOnlyList<FieldError> errors) =>
        Results.ValidationProblem(errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            title: "The strategy is not valid; nothing was saved.");

    private static IResult Forbidden(string? error) => Results.Problem(error, statusCode: StatusCodes.Status403Forbidden);

    private static IResult Outcome(StrategySaveResult saved, Func<StoredStrategy, IResult> ok) =>
        saved.Ok ? ok(saved.Saved!) : saved.Result.NotFound ? Results.NotFound() : saved.Errors.Count > 0 ? Invalid(saved.Errors) : Forbidden(saved.Result.Error);
}

/// <summary>The body of a strategy write, for the OpenAPI document: <c>{ name, kind, enabled, definition }</c>.</summary>
/// <param name="Name">Up to 100 characters.</param>
/// <param name="Kind">DeltaBand, HealthFactorFloor, GammaCap, VegaCap, VolatilityHarvest, LpRange.</param>
/// <param name="Enabled">Default true.</param>
/// <param name="Definition">
/// The kind's fields, e.g. DeltaBand <c>{ underlying: "ETH", low: -5, high: 5, unit: "Units"|"Usd", hedge: { venue: "UniswapSwap", pairToken: "USDC", feeTier: 500 } }</c>,
/// HealthFactorFloor <c>{ floor: 1.8, target: 2.0 }</c>, GammaCap <c>{ maxDollarGammaPerPercent: 1000, shortOnly: true }</c>.
/// </param>
public sealed record StrategyBodyDoc(string Name, StrategyKind Kind, bool Enabled, Dictionary<string, object> Definition);
