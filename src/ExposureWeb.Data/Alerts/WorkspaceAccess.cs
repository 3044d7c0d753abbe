using ExposureWeb.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace ExposureWeb.Data.Alerts;

/// <summary>Who may see a workspace's alerts: its members (and, for the demo workspace, every user as a viewer).</summary>
public sealed class WorkspaceAccess(IDbContextFactory<ExposureDbContext> factory)
{
    /// <summary>The user's role in the workspace, or null when it does not exist or is not theirs (the same answer).</summary>
    public async Task<WorkspaceRole?> RoleAsync(int userId, int workspaceId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await AlertRuleStore.WorkspaceRoleAsync(db, userId, workspaceId, ct);
    }

    /// <summary>The workspaces the user is a member of (toasts go to members, not to the demo workspace's onlookers).</summary>
    public async Task<IReadOnlyList<(int Id, string Name, WorkspaceRole Role)>> MembershipsAsync(int userId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.WorkspaceMembers.AsNoTracking().Where(m => m.UserId == userId)
            .OrderBy(m => m.WorkspaceId).Select(m => new { m.WorkspaceId, m.Workspace!.Name, m.Role }).ToListAsync(ct);
        return rows.Select(r => (r.WorkspaceId, r.Name, r.Role)).ToList();
    }

    /// <summary>The workspace's name when the user may see it; null otherwise.</summary>
    public async Task<string?> NameAsync(int userId, int workspaceId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await AlertRuleStore.WorkspaceRoleAsync(db, userId, workspaceId, ct) is null) return null;
        return await db.Workspaces.AsNoTracking().Where(w => w.Id == workspaceId).Select(w => w.Name).FirstOrDefaultAsync(ct);
    }
}
