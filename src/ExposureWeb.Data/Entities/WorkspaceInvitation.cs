namespace ExposureWeb.Data.Entities;

/// <summary>
/// An invitation into a workspace with a role: either for one wallet address (accepted when that wallet signs in), or an
/// invite link (accepted by whoever opens it and signs in first). Only the SHA-256 of a link's secret is stored.
/// </summary>
public sealed class WorkspaceInvitation
{
    public int Id { get; set; }

    public int WorkspaceId { get; set; }

    /// <summary>EIP-55 address of the invitee; null for an invite link.</summary>
    public string? Address { get; set; }

    /// <summary>Lower-case hex SHA-256 of an invite link's secret; null for an address invitation.</summary>
    public string? LinkHash { get; set; }

    public WorkspaceRole Role { get; set; }

    public int InvitedByUserId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? AcceptedAt { get; set; }

    public int? AcceptedByUserId { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public Workspace? Workspace { get; set; }
}
