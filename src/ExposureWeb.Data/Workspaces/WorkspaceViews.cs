using ExposureWeb.Data.Entities;

namespace ExposureWeb.Data.Workspaces;

/// <summary>A workspace the user belongs to, with their role in it.</summary>
public sealed record WorkspaceView(int Id, string Name, WorkspaceRole Role, int Members, int Portfolios, DateTimeOffset CreatedAt);

/// <summary>A member of a workspace.</summary>
public sealed record MemberView(int UserId, string Address, WorkspaceRole Role, DateTimeOffset AddedAt);

/// <summary>Where an invitation stands.</summary>
public enum InvitationState
{
    Pending,
    Accepted,
    Revoked,
    Expired,
}

/// <summary>An invitation as the workspace's members see it. A link invitation has no address; its secret is never shown again.</summary>
public sealed record InvitationView(
    int Id, int WorkspaceId, string? Address, bool IsLink, WorkspaceRole Role, string InvitedBy,
    DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, InvitationState State, string? AcceptedBy);

/// <summary>An invitation waiting for the signed-in user (by their wallet address), or the one an invite link leads to.</summary>
public sealed record PendingInvitation(int Id, int WorkspaceId, string WorkspaceName, WorkspaceRole Role, string InvitedBy, DateTimeOffset ExpiresAt);

/// <summary>One line of the audit log.</summary>
public sealed record AuditView(long Id, DateTimeOffset At, string? ActorAddress, string? ClientAddress, string Action, string? Subject, string? Detail);
