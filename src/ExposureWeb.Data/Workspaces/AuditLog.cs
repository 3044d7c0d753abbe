using ExposureWeb.Data.Entities;

namespace ExposureWeb.Data.Workspaces;

/// <summary>Adds audit lines to the change being saved, so a change and its line commit together or not at all.</summary>
public static class AuditLog
{
    public static void Add(ExposureDbContext db, int workspaceId, WorkspaceActor? actor, string action, string? subject, string? detail, DateTimeOffset at) =>
        db.AuditLog.Add(new AuditEntry
        {
            WorkspaceId = workspaceId,
            At = at,
            ActorUserId = actor?.UserId,
            ActorAddress = actor?.Address,
            ClientAddress = Truncate(actor?.ClientAddress, 64),
            Action = action,
            Subject = Truncate(subject, 200),
            Detail = Truncate(detail, 500),
        });

    /// <summary>A line of someone without an account (a share link's viewer): the wallet they proved, if any, and their client.</summary>
    public static void AddVisitor(ExposureDbContext db, int workspaceId, string? provenAddress, string? clientAddress, string action, string? subject, string? detail, DateTimeOffset at) =>
        db.AuditLog.Add(new AuditEntry
        {
            WorkspaceId = workspaceId,
            At = at,
            ActorAddress = provenAddress,
            ClientAddress = Truncate(clientAddress, 64),
            Action = action,
            Subject = Truncate(subject, 200),
            Detail = Truncate(detail, 500),
        });

    private static string? Truncate(string? text, int max) => text is { Length: > 0 } t && t.Length > max ? t[..max] : text;
}
