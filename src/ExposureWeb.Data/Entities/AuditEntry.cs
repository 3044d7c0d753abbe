namespace ExposureWeb.Data.Entities;

/// <summary>
/// One line of a workspace's audit log: membership, sharing and share-link views — who (wallet and client address),
/// what, when. Written in the same transaction as the change it records, so the log never misses a change.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public int WorkspaceId { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The signed-in user who acted; null for an anonymous share-link viewer.</summary>
    public int? ActorUserId { get; set; }

    /// <summary>The acting wallet (EIP-55), when known: a member's, or the address a share-link viewer proved.</summary>
    public string? ActorAddress { get; set; }

    /// <summary>The client's network address as the server saw it (after trusted proxies).</summary>
    public string? ClientAddress { get; set; }

    /// <summary>What happened: one of <see cref="AuditActions"/>.</summary>
    public required string Action { get; set; }

    /// <summary>What it happened to: a wallet address, an invitation, a dashboard, a link.</summary>
    public string? Subject { get; set; }

    /// <summary>Human-readable detail, e.g. "viewer → editor".</summary>
    public string? Detail { get; set; }

    public Workspace? Workspace { get; set; }
}

/// <summary>The audit log's action names, stable for filters and the API.</summary>
public static class AuditActions
{
    public const string MemberInvited = "member.invited";
    public const string InviteLinkCreated = "invitation.link_created";
    public const string InvitationRevoked = "invitation.revoked";
    public const string MemberJoined = "member.joined";
    public const string MemberRoleChanged = "member.role_changed";
    public const string MemberRemoved = "member.removed";
    public const string MemberLeft = "member.left";
    public const string WorkspaceRenamed = "workspace.renamed";
    public const string ShareLinkCreated = "share_link.created";
    public const string ShareLinkRotated = "share_link.rotated";
    public const string ShareLinkRevoked = "share_link.revoked";
    public const string ShareLinkViewed = "share_link.viewed";
    public const string ShareLinkRefused = "share_link.refused";
    public const string SnapshotTaken = "snapshot.taken";
    public const string SnapshotDeleted = "snapshot.deleted";
}
