namespace ExposureWeb.Data.Entities;

/// <summary>A user's role in a workspace.</summary>
public sealed class WorkspaceMember
{
    public int WorkspaceId { get; set; }

    public int UserId { get; set; }

    public WorkspaceRole Role { get; set; }

    public DateTimeOffset AddedAt { get; set; }

    public Workspace? Workspace { get; set; }

    public User? User { get; set; }
}
