using ExposureWeb.Auth;
using ExposureWeb.Data.Sharing;
using ExposureWeb.Hosting;
using ExposureWeb.Sharing;

namespace ExposureWeb.Api;

/// <summary>A new share link of a dashboard.</summary>
/// <param name="Label">What you call it (e.g. "for the auditors"); optional, at most 100 characters.</param>
/// <param name="Addresses">Omit or leave empty for "anyone with the link"; otherwise only viewers who prove one of these wallets by signature (at most 50).</param>
/// <param name="ExpiresAt">When it stops working (10 seconds to 365 days from now); 7 days from now when absent.</param>
/// <param name="PortfolioId">The portfolio variable pinned for viewers; the dashboard's default when absent.</param>
/// <param name="Underlying">The underlying variable pinned for viewers (e.g. ETH); the dashboard's default when absent.</param>
public sealed record ShareLinkCreate(string? Label, List<string>? Addresses, DateTimeOffset? ExpiresAt, int? PortfolioId, string? Underlying);

/// <summary>A share link with its URL: the only time the URL is shown (it is not stored; rotate for a new one).</summary>
public sealed record ShareLinkIssued(ShareLinkView Link, string Url);

/// <summary>
/// Share links over REST. Members list a dashboard's or a workspace's live links; editors and owners make, rotate and
/// revoke them. Another workspace's dashboard or link answers 404; a viewer asking for a change 403; bad input 400.
/// </summary>
public static class ShareLinksApi
{
    public static IEndpointRouteBuilder MapShareLinksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization().WithTags("Share links");

        api.MapGet("/dashboards/{id:int}/share-links", async (int id, HttpContext http, ShareLinkStore store) =>
            http.User.UserId() is not { } userId ? Results.Forbid()
            : await store.ForDashboardAsync(userId, id, http.RequestAborted) is { } links ? Results.Ok(links)
            : Results.NotFound())
            .WithName("ListDashboardShareLinks").WithSummary("A dashboard's live share links (members); never their URLs").Produces<List<ShareLinkView>>().Produces(404);

        api.MapGet("/workspaces/{id:int}/share-links", async (int id, HttpContext http, ShareLinkStore store) =>
            http.User.UserId() is not { } userId ? Results.Forbid()
            : await store.ForWorkspaceAsync(userId, id, http.RequestAborted) is { } links ? Results.Ok(links)
            : Results.NotFound())
            .WithName("ListWorkspaceShareLinks").WithSummary("Every live share link of a workspace (members)").Produces<List<ShareLinkView>>().Produces(404);

        api.MapPost("/dashboards/{id:int}/share-links", (int id, HttpContext http, ShareLinkStore store, AppOrigin origin) =>
            CreateAsync(http, origin, (actor, request) => store.CreateAsync(actor, id, request, http.RequestAborted))).WithName("CreateShareLink").WithSummary("Shares a dashboard read-only by link (editors): anyone with it, or only wallets that prove themselves; with an expiry")
            .Accepts<ShareLinkCreate>("application/json").Produces<ShareLinkIssued>(201).ProducesProblem(400).ProducesProblem(403).Produces(404).ProducesProblem(409);

        api.MapGet("/snapshots/{id:int}/share-links", async (int id, HttpContext http, ShareLinkStore store) =>
            http.User.UserId() is not { } userId ? Results.Forbid()
            : await store.ForSnapshotAsync(userId, id, http.RequestAborted) is { } links ? Results.Ok(links)
            : Results.NotFound())
            .WithName("ListSnapshotShareLinks").WithSummary("A snapshot's live share links (members); never their URLs").Produces<List<ShareLinkView>>().Produces(404);

        api.MapPost("/snapshots/{id:int}/share-links", (int id, HttpContext http, ShareLinkStore store, AppOrigin origin) =>
            CreateAsync(http, origin, (actor, request) => store.CreateForSnapshotAsync(actor, id, request, http.RequestAborted))).WithName("CreateSnapshotShareLink").WithSummary("Shares a snapshot read-only by link (editors), like a dashboard; no variables (they were fixed when it was taken), and no later than the snapshot's own expiry")
            .Accepts<ShareLinkCreate>("application/json").Produces<ShareLinkIssued>(201).ProducesProblem(400).ProducesProblem(403).Produces(404).ProducesProblem(409);

        api.MapPost("/share-links/{id:int}/rotate", async (int id, HttpContext http, ShareLinkStore store, AppOrigin origin) =>
        {
            if (http.Actor() is not { } actor) return Results.Forbid();
            var (result, link, secret) = await store.RotateAsync(actor, id, http.RequestAborted);
            return result.ToResult(() => Results.Ok(new ShareLinkIssued(link!, Url(origin, secret!))));
        }).WithName("RotateShareLink").WithSummary("A new URL for a live share link (editors); the old URL stops working and its open viewers are cut")
            .Produces<ShareLinkIssued>().ProducesProblem(400).ProducesProblem(403).Produces(404);

        api.MapDelete("/share-links/{id:int}", async (int id, HttpContext http, ShareLinkStore store) =>
            http.Actor() is not { } actor ? Results.Forbid()
            : (await store.RevokeAsync(actor, id, http.RequestAborted)).ToResult(Results.NoContent))
            .WithName("RevokeShareLink").WithSummary("Ends a share link now (editors); its open viewers are cut within seconds")
            .Produces(204).ProducesProblem(400).ProducesProblem(403).Produces(404);
        return app;
    }

    internal static string Url(AppOrigin origin, string secret) => origin.Uri + SharePaths.Page(secret);

    /// <summary>Reads a new link's body and makes it with <paramref name="create"/>: 201 with its URL, or the store's refusal.</summary>
    private static async Task<IResult> CreateAsync(HttpContext http, AppOrigin origin,
        Func<Data.Workspaces.WorkspaceActor, ShareLinkRequest, Task<(Data.Accounts.ChangeResult Result, ShareLinkView? Link, string? Secret)>> create)
    {
        if (http.Actor() is not { } actor) return Results.Forbid();
        var (body, refusal) = await StrictBody.ReadAsync<ShareLinkCreate>(http.Request, "a share link");
        if (body is null) return refusal!;
        var (result, link, secret) = await create(actor, new ShareLinkRequest(body.Label, body.Addresses, body.ExpiresAt, body.PortfolioId, body.Underlying));
        return result.ToResult(() => Results.Created($"/api/share-links/{link!.Id}", new ShareLinkIssued(link, Url(origin, secret!))));
    }
}
