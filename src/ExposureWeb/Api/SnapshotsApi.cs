using ExposureWeb.Auth;
using ExposureWeb.Data.Dashboards;
using ExposureWeb.Engine.Publishing;
using ExposureWeb.Engine.Snapshots;
using ExposureWeb.Live;

namespace ExposureWeb.Api;

/// <summary>A snapshot to take: when it expires (required), optionally its name and the variables to view the dashboard with (its defaults otherwise).</summary>
public sealed record SnapshotCreate(SnapshotExpiry? Expiry, string? Name = null, int? PortfolioId = null, string? Underlying = null);

/// <summary>One frozen portfolio of a snapshot: provenance, and the exposure, history and alerts as they were at its block.</summary>
public sealed record FrozenPortfolioDto(
    int PortfolioId, string Name, string? ChainName, ulong? BlockNumber, DateTimeOffset? BlockTime, ExposureSnapshot? Exposure, IReadOnlyList<GreeksPoint> History,
    IReadOnlyList<FrozenAlertDto> Alerts);

/// <summary>An alert instance not normal when the snapshot was taken.</summary>
public sealed record FrozenAlertDto(string Rule, string Series, string State, string? Severity, double? Value, long SinceBlock);

/// <summary>A snapshot with its frozen data.</summary>
public sealed record SnapshotDto(
    int Id, int WorkspaceId, int? DashboardId, string Name, DashboardLayout Layout, string ChainName, ulong BlockNumber, DateTimeOffset BlockTime,
    string TakenBy, DateTimeOffset TakenAt, DateTimeOffset? ExpiresAt, IReadOnlyList<FrozenPortfolioDto> Portfolios)
{
    public static SnapshotDto Of(DashboardSnapshotView s) => new(
        s.Id, s.WorkspaceId, s.DashboardId, s.Name, s.Layout, s.ChainName, s.BlockNumber, s.BlockTime, s.TakenByAddress, s.TakenAt, s.ExpiresAt,
        s.Portfolios.Select(p =>
        {
            var state = FrozenState.Of(p.State);
            var alerts = state.Alerts.Select(a => new FrozenAlertDto(a.RuleName, a.Instance.Label, a.Instance.State, a.Instance.Severity, a.Instance.Value, a.Instance.SinceBlock)).ToList();
            return new FrozenPortfolioDto(p.PortfolioId, p.Name, p.ChainName, p.BlockNumber, p.BlockTime, state.Snapshot, state.History, alerts);
        }).ToList());
}

/// <summary>
/// Dashboard snapshots over REST: members list and read them, editors and owners take and delete them. Another workspace's
/// snapshot (or dashboard), or an expired one, answers 404; a viewer asking for a change 403; a bad body 400 naming the
/// problem; a full workspace 409 naming the quota.
/// </summary>
public static class SnapshotsApi
{
    public static IEndpointRouteBuilder MapSnapshotsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization().WithTags("Snapshots");

        api.MapPost("/dashboards/{id:int}/snapshots", async (int id, HttpContext http, DashboardFreezer freezer) =>
        {
            if (http.Actor() is not { } actor) return Results.Forbid();
            var (body, refusal) = await StrictBody.ReadAsync<SnapshotCreate>(http.Request, "a snapshot (its expiry, optionally a name)");
            if (body is null) return refusal!;
            var (result, taken) = await freezer.TakeAsync(actor, id, new SnapshotRequest(body.Name, body.Expiry, body.PortfolioId, body.Underlying), http.RequestAborted);
            return result.ToResult(() => Results.Created($"/api/snapshots/{taken!.Id}", SnapshotDto.Of(taken)));
        }).WithName("TakeSnapshot").WithSummary("Freezes a dashboard at the block each of its portfolios was last read at (editors)")
            .Accepts<SnapshotCreate>("application/json").Produces<SnapshotDto>(201).ProducesProblem(400).ProducesProblem(403).Produces(404).ProducesProblem(409);

        api.MapGet("/dashboards/{id:int}/snapshots", async (int id, HttpContext http, DashboardSnapshotStore store) =>
            http.User.UserId() is not { } userId ? Results.Forbid()
            : await store.ListForDashboardAsync(userId, id, http.RequestAborted) is { } list ? Results.Ok(list)
            : Results.NotFound())
            .WithName("ListDashboardSnapshots").WithSummary("A dashboard's unexpired snapshots, newest first").Produces<List<DashboardSnapshotSummary>>().Produces(404);

        api.MapGet("/workspaces/{id:int}/snapshots", async (int id, HttpContext http, DashboardSnapshotStore store) =>
            http.User.UserId() is not { } userId ? Results.Forbid()
            : await store.ListForWorkspaceAsync(userId, id, http.RequestAborted) is { } list ? Results.Ok(list)
            : Results.NotFound())
            .WithName("ListWorkspaceSnapshots").WithSummary("A workspace's unexpired snapshots (also of deleted dashboards), newest first")
            .Produces<List<DashboardSnapshotSummary>>().Produces(404);

        api.MapGet("/snapshots/{id:int}", async (int id, HttpContext http, DashboardSnapshotStore store) =>
            http.User.UserId() is not { } userId ? Results.Forbid()
            : await store.FindAsync(userId, id, http.RequestAborted) is { } found ? Results.Ok(SnapshotDto.Of(found))
            : Results.NotFound())
            .WithName("GetSnapshot").WithSummary("A snapshot with its frozen layout and each portfolio's exposure at its block").Produces<SnapshotDto>().Produces(404);

        api.MapDelete("/snapshots/{id:int}", async (int id, HttpContext http, DashboardSnapshotStore store) =>
            http.Actor() is not { } actor ? Results.Forbid()
            : ChangeResults.ToResult(await store.DeleteAsync(actor, id, http.RequestAborted), Results.NoContent))
            .WithName("DeleteSnapshot").WithSummary("Deletes a snapshot (editors)").Produces(204).ProducesProblem(403).Produces(404);
        return app;
    }
}
