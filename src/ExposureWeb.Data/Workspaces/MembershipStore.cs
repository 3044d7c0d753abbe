using System.Security.Cryptography;
using System.Text;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Data.Accounts;
using ExposureWeb.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace ExposureWeb.Data.Workspaces;

/// <summary>
/// A workspace's members and invitations. Owners invite (by wallet address or with a link), change roles and remove;
/// any member may leave; a workspace always keeps at least one owner. Every change writes its audit line in the same
/// transaction. A workspace the user is not a member of answers like a missing one.
/// </summary>
public sealed class MembershipStore(
    IDbContextFactory<ExposureDbContext> factory, TimeProvider time, MembershipChangeSignal memberships, PortfolioChangeSignal portfolios)
{
    /// <summary>Every invite link starts with this, so a leaked one is easy to recognise.</summary>
    public const string LinkPrefix = "xwi_";

    public static readonly TimeSpan DefaultInvitationLifetime = TimeSpan.FromDays(7);
    public static readonly TimeSpan MaxInvitationLifetime = TimeSpan.FromDays(30);
    public const int MaxPendingInvitations = 100;

    /// <summary>The workspaces the user is a member of, with their role.</summary>
    public async Task<IReadOnlyList<WorkspaceView>> WorkspacesAsync(int userId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.WorkspaceMembers.AsNoTracking().Where(m => m.UserId == userId).OrderBy(m => m.WorkspaceId)
            .Select(m => new WorkspaceView(m.WorkspaceId, m.Workspace!.Name, m.Role, m.Workspace.Members.Count, m.Workspace.Portfolios.Count, m.Workspace.CreatedAt))
            .ToListAsync(ct);
    }

    /// <summary>The user's own role, or null when the workspace does not exist or they are not a member (the same answer).</summary>
    public async Task<WorkspaceRole?> RoleAsync(int userId, int workspaceId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await MemberRoleAsync(db, userId, workspaceId, ct);
    }

    /// <summary>The workspace's members, owners first; null for a non-member.</summary>
    public async Task<IReadOnlyList<MemberView>?> MembersAsync(int userId, int workspaceId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await MemberRoleAsync(db, userId, workspaceId, ct) is null) return null;
        var rows = await db.WorkspaceMembers.AsNoTracking().Where(m => m.WorkspaceId == workspaceId)
            .Select(m => new MemberView(m.UserId, m.User!.Address, m.Role, m.AddedAt)).ToListAsync(ct);
        return rows.OrderByDescending(m => m.Role).ThenBy(m => m.AddedAt).ThenBy(m => m.UserId).ToList();
    }

    /// <summary>The workspace's invitations, newest first (pending, and ended ones of the last 30 days); null for a non-member.</summary>
    public async Task<IReadOnlyList<InvitationView>?> InvitationsAsync(int userId, int workspaceId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await MemberRoleAsync(db, userId, workspaceId, ct) is null) return null;
        var now = time.GetUtcNow();
        var rows = await db.WorkspaceInvitations.AsNoTracking().Where(i => i.WorkspaceId == workspaceId).OrderByDescending(i => i.Id).Take(500)
            .Select(i => new
            {
                Invitation = i,
                InvitedBy = db.Users.Where(u => u.Id == i.InvitedByUserId).Select(u => u.Address).FirstOrDefault(),
                AcceptedBy = db.Users.Where(u => u.Id == i.AcceptedByUserId).Select(u => u.Address).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return rows.Select(r => View(r.Invitation, r.InvitedBy ?? "", r.AcceptedBy, now))
            .Where(v => v.State == InvitationState.Pending || now - v.CreatedAt < TimeSpan.FromDays(30))
            .ToList();
    }

    /// <summary>
    /// Invites a wallet address with a role (owners). The invitee joins when that wallet signs in (or accepts on the
    /// workspaces page if already signed in). A pending invitation for the same address is replaced.
    /// </summary>
    public async Task<(ChangeResult Result, InvitationView? Invitation)> InviteAsync(
        WorkspaceActor actor, int workspaceId, string address, WorkspaceRole role, TimeSpan? lifetime = null, CancellationToken ct = default)
    {
        if (!Address.TryParseEntered(address, out var parsed, out var error)) return (ChangeResult.Invalid(error), null);
        if (ValidateRole(role) is { } badRole) return (badRole, null);
        if (ValidateLifetime(lifetime) is { } badLifetime) return (badLifetime, null);
        var invitee = parsed.ToString();
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await RequireOwnerAsync(db, actor.UserId, workspaceId, ct) is { } refused) return (refused, null);
        if (await db.WorkspaceMembers.AnyAsync(m => m.WorkspaceId == workspaceId && m.User!.Address == invitee, ct))
        {
            return (ChangeResult.Invalid($"{invitee} is already a member; change their role in the members list instead"), null);
        }
        var now = time.GetUtcNow();
        if (await PendingCountAsync(db, workspaceId, now, ct) >= MaxPendingInvitations)
        {
            return (ChangeResult.Invalid($"this workspace has {MaxPendingInvitations} pending invitations; revoke some first"), null);
        }
        var earlier = await db.WorkspaceInvitations
            .Where(i => i.WorkspaceId == workspaceId && i.Address == invitee && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .ToListAsync(ct);
        foreach (var old in earlier) old.RevokedAt = now;
        var invitation = new WorkspaceInvitation
        {
            WorkspaceId = workspaceId,
            Address = invitee,
            Role = role,
            InvitedByUserId = actor.UserId,
            CreatedAt = now,
            ExpiresAt = now + (lifetime ?? DefaultInvitationLifetime),
        };
        db.WorkspaceInvitations.Add(invitation);
        AuditLog.Add(db, workspaceId, actor, AuditActions.MemberInvited, invitee, $"as {Name(role)}, until {invitation.ExpiresAt:yyyy-MM-dd HH:mm} UTC", now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (ChangeResult.Done, View(invitation, actor.Address, null, now));
    }

    /// <summary>Makes an invite link (owners): whoever opens it first and signs in joins with the role. The secret is returned once.</summary>
    public async Task<(ChangeResult Result, InvitationView? Invitation, string? Secret)> CreateLinkAsync(
        WorkspaceActor actor, int workspaceId, WorkspaceRole role, TimeSpan? lifetime = null, CancellationToken ct = default)
    {
        if (ValidateRole(role) is { } badRole) return (badRole, null, null);
        if (ValidateLifetime(lifetime) is { } badLifetime) return (badLifetime, null, null);
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await RequireOwnerAsync(db, actor.UserId, workspaceId, ct) is { } refused) return (refused, null, null);
        var now = time.GetUtcNow();
        if (await PendingCountAsync(db, workspaceId, now, ct) >= MaxPendingInvitations)
        {
            return (ChangeResult.Invalid($"this workspace has {MaxPendingInvitations} pending invitations; revoke some first"), null, null);
        }
        var secret = LinkPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var invitation = new WorkspaceInvitation
        {
            WorkspaceId = workspaceId,
            LinkHash = Hash(secret),
            Role = role,
            InvitedByUserId = actor.UserId,
            CreatedAt = now,
            ExpiresAt = now + (lifetime ?? DefaultInvitationLifetime),
        };
        db.WorkspaceInvitations.Add(invitation);
        await db.SaveChangesAsync(ct);
        AuditLog.Add(db, workspaceId, actor, AuditActions.InviteLinkCreated, $"invitation #{invitation.Id}", $"as {Name(role)}, until {invitation.ExpiresAt:yyyy-MM-dd HH:mm} UTC", now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (ChangeResult.Done, View(invitation, actor.Address, null, now), secret);
    }

    /// <summary>Revokes a pending invitation (owners of its workspace); an accepted one stays accepted.</summary>
    public async Task<ChangeResult> RevokeInvitationAsync(WorkspaceActor actor, int invitationId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var invitation = await db.WorkspaceInvitations.FirstOrDefaultAsync(i => i.Id == invitationId, ct);
        if (invitation is null) return ChangeResult.Missing;
        if (await RequireOwnerAsync(db, actor.UserId, invitation.WorkspaceId, ct) is { } refused) return refused;
        var now = time.GetUtcNow();
        if (invitation.AcceptedAt is not null) return ChangeResult.Invalid("this invitation was already accepted; remove the member instead");
        if (invitation.RevokedAt is not null || invitation.ExpiresAt <= now) return ChangeResult.Done;
        invitation.RevokedAt = now;
        AuditLog.Add(db, invitation.WorkspaceId, actor, AuditActions.InvitationRevoked, invitation.Address ?? $"invitation #{invitation.Id}", null, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ChangeResult.Done;
    }

    /// <summary>Invitations waiting for this wallet.</summary>
    public async Task<IReadOnlyList<PendingInvitation>> PendingForAsync(string address, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        return await db.WorkspaceInvitations.AsNoTracking()
            .Where(i => i.Address == address && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .OrderBy(i => i.Id)
            .Select(i => new PendingInvitation(i.Id, i.WorkspaceId, i.Workspace!.Name, i.Role,
                db.Users.Where(u => u.Id == i.InvitedByUserId).Select(u => u.Address).FirstOrDefault() ?? "", i.ExpiresAt))
            .ToListAsync(ct);
    }

    /// <summary>Accepts every invitation waiting for the actor's wallet: what signing in does. Returns the workspaces joined.</summary>
    public async Task<IReadOnlyList<int>> AcceptPendingAsync(WorkspaceActor actor, CancellationToken ct = default)
    {
        var joined = new List<int>();
        foreach (var pending in await PendingForAsync(actor.Address, ct))
        {
            if ((await AcceptAsync(actor, pending.Id, ct)).Ok) joined.Add(pending.WorkspaceId);
        }
        return joined;
    }

    /// <summary>Accepts an invitation made for the actor's wallet.</summary>
    public async Task<ChangeResult> AcceptAsync(WorkspaceActor actor, int invitationId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var invitation = await db.WorkspaceInvitations.FirstOrDefaultAsync(i => i.Id == invitationId && i.Address == actor.Address, ct);
        if (invitation is null) return ChangeResult.Missing;
        return await JoinAsync(db, tx, actor, invitation, ct);
    }

    /// <summary>Declines an invitation made for the actor's wallet.</summary>
    public async Task<ChangeResult> DeclineAsync(WorkspaceActor actor, int invitationId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var invitation = await db.WorkspaceInvitations.FirstOrDefaultAsync(i => i.Id == invitationId && i.Address == actor.Address, ct);
        var now = time.GetUtcNow();
        if (invitation is null || invitation.AcceptedAt is not null || invitation.RevokedAt is not null || invitation.ExpiresAt <= now) return ChangeResult.Missing;
        invitation.RevokedAt = now;
        AuditLog.Add(db, invitation.WorkspaceId, actor, AuditActions.InvitationRevoked, actor.Address, "declined by the invitee", now);
        await db.SaveChangesAsync(ct);
        return ChangeResult.Done;
    }

    /// <summary>The invitation an invite link leads to, if it can still be used.</summary>
    public async Task<PendingInvitation?> FindLinkAsync(string secret, CancellationToken ct = default)
    {
        if (!secret.StartsWith(LinkPrefix, StringComparison.Ordinal) || secret.Length > 100) return null;
        var hash = Hash(secret);
        var now = time.GetUtcNow();
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.WorkspaceInvitations.AsNoTracking()
            .Where(i => i.LinkHash == hash && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .Select(i => new PendingInvitation(i.Id, i.WorkspaceId, i.Workspace!.Name, i.Role,
                db.Users.Where(u => u.Id == i.InvitedByUserId).Select(u => u.Address).FirstOrDefault() ?? "", i.ExpiresAt))
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>Joins through an invite link; the link is used up.</summary>
    public async Task<(ChangeResult Result, int? WorkspaceId)> AcceptLinkAsync(WorkspaceActor actor, string secret, CancellationToken ct = default)
    {
        if (!secret.StartsWith(LinkPrefix, StringComparison.Ordinal) || secret.Length > 100) return (ChangeResult.Missing, null);
        var hash = Hash(secret);
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var invitation = await db.WorkspaceInvitations.FirstOrDefaultAsync(i => i.LinkHash == hash, ct);
        if (invitation is null) return (ChangeResult.Missing, null);
        var result = await JoinAsync(db, tx, actor, invitation, ct);
        return (result, result.Ok ? invitation.WorkspaceId : null);
    }

    /// <summary>Changes a member's role (owners). The last owner cannot be demoted.</summary>
    public async Task<ChangeResult> ChangeRoleAsync(WorkspaceActor actor, int workspaceId, int memberUserId, WorkspaceRole role, CancellationToken ct = default)
    {
        if (ValidateRole(role) is { } badRole) return badRole;
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await RequireOwnerAsync(db, actor.UserId, workspaceId, ct) is { } refused) return refused;
        var member = await db.WorkspaceMembers.Include(m => m.User).FirstOrDefaultAsync(m => m.WorkspaceId == workspaceId && m.UserId == memberUserId, ct);
        if (member is null) return ChangeResult.Invalid("that wallet is no longer a member of this workspace");
        if (member.Role == role) return ChangeResult.Done;
        if (member.Role == WorkspaceRole.Owner && await OwnerCountAsync(db, workspaceId, ct) == 1)
        {
            return ChangeResult.Invalid("a workspace keeps at least one owner: make another member owner first");
        }
        var before = member.Role;
        member.Role = role;
        var now = time.GetUtcNow();
        AuditLog.Add(db, workspaceId, actor, AuditActions.MemberRoleChanged, member.User!.Address, $"{Name(before)} → {Name(role)}", now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        Changed(workspaceId, memberUserId);
        return ChangeResult.Done;
    }

    /// <summary>Removes a member (owners; or the member themself, which is leaving). The last owner cannot go.</summary>
    public async Task<ChangeResult> RemoveAsync(WorkspaceActor actor, int workspaceId, int memberUserId, CancellationToken ct = default)
    {
        var leaving = actor.UserId == memberUserId;
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (leaving)
        {
            if (await MemberRoleAsync(db, actor.UserId, workspaceId, ct) is null) return ChangeResult.Missing;
        }
        else if (await RequireOwnerAsync(db, actor.UserId, workspaceId, ct) is { } refused)
        {
            return refused;
        }
        var member = await db.WorkspaceMembers.Include(m => m.User).FirstOrDefaultAsync(m => m.WorkspaceId == workspaceId && m.UserId == memberUserId, ct);
        if (member is null) return ChangeResult.Invalid("that wallet is no longer a member of this workspace");
        if (member.Role == WorkspaceRole.Owner && await OwnerCountAsync(db, workspaceId, ct) == 1)
        {
            return ChangeResult.Invalid(leaving
                ? "you are this workspace's only owner: make another member owner before you leave"
                : "a workspace keeps at least one owner: make another member owner first");
        }
        db.WorkspaceMembers.Remove(member);
        var now = time.GetUtcNow();
        AuditLog.Add(db, workspaceId, actor, leaving ? AuditActions.MemberLeft : AuditActions.MemberRemoved, member.User!.Address, $"was {Name(member.Role)}", now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        Changed(workspaceId, memberUserId);
        return ChangeResult.Done;
    }

    /// <summary>The workspace's audit log, newest first, before an id for paging (owners).</summary>
    public async Task<IReadOnlyList<AuditView>?> AuditAsync(int userId, int workspaceId, long? before = null, int take = 100, CancellationToken ct = default)
    {
        take = Math.Clamp(take, 1, 500);
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await MemberRoleAsync(db, userId, workspaceId, ct) is not WorkspaceRole.Owner) return null;
        var query = db.AuditLog.AsNoTracking().Where(a => a.WorkspaceId == workspaceId);
        if (before is { } b) query = query.Where(a => a.Id < b);
        return await query.OrderByDescending(a => a.Id).Take(take)
            .Select(a => new AuditView(a.Id, a.At, a.ActorAddress, a.ClientAddress, a.Action, a.Subject, a.Detail))
            .ToListAsync(ct);
    }

    private async Task<ChangeResult> JoinAsync(
        ExposureDbContext db, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction tx, WorkspaceActor actor, WorkspaceInvitation invitation, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (invitation.AcceptedAt is not null) return ChangeResult.Invalid("this invitation was already used");
        if (invitation.RevokedAt is not null) return ChangeResult.Invalid("this invitation was revoked; ask an owner of the workspace for a new one");
        if (invitation.ExpiresAt <= now) return ChangeResult.Invalid("this invitation has expired; ask an owner of the workspace for a new one");
        invitation.AcceptedAt = now;
        invitation.AcceptedByUserId = actor.UserId;
        var existing = await db.WorkspaceMembers.FirstOrDefaultAsync(m => m.WorkspaceId == invitation.WorkspaceId && m.UserId == actor.UserId, ct);
        if (existing is null)
        {
            db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = invitation.WorkspaceId, UserId = actor.UserId, Role = invitation.Role, AddedAt = now });
            AuditLog.Add(db, invitation.WorkspaceId, actor, AuditActions.MemberJoined, actor.Address,
                $"as {Name(invitation.Role)}, {(invitation.Address is null ? $"through invite link #{invitation.Id}" : $"invitation #{invitation.Id}")}", now);
        }
        else if (existing.Role < invitation.Role)
        {
            // Already a member: an invitation never lowers a role, and raises it only to what an owner offered.
            AuditLog.Add(db, invitation.WorkspaceId, actor, AuditActions.MemberRoleChanged, actor.Address, $"{Name(existing.Role)} → {Name(invitation.Role)} by invitation #{invitation.Id}", now);
            existing.Role = invitation.Role;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        Changed(invitation.WorkspaceId, actor.UserId);
        return ChangeResult.Done;
    }

    private void Changed(int workspaceId, int userId)
    {
        memberships.Raise(workspaceId, userId);
        portfolios.Raise();
    }

    private static async Task<ChangeResult?> RequireOwnerAsync(ExposureDbContext db, int userId, int workspaceId, CancellationToken ct) =>
        await MemberRoleAsync(db, userId, workspaceId, ct) switch
        {
            null => ChangeResult.Missing,
            WorkspaceRole.Owner => null,
            var role => ChangeResult.Refused($"your role ({Name(role!.Value)}) may not manage members; ask an owner of the workspace"),
        };

    private static Task<WorkspaceRole?> MemberRoleAsync(ExposureDbContext db, int userId, int workspaceId, CancellationToken ct) =>
        db.WorkspaceMembers.Where(m => m.UserId == userId && m.WorkspaceId == workspaceId).Select(m => (WorkspaceRole?)m.Role).FirstOrDefaultAsync(ct);

    private static Task<int> OwnerCountAsync(ExposureDbContext db, int workspaceId, CancellationToken ct) =>
        db.WorkspaceMembers.CountAsync(m => m.WorkspaceId == workspaceId && m.Role == WorkspaceRole.Owner, ct);

    private static Task<int> PendingCountAsync(ExposureDbContext db, int workspaceId, DateTimeOffset now, CancellationToken ct) =>
        db.WorkspaceInvitations.CountAsync(i => i.WorkspaceId == workspaceId && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now, ct);

    private static InvitationView View(WorkspaceInvitation i, string invitedBy, string? acceptedBy, DateTimeOffset now) =>
        new(i.Id, i.WorkspaceId, i.Address, i.LinkHash is not null, i.Role, invitedBy, i.CreatedAt, i.ExpiresAt,
            i.AcceptedAt is not null ? InvitationState.Accepted
            : i.RevokedAt is not null ? InvitationState.Revoked
            : i.ExpiresAt <= now ? InvitationState.Expired
            : InvitationState.Pending,
            acceptedBy);

    private static ChangeResult? ValidateRole(WorkspaceRole role) =>
        Enum.IsDefined(role) ? null : ChangeResult.Invalid("the role is one of owner, editor, viewer");

    private static ChangeResult? ValidateLifetime(TimeSpan? lifetime) =>
        lifetime is { } l && (l < TimeSpan.FromHours(1) || l > MaxInvitationLifetime)
            ? ChangeResult.Invalid($"an invitation lasts from 1 hour to {MaxInvitationLifetime.TotalDays:0} days")
            : null;

    public static string Name(WorkspaceRole role) => role.ToString().ToLowerInvariant();

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
