using ExposureWeb.Data.Accounts;
using ExposureWeb.Data.Alerts;
using ExposureWeb.Data.Entities;
using ExposureWeb.Data.Quotas;
using ExposureWeb.Data.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Data.Dashboards;

/// <summary>
/// Dashboard snapshots: a dashboard frozen at a block, kept in its workspace. Every member views them; editors and owners
/// take and delete them (as they change dashboards). A snapshot of another workspace, or one past its expiry, answers like a
/// missing one; expired ones are deleted by <see cref="DeleteExpiredAsync"/>. Each workspace holds at most
/// <see cref="QuotaOptions.SnapshotsPerWorkspace"/>. Taking and deleting are written to the workspace's audit log.
/// </summary>
public sealed class DashboardSnapshotStore(
    IDbContextFactory<ExposureDbContext> factory, TimeProvider time, IOptionsMonitor<QuotaOptions> quotas, SnapshotChangeSignal changes, Sharing.ShareLinkSignal links)
{
    public const int MaxNameLength = 100;

    /// <summary>Freezes the dashboard (editors) with the portfolios' states given; refused when none of them has a block yet.</summary>
    public async Task<(ChangeResult Result, DashboardSnapshotView? Snapshot)> TakeAsync(
        WorkspaceActor actor, int dashboardId, SnapshotTaking taking, CancellationToken ct = default)
    {
        if (taking.Name is { } name && name.Trim().Length > MaxNameLength) return (ChangeResult.Invalid($"a snapshot's name has at most {MaxNameLength} characters"), null);
        if (taking.Expiry is not { } expiry || !Enum.IsDefined(expiry))
        {
            return (ChangeResult.Invalid($"choose when the snapshot expires: {string.Join(", ", Enum.GetNames<SnapshotExpiry>())}"), null);
        }
        await using var db = await factory.CreateDbContextAsync(ct);
        var dashboard = await db.Dashboards.AsNoTracking().Include(d => d.Workspace).FirstOrDefaultAsync(d => d.Id == dashboardId, ct);
        if (dashboard is null) return (ChangeResult.Missing, null);
        var role = await AlertRuleStore.WorkspaceRoleAsync(db, actor.UserId, dashboard.WorkspaceId, ct);
        if (role is null) return (ChangeResult.Missing, null);
        if (role < WorkspaceRole.Editor) return (ChangeResult.Refused(ReadOnly(role.Value)), null);

        var ids = taking.Portfolios.Select(p => p.PortfolioId).Append(taking.Variables.PortfolioId ?? 0).Where(id => id != 0).Distinct().ToList();
        var names = await db.Portfolios.AsNoTracking().Where(p => p.WorkspaceId == dashboard.WorkspaceId && ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        if (ids.Except(names.Keys).ToList() is { Count: > 0 } foreign)
        {
            return (ChangeResult.Invalid(string.Join("; ", foreign.Select(id => $"portfolio {id} is not in this dashboard's workspace"))), null);
        }
        var newest = taking.Portfolios.Where(p => p.BlockNumber is not null).OrderByDescending(p => p.BlockNumber).FirstOrDefault();
        if (newest is null)
        {
            return (ChangeResult.Invalid("no portfolio on this dashboard has been read at a block yet, so there is nothing to freeze; wait for the first block and take the snapshot again"), null);
        }

        var layout = DashboardLayout.FromJson(dashboard.LayoutJson) with { Variables = taking.Variables };
        if (DashboardLayoutValidator.Validate(layout) is { Count: > 0 } errors) return (ChangeResult.Invalid(string.Join("; ", errors)), null);
        var now = time.GetUtcNow();
        var snapshot = new DashboardSnapshot
        {
            WorkspaceId = dashboard.WorkspaceId,
            DashboardId = dashboard.Id,
            Name = string.IsNullOrWhiteSpace(taking.Name) ? Truncate($"{dashboard.Name} at block {newest.BlockNumber}", MaxNameLength) : taking.Name.Trim(),
            LayoutJson = layout.ToJson(),
            PortfoliosJson = FrozenPortfolioJson.Serialize(taking.Portfolios.Select(p => p with { Name = names[p.PortfolioId] }).ToList()),
            ChainName = newest.ChainName ?? "",
            BlockNumber = (long)newest.BlockNumber!.Value,
            BlockTime = newest.BlockTime ?? now,
            TakenByUserId = actor.UserId,
            TakenByAddress = actor.Address,
            TakenAt = now,
            ExpiresAt = expiry.Lifetime() is { } lifetime ? now + lifetime : null,
        };

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!await QuotaLocks.WorkspaceAsync(db, dashboard.WorkspaceId, ct)) return (ChangeResult.Missing, null);
        var held = await Live(db.DashboardSnapshots, now).CountAsync(s => s.WorkspaceId == dashboard.WorkspaceId, ct);
        if (held >= quotas.CurrentValue.SnapshotsPerWorkspace) return (ChangeResult.OverQuota(QuotaMessages.Snapshots(held)), null);
        db.DashboardSnapshots.Add(snapshot);
        AuditLog.Add(db, dashboard.WorkspaceId, actor, AuditActions.SnapshotTaken, snapshot.Name,
            $"dashboard \"{dashboard.Name}\" at block {snapshot.BlockNumber} of {snapshot.ChainName}, expires {expiry.Describe()}", now);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        changes.Raise(snapshot.DashboardId);
        return (ChangeResult.Done, View(snapshot, dashboard.Workspace?.Name ?? "", role.Value));
    }

    /// <summary>The snapshot with the user's role, or null when it does not exist, has expired, or the user may not see it.</summary>
    public async Task<DashboardSnapshotView?> FindAsync(int userId, int snapshotId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var snapshot = await Live(db.DashboardSnapshots.AsNoTracking().Include(s => s.Workspace), time.GetUtcNow()).FirstOrDefaultAsync(s => s.Id == snapshotId, ct);
        if (snapshot is null) return null;
        var role = await AlertRuleStore.WorkspaceRoleAsync(db, userId, snapshot.WorkspaceId, ct);
        return role is null ? null : View(snapshot, snapshot.Workspace?.Name ?? "", role.Value);
    }

    /// <summary>
    /// The snapshot a live share link shows, for its viewer without an account (the caller has checked the link); null when
    /// it expired or is gone. No workspace name: the viewer sees the snapshot only.
    /// </summary>
    public async Task<DashboardSnapshotView?> FindForShareLinkAsync(int snapshotId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var snapshot = await Live(db.DashboardSnapshots.AsNoTracking(), time.GetUtcNow()).FirstOrDefaultAsync(s => s.Id == snapshotId, ct);
        return snapshot is null ? null : View(snapshot, "", WorkspaceRole.Viewer);
    }

    /// <summary>The dashboard's unexpired snapshots, newest first; null when the user may not see the dashboard.</summary>
    public async Task<IReadOnlyList<DashboardSnapshotSummary>?> ListForDashboardAsync(int userId, int dashboardId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var workspaceId = await db.Dashboards.Where(d => d.Id == dashboardId).Select(d => (int?)d.WorkspaceId).FirstOrDefaultAsync(ct);
        if (workspaceId is null || await AlertRuleStore.WorkspaceRoleAsync(db, userId, workspaceId.Value, ct) is null) return null;
        return await SummariesAsync(db.DashboardSnapshots.Where(s => s.DashboardId == dashboardId), ct);
    }

    /// <summary>The workspace's unexpired snapshots (those of deleted dashboards too), newest first; null when not the user's.</summary>
    public async Task<IReadOnlyList<DashboardSnapshotSummary>?> ListForWorkspaceAsync(int userId, int workspaceId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await AlertRuleStore.WorkspaceRoleAsync(db, userId, workspaceId, ct) is null) return null;
        return await SummariesAsync(db.DashboardSnapshots.Where(s => s.WorkspaceId == workspaceId), ct);
    }

    /// <summary>Deletes a snapshot (editors); the audit log records it.</summary>
    public async Task<ChangeResult> DeleteAsync(WorkspaceActor actor, int snapshotId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        var snapshot = await Live(db.DashboardSnapshots, now).FirstOrDefaultAsync(s => s.Id == snapshotId, ct);
        if (snapshot is null) return ChangeResult.Missing;
        var role = await AlertRuleStore.WorkspaceRoleAsync(db, actor.UserId, snapshot.WorkspaceId, ct);
        if (role is null) return ChangeResult.Missing;
        if (role < WorkspaceRole.Editor) return ChangeResult.Refused(ReadOnly(role.Value));
        // Its share links go with it (cascade); their open viewers are cut like a revoke's.
        var shareLinks = await db.ShareLinks.Where(l => l.SnapshotId == snapshotId).Select(l => l.Id).ToListAsync(ct);
        db.DashboardSnapshots.Remove(snapshot);
        AuditLog.Add(db, snapshot.WorkspaceId, actor, AuditActions.SnapshotDeleted, snapshot.Name, $"taken at block {snapshot.BlockNumber} of {snapshot.ChainName}", now);
        await db.SaveChangesAsync(ct);
        changes.Raise(snapshot.DashboardId);
        links.RaiseGone(snapshot.WorkspaceId, shareLinks);
        return ChangeResult.Done;
    }

    /// <summary>Deletes every snapshot past its expiry; how many. Idempotent (the cleanup job may run twice).</summary>
    public async Task<int> DeleteExpiredAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        return await db.DashboardSnapshots.Where(s => s.ExpiresAt != null && s.ExpiresAt <= now).ExecuteDeleteAsync(ct);
    }

    private static IQueryable<DashboardSnapshot> Live(IQueryable<DashboardSnapshot> snapshots, DateTimeOffset now) =>
        snapshots.Where(s => s.ExpiresAt == null || s.ExpiresAt > now);

    private async Task<IReadOnlyList<DashboardSnapshotSummary>> SummariesAsync(IQueryable<DashboardSnapshot> snapshots, CancellationToken ct)
    {
        var rows = await Live(snapshots.AsNoTracking(), time.GetUtcNow()).OrderByDescending(s => s.Id)
            .Select(s => new { s.Id, s.WorkspaceId, s.DashboardId, s.Name, s.ChainName, s.BlockNumber, s.BlockTime, s.TakenByAddress, s.TakenAt, s.ExpiresAt })
            .ToListAsync(ct);
        return rows.Select(s => new DashboardSnapshotSummary(s.Id, s.WorkspaceId, s.DashboardId, s.Name, s.ChainName, (ulong)s.BlockNumber, s.BlockTime,
            s.TakenByAddress, s.TakenAt, s.ExpiresAt)).ToList();
    }

    private static DashboardSnapshotView View(DashboardSnapshot s, string workspaceName, WorkspaceRole role) =>
        new(s.Id, s.WorkspaceId, workspaceName, s.DashboardId, s.Name, DashboardLayout.FromJson(s.LayoutJson), FrozenPortfolioJson.Deserialize(s.PortfoliosJson),
            s.ChainName, (ulong)s.BlockNumber, s.BlockTime, s.TakenByAddress, s.TakenAt, s.ExpiresAt, role);

    private static string ReadOnly(WorkspaceRole role) =>
        $"your role ({role.ToString().ToLowerInvariant()}) may view snapshots but not take or delete them; ask an editor of the workspace";

    private static string Truncate(string text, int max) => text.Length > max ? text[..max] : text;
}
