using ExposureWeb.Auth;
using ExposureWeb.Data.Accounts;
using ExposureWeb.Data.Dashboards;

namespace ExposureWeb.Api;

/// <summary>A new dashboard: its workspace, name, and optionally a layout (empty when absent).</summary>
public sealed record DashboardCreate(int WorkspaceId, string? Name, DashboardLayout? Layout);

/// <summary>A layout to save over <see cref="Version"/> (the version read), so a concurrent change is refused, not lost.</summary>
public sealed record DashboardUpdate(int Version, string? Name, DashboardLayout? Layout);

/// <summary>
/// Dashboards over REST: members read, editors and owners create, save (with the version they read), duplicate and delete.
/// Another workspace's dashboard answers 404; a viewer asking for a change 403; a bad layout 400 naming each problem;
/// a save over a newer version 409.
/// </summary>
public static class DashboardsApi
{
    public static IEndpointRouteBuilder MapDashboardsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization().WithTags("Dashboards");

        api.MapGet("/dashboards", async (HttpContext http, DashboardStore store) =>
            http.User.UserId() is not { } userId ? Results.Forbid() : Results.Ok(await store.ListAsync(userId, http.RequestAborted)))
            .WithName("ListDashboards").WithSummary("Dashboards of your workspaces (every portfolio's default included)").Produces<List<DashboardSummary>>();

        api.MapGet("/dashboards/{id:int}", async (int id, HttpContext http, DashboardStore store) =>
            http.User.UserId() is not { } userId ? Results.Forbid()
            : await store.FindAsync(userId, id, http.RequestAborted) is { } found ? Results.Ok(found)
            : Results.NotFound())
            .WithName("GetDashboard").WithSummary("A dashboard with its layout and version").Produces<DashboardView>().Produces(404);

        api.MapPost("/dashboards", async (HttpContext http, DashboardStore store) =>
        {
            if (http.User.UserId() is not { } userId) return Results.Forbid();
            var (body, refusal) = await StrictBody.ReadAsync<DashboardCreate>(http.Request, "a dashboard");
            if (body is null) return refusal!;
            var (result, created) = await store.CreateAsync(userId, body.WorkspaceId, body.Name ?? "", body.Layout, http.RequestAborted);
            return result.ToResult(() => Results.Created($"/api/dashboards/{created!.Id}", created));
        }).WithName("CreateDashboard").WithSummary("Makes a dashboard in a workspace (editors)")
            .Accepts<DashboardCreate>("application/json").Produces<DashboardView>(201).ProducesProblem(400).ProducesProblem(403).Produces(404);

        api.MapPut("/dashboards/{id:int}", async (int id, HttpContext http, DashboardStore store) =>
        {
            if (http.User.UserId() is not { } userId) return Results.Forbid();
            var (body, refusal) = await StrictBody.ReadAsync<DashboardUpdate>(http.Request, "a dashboard update");
            if (body is null) return refusal!;
            var (result, saved) = await store.UpdateAsync(userId, id, body.Version, body.Name, body.Layout, http.RequestAborted);
            return result.ToResult(() => Results.Ok(saved));
        }).WithName("SaveDashboard").WithSummary("Renames and/or saves the layout of a dashboard (editors), if it is still at the version given")
            .Accepts<DashboardUpdate>("application/json").Produces<DashboardView>().ProducesProblem(400).ProducesProblem(403).Produces(404).ProducesProblem(409);

        api.MapPost("/dashboards/{id:int}/duplicate", async (int id, HttpContext http, DashboardStore store) =>
        {
            if (http.User.UserId() is not { } userId) return Results.Forbid();
            var (result, copy) = await store.DuplicateAsync(userId, id, ct: http.RequestAborted);
            return result.ToResult(() => Results.Created($"/api/dashboards/{copy!.Id}", copy));
        }).WithName("DuplicateDashboard").WithSummary("Copies a dashboard in its workspace (editors)")
            .Produces<DashboardView>(201).ProducesProblem(400).ProducesProblem(403).Produces(404);

        api.MapDelete("/dashboards/{id:int}", async (int id, HttpContext http, DashboardStore store) =>
            http.User.UserId() is not { } userId ? Results.Forbid()
            : ChangeResults.ToResult(await store.DeleteAsync(userId, id, http.RequestAborted), Results.NoContent))
            .WithName("DeleteDashboard").WithSummary("Deletes a dashboard (editors); a portfolio's default is reset to the page's layout instead")
            .Produces(204).ProducesProblem(403).Produces(404);
        return app;
    }
}
