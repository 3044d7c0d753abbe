using System.Text.Json.Serialization;
using ExposureWeb.Auth;
using ExposureWeb.Data.Accounts;
using ExposureWeb.Data.Entities;
using ExposureWeb.Data.Workspaces;

namespace ExposureWeb.Api;

/// <summary>Invite a wallet (POST .../members), or make an invitation (POST .../invitations: no address makes an invite link).</summary>
/// <param name="Address">The invitee's wallet (0x + 40 hex digits); omit on /invitations for an invite link.</param>
/// <param name="Role">owner, editor or viewer.</param>
/// <param name="ExpiresInHours">How long the invitation can be accepted: 1 to 720 hours; 168 (7 days) when absent.</param>
public sealed record InvitationRequest(string? Address, WorkspaceRole Role, double? ExpiresInHours);

/// <summary>A new invitation; <see cref="Link"/> (an invite link's URL path) is shown only in this answer.</summary>
public sealed record InvitationCreated(InvitationView Invitation, string? Link);

/// <summary>A member's new role.</summary>
public sealed record RoleChange(WorkspaceRole Role);

/// <summary>
/// Workspaces, members, invitations and the audit log over REST. Members read the member and invitation lists; owners
/// invite, change roles, remove and read the audit log; anyone may leave. A workspace the caller is not a member of
/// answers 404 like a missing one; a member whose role may not do something gets 403; bad input 400 with the reason.
/// </summary>
public static class WorkspacesApi
{
    public static IEndpointRouteBuilder MapWorkspacesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization().WithTags("Workspaces");

        api.MapGet("/workspaces", async (HttpContext http, MembershipStore store) =>
            http.User.UserId() is not { } userId ? Results.Forbid() : Results.Ok(await store.WorkspacesAsync(userId, http.RequestAborted)))
            .WithName("ListWorkspaces").WithSummary("The workspaces you are a member of, with your role").Produces<List<WorkspaceView>>();

        api.MapGet("/workspaces/{id:int}/members", async (int id, HttpContext http, MembershipStore store) =>
            http.User.UserId() is not { } userId ? Results.Forbid()
            : await store.MembersAsync(userId, id, http.RequestAborted) is { } members ? Results.Ok(members)
            : Results.NotFound())
            .WithName("ListMembers").WithSummary("A workspace's members, owners first (members)").Produces<List<MemberView>>().Produces(404);

        api.MapPost("/workspaces/{id:int}/members", async (int id, HttpContext http, MembershipStore store) =>
        {
            if (http.Actor() is not { } actor) return Results.Forbid();
            var (body, refusal) = await StrictBody.ReadAsync<InvitationRequest>(http.Request, "an invitation");
            if (body is null) return refusal!;
            if (string.IsNullOrWhiteSpace(body.Address)) return ChangeResults.Invalid("give the wallet address to invite (0x followed by 40 hex digits)");
            return await InviteAsync(http, store, actor, id, body);
        }).Accepts<InvitationRequest>("application/json").WithName("InviteMember").WithSummary("Invites a wallet with a role (owners); it joins when that wallet signs in")
            .Produces<InvitationCreated>(201).ProducesProblem(400).ProducesProblem(403).Produces(404);

        api.MapPatch("/workspaces/{id:int}/members/{userId:int}", async (int id, int userId, HttpContext http, MembershipStore store) =>
        {
            if (http.Actor() is not { } actor) return Results.Forbid();
            var (body, refusal) = await StrictBody.ReadAsync<RoleChange>(http.Request, "a role");
            return body is null ? refusal! : ChangeResults.ToResult(await store.ChangeRoleAsync(actor, id, userId, body.Role, http.RequestAborted), () => Results.NoContent());
        }).Accepts<RoleChange>("application/json").WithName("ChangeMemberRole").WithSummary("Changes a member's role (owners); the last owner cannot be demoted")
            .Produces(204).ProducesProblem(400).ProducesProblem(403).Produces(404);

        api.MapDelete("/workspaces/{id:int}/members/{userId:int}", async (int id, int userId, HttpContext http, MembershipStore store) =>
            http.Actor() is not { } actor ? Results.Forbid()
            : ChangeResults.ToResult(await store.RemoveAsync(actor, id, userId, http.RequestAborted), () => Results.NoContent()))
            .WithName("RemoveMember").WithSummary("Removes a member (owners), or leaves when it is you; the last owner cannot go. Their open pages and hub connections lose access at once")
            .Produces(204).ProducesProblem(400).ProducesProblem(403).Produces(404);

        api.MapGet("/workspaces/{id:int}/invitations", async (int id, HttpContext http, MembershipStore store) =>
            http.User.UserId() is not { } userId ? Results.Forbid()
            : await store.InvitationsAsync(userId, id, http.RequestAborted) is { } list ? Results.Ok(list)
            : Results.NotFound())
            .WithName("ListInvitations").WithSummary("A workspace's invitations: pending ones and those ended in the last 30 days (members)")
            .Produces<List<InvitationView>>().Produces(404);

        api.MapPost("/workspaces/{id:int}/invitations", async (int id, HttpContext http, MembershipStore store) =>
        {
            if (http.Actor() is not { } actor) return Results.Forbid();
            var (body, refusal) = await StrictBody.ReadAsync<InvitationRequest>(http.Request, "an invitation");
            return body is null ? refusal! : await InviteAsync(http, store, actor, id, body);
        }).Accepts<InvitationRequest>("application/json").WithName("CreateInvitation").WithSummary("Invites a wallet, or without an address makes a single-use invite link (owners); the link is shown only in this answer")
            .Produces<InvitationCreated>(201).ProducesProblem(400).ProducesProblem(403).Produces(404);

        api.MapDelete("/invitations/{invitationId:int}", async (int invitationId, HttpContext http, MembershipStore store) =>
            http.Actor() is not { } actor ? Results.Forbid()
            : ChangeResults.ToResult(await store.RevokeInvitationAsync(actor, invitationId, http.RequestAborted), () => Results.NoContent()))
            .WithName("RevokeInvitation").WithSummary("Revokes a pending invitation (owners)").Produces(204).ProducesProblem(400).ProducesProblem(403).Produces(404);

        api.MapGet("/workspaces/{id:int}/audit", async (int id, long? before, int? take, HttpContext http, MembershipStore store) =>
            http.User.UserId() is not { } userId ? Results.Forbid()
            : await store.AuditAsync(userId, id, before, take ?? 100, http.RequestAborted) is { } lines ? Results.Ok(lines)
            : Results.NotFound())
            .WithName("ListAuditLog").WithSummary("The workspace's audit log, newest first; page with before=<last id> (owners; up to 500 lines, 100 by default)")
            .Produces<List<AuditView>>().Produces(404);
        return app;
    }

    private static async Task<IResult> InviteAsync(HttpContext http, MembershipStore store, WorkspaceActor actor, int workspaceId, InvitationRequest body)
    {
        if (body.ExpiresInHours is { } hours && (!double.IsFinite(hours) || hours < 1 || hours > MembershipStore.MaxInvitationLifetime.TotalHours))
        {
            return ChangeResults.Invalid($"expiresInHours is from 1 to {MembershipStore.MaxInvitationLifetime.TotalHours:0}");
        }
        TimeSpan? lifetime = body.ExpiresInHours is { } h ? TimeSpan.FromHours(h) : null;
        if (string.IsNullOrWhiteSpace(body.Address))
        {
            var (linkResult, link, secret) = await store.CreateLinkAsync(actor, workspaceId, body.Role, lifetime, http.RequestAborted);
            return linkResult.ToResult(() => Results.Created($"/api/workspaces/{workspaceId}/invitations", new InvitationCreated(link!, InviteLinks.Path(secret!))));
        }
        var (result, invitation) = await store.InviteAsync(actor, workspaceId, body.Address, body.Role, lifetime, http.RequestAborted);
        return result.ToResult(() => Results.Created($"/api/workspaces/{workspaceId}/invitations", new InvitationCreated(invitation!, null)));
    }
}

/// <summary>Where an invite link leads.</summary>
public static class InviteLinks
{
    public static string Path(string secret) => $"/invite/{secret}";
}
