using System.Text.Json;
using ExposureWeb.Data.Accounts;
using ExposureWeb.Data.Alerts;
using ExposureWeb.Data.Entities;
using ExposureWeb.Data.Quotas;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Data.Dashboards;

/// <summary>
/// Dashboards of the workspaces a user belongs to: members read them, editors and owners arrange, rename, duplicate and
/// delete them. Every portfolio has a default dashboard equal to its page, made the first time it is asked for. A
/// dashboard of another workspace answers like a missing one; a save naming an older version is refused, not merged.
/// </summary>
public sealed class DashboardStore(
    IDbContextFactory<ExposureDbContext> factory, TimeProvider time, DashboardChangeSignal changes, IOptionsMonitor<QuotaOptions> quotas, Sharing.ShareLinkSignal links)
{
    public const int MaxNameLength = 100;

    /// <summary>The dashboards of every workspace the user may see (defaults made for portfolios that have none yet).</summary>
    public async Task<IReadOnlyList<DashboardSummary>> ListAsync(int userId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var demoVisible = db.DemoWorkspaceVisible;
        // Portfolios the user may see that have no default dashboard yet: one query, then a dashboard for each (rare).
        var missing = await db.Portfolios.AsNoTracking()
            .Where(p => p.Workspace != null && ((demoVisible && p.Workspace.IsDemo) || p.Workspace.Members.Any(m => m.UserId == userId)))
            .Where(p => !db.Dashboards.Any(d => d.DefaultForPortfolioId == p.Id))
            .Select(p => new { p.Id, p.Name, WorkspaceId = p.WorkspaceId!.Value })
            .ToListAsync(ct);
        foreach (var p in missing) await EnsureDefaultAsync(db, userId, p.Id, p.WorkspaceId, p.Name, ct);
        var rows = await db.Dashboards.AsNoTracking()
            .Where(d => (demoVisible && d.Workspace!.IsDemo) || d.Workspace!.Members.Any(m => m.UserId == userId))
            .Select(d => new
            {
                d.Id, d.WorkspaceId, WorkspaceName = d.Workspace!.Name, d.Name, d.DefaultForPortfolioId, d.LayoutJson, d.UpdatedAt,
                Role = d.Workspace.Members.Where(m => m.UserId == userId).Select(m => (WorkspaceRole?)m.Role).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return rows
            .Select(r => new DashboardSummary(r.Id, r.WorkspaceId, r.WorkspaceName, r.Name, r.DefaultForPortfolioId,
                DashboardLayout.FromJson(r.LayoutJson).Widgets.Count, r.UpdatedAt, r.Role ?? WorkspaceRole.Viewer))
            .OrderByDescending(r => r.Role).ThenBy(r => r.WorkspaceId).ThenBy(r => r.DefaultForPortfolioId is null).ThenBy(r => r.Id)
            .ToList();
    }

    /// <summary>The dashboard with the user's role, or null when it does not exist or the user may not see it.</summary>
    public async Task<DashboardView?> FindAsync(int userId, int dashboardId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var dashboard = await db.Dashboards.AsNoTracking().Include(d => d.Workspace).FirstOrDefaultAsync(d => d.Id == dashboardId, ct);
        if (dashboard is null) return null;
        var role = await AlertRuleStore.WorkspaceRoleAsync(db, userId, dashboard.WorkspaceId, ct);
        return role is null ? null : View(dashboard, role.Value);
    }

    /// <summary>The id of the portfolio's default dashboard, made now if it has none; null when the user may not see the portfolio.</summary>
    public async Task<int?> DefaultForAsync(int userId, int portfolioId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var access = await AlertRuleStore.PortfolioRoleAsync(db, userId, portfolioId, ct);
        if (access is null) return null;
        var name = await db.Portfolios.Where(p => p.Id == portfolioId).Select(p => p.Name).FirstAsync(ct);
        return await EnsureDefaultAsync(db, userId, portfolioId, access.Value.WorkspaceId, name, ct);
    }

    /// <summary>A new dashboard in the workspace (editors); its layout is the one given, or empty.</summary>
    public async Task<(ChangeResult Result, DashboardView? Dashboard)> CreateAsync(int userId, int workspaceId, string name, DashboardLayout? layout = null, CancellationToken ct = default)
    {
        if (ValidateName(name) is { } badName) return (badName, null);
        layout ??= new DashboardLayout([], new DashboardVariables(null, null));
        await using var db = await factory.CreateDbContextAsync(ct);
        var role = await AlertRuleStore.WorkspaceRoleAsync(db, userId, workspaceId, ct);
        if (role is null) return (ChangeResult.Missing, null);
        if (role < WorkspaceRole.Editor) return (ChangeResult.Refused(ReadOnly(role.Value)), null);
        if (await CheckLayoutAsync(db, workspaceId, layout, ct) is { } badLayout) return (badLayout, null);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await QuotaLocks.WorkspaceAsync(db, workspaceId, ct)) return (ChangeResult.Missing, null);
        var held = await db.Dashboards.CountAsync(d => d.WorkspaceId == workspaceId, ct);
        if (held >= quotas.CurrentValue.DashboardsPerWorkspace) return (ChangeResult.OverQuota(QuotaMessages.Dashboards(held)), null);
        var now = time.GetUtcNow();
        var dashboard = new Dashboard { WorkspaceId = workspaceId, Name = name.Trim(), LayoutJson = layout.ToJson(), Version = 1, CreatedByUserId = userId, CreatedAt = now, UpdatedAt = now };
        db.Dashboards.Add(dashboard);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await db.Entry(dashboard).Reference(d => d.Workspace).LoadAsync(ct);
        return (ChangeResult.Done, View(dashboard, role.Value));
    }

    /// <summary>
    /// Saves a layout and/or a new name (editors) if the dashboard is still at <paramref name="expectedVersion"/>; otherwise
    /// refuses as stale with when it changed, so the editor reloads instead of overwriting a teammate's work.
    /// </summary>
    public async Task<(ChangeResult Result, DashboardView? Dashboard)> UpdateAsync(
        int userId, int dashboardId, int expectedVersion, string? name, DashboardLayout? layout, CancellationToken ct = default)
    {
        if (name is not null && ValidateName(name) is { } badName) return (badName, null);
        await using var db = await factory.CreateDbContextAsync(ct);
        var (dashboard, role, refused) = await ForChangeAsync(db, userId, dashboardId, ct);
        if (refused is not null) return (refused, null);
        if (layout is not null && await CheckLayoutAsync(db, dashboard!.WorkspaceId, layout, ct) is { } badLayout) return (badLayout, null);
        if (dashboard!.Version != expectedVersion)
        {
            return (ChangeResult.Stale($"this dashboard was changed by someone else at {dashboard.UpdatedAt:HH:mm:ss} UTC (now version {dashboard.Version}); reload it and make your change again"), null);
        }
        if (name is not null) dashboard.Name = name.Trim();
        if (layout is not null) dashboard.LayoutJson = layout.ToJson();
        return await CommitAsync(db, dashboard, role, ct);
    }

    /// <summary>Saves a layout (editors) if the dashboard is still at <paramref name="expectedVersion"/>.</summary>
    public Task<(ChangeResult Result, DashboardView? Dashboard)> SaveLayoutAsync(
        int userId, int dashboardId, int expectedVersion, DashboardLayout layout, CancellationToken ct = default) =>
        UpdateAsync(userId, dashboardId, expectedVersion, null, layout, ct);

    /// <summary>A copy in the same workspace (editors), named "… (copy)" unless a name is given; never a portfolio's default.</summary>
    public async Task<(ChangeResult Result, DashboardView? Dashboard)> DuplicateAsync(int userId, int dashboardId, string? name = null, CancellationToken ct = default)
    {
        var source = await FindAsync(userId, dashboardId, ct);
        if (source is null) return (ChangeResult.Missing, null);
        var copyName = string.IsNullOrWhiteSpace(name) ? Truncate($"{source.Name} (copy)", MaxNameLength) : name;
        return await CreateAsync(userId, source.WorkspaceId, copyName, source.Layout, ct);
    }

    /// <summary>Deletes a dashboard (editors). A portfolio's default is reset to the page's layout instead, so it always has one.</summary>
    public async Task<ChangeResult> DeleteAsync(int userId, int dashboardId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var (dashboard, _, refused) = await ForChangeAsync(db, userId, dashboardId, ct);
        if (refused is not null) return refused;
        if (dashboard!.DefaultForPortfolioId is { } portfolioId)
        {
            dashboard.LayoutJson = DashboardLayout.PortfolioPage(portfolioId).ToJson();
            dashboard.Version++;
            dashboard.UpdatedAt = time.GetUtcNow();
        }
        var shareLinks = new List<int>();
        if (dashboard.DefaultForPortfolioId is null)
        {
            // Its share links go with it (cascade); their open viewers are cut like a revoke's.
            shareLinks = await db.ShareLinks.Where(l => l.DashboardId == dashboardId).Select(l => l.Id).ToListAsync(ct);
            db.Dashboards.Remove(dashboard);
        }
        await db.SaveChangesAsync(ct);
        changes.Raise(dashboardId);
        links.RaiseGone(dashboard.WorkspaceId, shareLinks);
        return ChangeResult.Done;
    }

    private async Task<(ChangeResult, DashboardView?)> CommitAsync(ExposureDbContext db, Dashboard dashboard, WorkspaceRole role, CancellationToken ct)
    {
        dashboard.Version++;
        dashboard.UpdatedAt = time.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return (ChangeResult.Stale("this dashboard was changed by someone else a moment ago; reload it and make your change again"), null);
        }
        changes.Raise(dashboard.Id);
        return (ChangeResult.Done, View(dashboard, role));
    }

    private static async Task<(Dashboard?, WorkspaceRole, ChangeResult?)> ForChangeAsync(ExposureDbContext db, int userId, int dashboardId, CancellationToken ct)
    {
        var dashboard = await db.Dashboards.Include(d => d.Workspace).FirstOrDefaultAsync(d => d.Id == dashboardId, ct);
        if (dashboard is null) return (null, default, ChangeResult.Missing);
        var role = await AlertRuleStore.WorkspaceRoleAsync(db, userId, dashboard.WorkspaceId, ct);
        if (role is null) return (null, default, ChangeResult.Missing);
        if (role < WorkspaceRole.Editor) return (null, default, ChangeResult.Refused(ReadOnly(role.Value)));
        return (dashboard, role.Value, null);
    }

    private async Task<int> EnsureDefaultAsync(ExposureDbContext db, int userId, int portfolioId, int workspaceId, string portfolioName, CancellationToken ct)
    {
        var existing = await db.Dashboards.Where(d => d.DefaultForPortfolioId == portfolioId).Select(d => (int?)d.Id).FirstOrDefaultAsync(ct);
        if (existing is { } id) return id;
        var now = time.GetUtcNow();
        var dashboard = new Dashboard
        {
            WorkspaceId = workspaceId,
            Name = Truncate(portfolioName, MaxNameLength),
            DefaultForPortfolioId = portfolioId,
            LayoutJson = DashboardLayout.PortfolioPage(portfolioId).ToJson(),
            Version = 1,
            CreatedByUserId = userId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Dashboards.Add(dashboard);
        try
        {
            await db.SaveChangesAsync(ct);
            return dashboard.Id;
        }
        catch (DbUpdateException)
        {
            // Two first looks at one portfolio raced; the unique index let one make it.
            db.Entry(dashboard).State = EntityState.Detached;
            return await db.Dashboards.Where(d => d.DefaultForPortfolioId == portfolioId).Select(d => d.Id).FirstAsync(ct);
        }
    }

    /// <summary>The layout's own rules, and every portfolio it names (and its variable) must be of the dashboard's workspace.</summary>
    private static async Task<ChangeResult?> CheckLayoutAsync(ExposureDbContext db, int workspaceId, DashboardLayout layout, CancellationToken ct)
    {
        var errors = DashboardLayoutValidator.Validate(layout).ToList();
        if (errors.Count == 0)
        {
            var named = layout.Widgets.Select(w => w.PortfolioId).Append(layout.Variables.PortfolioId).OfType<int>().Distinct().ToList();
            var ours = await db.Portfolios.Where(p => p.WorkspaceId == workspaceId && named.Contains(p.Id)).Select(p => p.Id).ToListAsync(ct);
            errors.AddRange(named.Except(ours).Select(id => $"portfolio {id} is not in this dashboard's workspace"));
        }
        return errors.Count == 0 ? null : ChangeResult.Invalid(string.Join("; ", errors));
    }

    private static DashboardView View(Dashboard d, WorkspaceRole role) =>
        new(d.Id, d.WorkspaceId, d.Workspace?.Name ?? "", d.Name, d.DefaultForPortfolioId, DashboardLayout.FromJson(d.LayoutJson), d.Version, d.UpdatedAt, role);

    private static string ReadOnly(WorkspaceRole role) =>
        $"your role ({role.ToString().ToLowerInvariant()}) may view dashboards but not change them; ask an editor of the workspace";

    private static ChangeResult? ValidateName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? ChangeResult.Invalid("give the dashboard a name")
        : name.Trim().Length > MaxNameLength ? ChangeResult.Invalid($"a name has at most {MaxNameLength} characters")
        : null;

    private static string Truncate(string text, int max) => text.Length > max ? text[..max] : text;
}
