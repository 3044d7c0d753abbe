using System.Security.Cryptography;
using System.Text;
using ExposureWeb.Data.Accounts;
using ExposureWeb.Data.Alerts;
using ExposureWeb.Data.Dashboards;
using ExposureWeb.Data.Entities;
using ExposureWeb.Data.Quotas;
using ExposureWeb.Data.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Data.Sharing;

/// <summary>
/// Read-only share links of dashboards. Editors and owners make, rotate and revoke them; every member sees the live ones.
/// A viewer without an account opens one by its secret, which is kept only as a hash. Every change and every view lands
/// in the workspace's audit log; a link of another workspace answers like a missing one.
/// </summary>
public sealed class ShareLinkStore(
    IDbContextFactory<ExposureDbContext> factory, TimeProvider time, ShareLinkSignal signal, IOptionsMonitor<QuotaOptions> quotas)
{
    /// <summary>Views of one link by one viewer within this window make one audit line (the link's count still counts each).</summary>
    public static readonly TimeSpan ViewAuditWindow = TimeSpan.FromMinutes(10);

    /// <summary>Makes a link to a dashboard, live (editors); the secret is returned once and never stored.</summary>
    public async Task<(ChangeResult Result, ShareLinkView? Link, string? Secret)> CreateAsync(
        WorkspaceActor actor, int dashboardId, ShareLinkRequest request, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var dashboard = await db.Dashboards.AsNoTracking().FirstOrDefaultAsync(d => d.Id == dashboardId, ct);
        if (dashboard is null) return (ChangeResult.Missing, null, null);
        var variables = DashboardLayout.FromJson(dashboard.LayoutJson).Variables;
        // A pinned portfolio without an underlying means "all underlyings"; neither pinned: the dashboard's defaults.
        var target = new Target(dashboard.WorkspaceId, dashboard.Id, null, dashboard.Name,
            request.PortfolioId ?? variables.PortfolioId, request.Underlying ?? (request.PortfolioId is null ? variables.Underlying : null));
        return await CreateAsync(db, actor, target, request, ct);
    }

    /// <summary>Makes a link to a snapshot (editors): its frozen state, nothing live; the secret is returned once.</summary>
    public async Task<(ChangeResult Result, ShareLinkView? Link, string? Secret)> CreateForSnapshotAsync(
        WorkspaceActor actor, int snapshotId, ShareLinkRequest request, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        var snapshot = await db.DashboardSnapshots.AsNoTracking().FirstOrDefaultAsync(s => s.Id == snapshotId, ct);
        if (snapshot is null || snapshot.ExpiresAt <= now) return (ChangeResult.Missing, null, null);
        if (request.PortfolioId is not null || request.Underlying is not null)
        {
            return (ChangeResult.Invalid("a snapshot's variables were fixed when it was taken; share it without portfolioId and underlying"), null, null);
        }
        // By default the link lives as long as a dashboard's would, but never past the snapshot.
        var expiresAt = request.ExpiresAt ?? Min(now + ShareLinkRules.DefaultLifetime, snapshot.ExpiresAt);
        if (snapshot.ExpiresAt is { } gone && expiresAt > gone)
        {
            return (ChangeResult.Invalid($"the snapshot itself expires at {gone:yyyy-MM-dd HH:mm:ss} UTC; pick an expiry no later than that"), null, null);
        }
        var target = new Target(snapshot.WorkspaceId, null, snapshot.Id, snapshot.Name, null, null);
        return await CreateAsync(db, actor, target, request with { ExpiresAt = expiresAt }, ct);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset? b) => b is { } c && c < a ? c : a;

    /// <summary>What a new link shows: a dashboard or a snapshot of a workspace, and the variables pinned for its viewers.</summary>
    private sealed record Target(int WorkspaceId, int? DashboardId, int? SnapshotId, string Name, int? PortfolioId, string? Underlying);

    private async Task<(ChangeResult Result, ShareLinkView? Link, string? Secret)> CreateAsync(
        ExposureDbContext db, WorkspaceActor actor, Target target, ShareLinkRequest request, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var (addresses, errors) = ShareLinkRules.Addresses(request.Addresses);
        var label = string.IsNullOrWhiteSpace(request.Label) ? null : request.Label.Trim();
        var underlying = string.IsNullOrWhiteSpace(target.Underlying) ? null : target.Underlying.Trim().ToUpperInvariant();
        var expiresAt = request.ExpiresAt ?? now + ShareLinkRules.DefaultLifetime;
        if (label is { Length: > ShareLinkRules.MaxLabelLength }) errors = [.. errors, $"a label has at most {ShareLinkRules.MaxLabelLength} characters"];
        if (ShareLinkRules.Expiry(expiresAt, now) is { } badExpiry) errors = [.. errors, badExpiry];
        if (ShareLinkRules.Underlying(underlying) is { } badUnderlying) errors = [.. errors, badUnderlying];
        if (errors.Count > 0) return (ChangeResult.Invalid(string.Join("; ", errors)), null, null);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await RequireEditorAsync(db, actor.UserId, target.WorkspaceId, ct) is { } refused) return (refused, null, null);
        if (target.PortfolioId is { } pid && !await db.Portfolios.AnyAsync(p => p.Id == pid && p.WorkspaceId == target.WorkspaceId, ct))
        {
            return (ChangeResult.Invalid($"portfolio {pid} is not in this dashboard's workspace"), null, null);
        }
        if (!await QuotaLocks.WorkspaceAsync(db, target.WorkspaceId, ct)) return (ChangeResult.Missing, null, null);
        var live = await LiveLinks(db, now).CountAsync(l => l.WorkspaceId == target.WorkspaceId, ct);
        if (live >= quotas.CurrentValue.ShareLinksPerWorkspace) return (ChangeResult.OverQuota(QuotaMessages.ShareLinks(live)), null, null);

        var secret = NewSecret();
        var link = new ShareLink
        {
            WorkspaceId = target.WorkspaceId,
            DashboardId = target.DashboardId,
            SnapshotId = target.SnapshotId,
            TokenHash = Hash(secret),
            TokenHint = Hint(secret),
            Label = label,
            Audience = addresses.Count == 0 ? ShareAudience.Anyone : ShareAudience.Addresses,
            Addresses = addresses.Count == 0 ? null : string.Join(',', addresses),
            PinnedPortfolioId = target.PortfolioId,
            PinnedUnderlying = underlying,
            CreatedAt = now,
            CreatedByUserId = actor.UserId,
            ExpiresAt = expiresAt,
        };
        db.ShareLinks.Add(link);
        await db.SaveChangesAsync(ct);
        AuditLog.Add(db, link.WorkspaceId, actor, AuditActions.ShareLinkCreated, Subject(link.Id, target.Name, link.SnapshotId), Describe(link), now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        signal.RaiseChanged(link.WorkspaceId);
        return (ChangeResult.Done, await ViewAsync(link.Id, ct), secret);
    }

    /// <summary>A new secret for a live link (editors): the old URL stops working and its open viewers are cut.</summary>
    public async Task<(ChangeResult Result, ShareLinkView? Link, string? Secret)> RotateAsync(WorkspaceActor actor, int linkId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        await using var db = await factory.CreateDbContextAsync(ct);
        var (link, refused) = await ForChangeAsync(db, actor.UserId, linkId, now, ct);
        if (refused is not null) return (refused, null, null);
        var secret = NewSecret();
        link!.TokenHash = Hash(secret);
        link.TokenHint = Hint(secret);
        link.RotatedAt = now;
        AuditLog.Add(db, link.WorkspaceId, actor, AuditActions.ShareLinkRotated, Subject(link), "new URL; the old one no longer opens", now);
        await db.SaveChangesAsync(ct);
        signal.RaiseEnded(link.Id, ShareLinkEnd.Rotated);
        signal.RaiseChanged(link.WorkspaceId);
        return (ChangeResult.Done, await ViewAsync(link.Id, ct), secret);
    }

    /// <summary>Ends a live link now (editors); its open viewers are cut.</summary>
    public async Task<ChangeResult> RevokeAsync(WorkspaceActor actor, int linkId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        await using var db = await factory.CreateDbContextAsync(ct);
        var (link, refused) = await ForChangeAsync(db, actor.UserId, linkId, now, ct);
        if (refused is not null) return refused;
        link!.RevokedAt = now;
        AuditLog.Add(db, link.WorkspaceId, actor, AuditActions.ShareLinkRevoked, Subject(link), null, now);
        await db.SaveChangesAsync(ct);
        signal.RaiseEnded(link.Id, ShareLinkEnd.Revoked);
        signal.RaiseChanged(link.WorkspaceId);
        return ChangeResult.Done;
    }

    /// <summary>The live links of a dashboard (members), newest first; null when the user may not see the dashboard.</summary>
    public async Task<IReadOnlyList<ShareLinkView>?> ForDashboardAsync(int userId, int dashboardId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var workspaceId = await db.Dashboards.Where(d => d.Id == dashboardId).Select(d => (int?)d.WorkspaceId).FirstOrDefaultAsync(ct);
        if (workspaceId is null || await AlertRuleStore.WorkspaceRoleAsync(db, userId, workspaceId.Value, ct) is null) return null;
        return await ViewsAsync(db, LiveLinks(db, time.GetUtcNow()).Where(l => l.DashboardId == dashboardId), ct);
    }

    /// <summary>The live links of a snapshot (members), newest first; null when the user may not see the snapshot.</summary>
    public async Task<IReadOnlyList<ShareLinkView>?> ForSnapshotAsync(int userId, int snapshotId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var workspaceId = await db.DashboardSnapshots.Where(s => s.Id == snapshotId).Select(s => (int?)s.WorkspaceId).FirstOrDefaultAsync(ct);
        if (workspaceId is null || await AlertRuleStore.WorkspaceRoleAsync(db, userId, workspaceId.Value, ct) is null) return null;
        return await ViewsAsync(db, LiveLinks(db, time.GetUtcNow()).Where(l => l.SnapshotId == snapshotId), ct);
    }

    /// <summary>Every live link of a workspace (members), newest first; null when the user is not a member.</summary>
    public async Task<IReadOnlyList<ShareLinkView>?> ForWorkspaceAsync(int userId, int workspaceId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await AlertRuleStore.WorkspaceRoleAsync(db, userId, workspaceId, ct) is null) return null;
        return await ViewsAsync(db, LiveLinks(db, time.GetUtcNow()).Where(l => l.WorkspaceId == workspaceId), ct);
    }

    /// <summary>How many live links each of these dashboards has (for the "shared externally" badge); absent: none.</summary>
    public async Task<IReadOnlyDictionary<int, int>> LiveCountsAsync(IReadOnlyCollection<int> dashboardIds, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await LiveLinks(db, time.GetUtcNow()).Where(l => l.DashboardId != null && dashboardIds.Contains(l.DashboardId.Value))
            .GroupBy(l => l.DashboardId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return rows.ToDictionary(g => g.Key, g => g.Count);
    }

    /// <summary>What a viewer holding <paramref name="secret"/> may see, or null when the link is unknown, revoked, rotated or expired.</summary>
    public async Task<SharedDashboard?> OpenAsync(string? secret, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(secret) || !secret.StartsWith(ShareLinkRules.SecretPrefix, StringComparison.Ordinal) || secret.Length > 100) return null;
        var hash = Hash(secret);
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        var link = await LiveLinks(db, now).AsNoTracking().Include(l => l.Dashboard).Include(l => l.Snapshot).FirstOrDefaultAsync(l => l.TokenHash == hash, ct);
        if (link is null) return null;
        var (name, layoutJson) = link switch
        {
            { Dashboard: { } d } => (d.Name, d.LayoutJson),
            { Snapshot: { } s } when !(s.ExpiresAt <= now) => (s.Name, s.LayoutJson),
            _ => ((string?)null, (string?)null),
        };
        if (name is null || layoutJson is null) return null;
        var layout = DashboardLayout.FromJson(layoutJson);
        var pinned = link.SnapshotId is null ? link.PinnedPortfolioId : layout.Variables.PortfolioId;
        // Only the portfolios the widgets show, and only if they are still of the workspace (a layout is checked when saved,
        // but a portfolio can move or go since).
        var shown = layout.Widgets.Select(w => w.PortfolioId ?? pinned).OfType<int>().Distinct().ToList();
        var portfolios = await db.Portfolios.AsNoTracking().Where(p => shown.Contains(p.Id) && p.WorkspaceId == link.WorkspaceId)
            .ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        return new SharedDashboard(link.Id, link.WorkspaceId, link.DashboardId, link.SnapshotId, name, layout, pinned,
            link.SnapshotId is null ? link.PinnedUnderlying : layout.Variables.Underlying, portfolios, link.Audience, SplitAddresses(link.Addresses), link.ExpiresAt);
    }

    /// <summary>Counts a page open and writes an audit line (one per viewer per <see cref="ViewAuditWindow"/>).</summary>
    public async Task RecordViewAsync(int linkId, string? provenAddress, string? clientAddress, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        await using var db = await factory.CreateDbContextAsync(ct);
        var link = await db.ShareLinks.Include(l => l.Dashboard).Include(l => l.Snapshot).FirstOrDefaultAsync(l => l.Id == linkId, ct);
        if (link is null) return;
        link.Views++;
        link.LastViewedAt = now;
        var subject = Subject(link);
        // The newest line of this viewer (ids grow with time; SQLite cannot compare the stored offsets in a query).
        var last = await db.AuditLog.Where(a => a.WorkspaceId == link.WorkspaceId && a.Action == AuditActions.ShareLinkViewed && a.Subject == subject
                && a.ActorAddress == provenAddress && a.ClientAddress == clientAddress)
            .OrderByDescending(a => a.Id).Select(a => (DateTimeOffset?)a.At).FirstOrDefaultAsync(ct);
        if (last is null || last < now - ViewAuditWindow)
        {
            AuditLog.AddVisitor(db, link.WorkspaceId, provenAddress, clientAddress, AuditActions.ShareLinkViewed, subject,
                provenAddress is null ? "opened by someone with the link" : "opened by a wallet on the link's list (proven by signature)", now);
        }
        await db.SaveChangesAsync(ct);
        signal.RaiseChanged(link.WorkspaceId);
    }

    /// <summary>Records a wallet that proved itself but is not on an "only these addresses" link's list.</summary>
    public async Task RecordRefusalAsync(int linkId, string provenAddress, string? clientAddress, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var link = await db.ShareLinks.Include(l => l.Dashboard).Include(l => l.Snapshot).FirstOrDefaultAsync(l => l.Id == linkId, ct);
        if (link is null) return;
        AuditLog.AddVisitor(db, link.WorkspaceId, provenAddress, clientAddress, AuditActions.ShareLinkRefused,
            Subject(link), "refused: the wallet is not on the link's list", time.GetUtcNow());
        await db.SaveChangesAsync(ct);
    }

    private async Task<(ShareLink?, ChangeResult?)> ForChangeAsync(ExposureDbContext db, int userId, int linkId, DateTimeOffset now, CancellationToken ct)
    {
        var link = await db.ShareLinks.Include(l => l.Dashboard).Include(l => l.Snapshot).FirstOrDefaultAsync(l => l.Id == linkId, ct);
        if (link is null) return (null, ChangeResult.Missing);
        if (await RequireEditorAsync(db, userId, link.WorkspaceId, ct) is { } refused) return (null, refused);
        if (link.RevokedAt is not null || link.ExpiresAt <= now) return (null, ChangeResult.Invalid($"share link #{link.Id} already ended; make a new one"));
        return (link, null);
    }

    private static async Task<ChangeResult?> RequireEditorAsync(ExposureDbContext db, int userId, int workspaceId, CancellationToken ct)
    {
        var role = await AlertRuleStore.WorkspaceRoleAsync(db, userId, workspaceId, ct);
        return role is null ? ChangeResult.Missing
            : role < WorkspaceRole.Editor ? ChangeResult.Refused($"your role ({MembershipStore.Name(role.Value)}) may view share links but not make, rotate or revoke them; ask an editor of the workspace")
            : null;
    }

    private static IQueryable<ShareLink> LiveLinks(ExposureDbContext db, DateTimeOffset now) =>
        db.ShareLinks.Where(l => l.RevokedAt == null && l.ExpiresAt > now);

    private async Task<ShareLinkView> ViewAsync(int linkId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return (await ViewsAsync(db, db.ShareLinks.Where(l => l.Id == linkId), ct)).Single();
    }

    private static async Task<IReadOnlyList<ShareLinkView>> ViewsAsync(ExposureDbContext db, IQueryable<ShareLink> links, CancellationToken ct)
    {
        var rows = await links.AsNoTracking()
            .Select(l => new
            {
                Link = l,
                DashboardName = l.Dashboard != null ? l.Dashboard.Name : l.Snapshot!.Name,
                CreatedBy = db.Users.Where(u => u.Id == l.CreatedByUserId).Select(u => u.Address).FirstOrDefault(),
                PortfolioName = db.Portfolios.Where(p => p.Id == l.PinnedPortfolioId).Select(p => p.Name).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return rows.OrderByDescending(r => r.Link.CreatedAt).ThenByDescending(r => r.Link.Id)
            .Select(r => new ShareLinkView(r.Link.Id, r.Link.WorkspaceId, r.Link.DashboardId, r.Link.SnapshotId, r.DashboardName, r.Link.Label, r.Link.Audience,
                SplitAddresses(r.Link.Addresses), r.Link.PinnedPortfolioId, r.PortfolioName, r.Link.PinnedUnderlying, r.Link.TokenHint, r.CreatedBy ?? "",
                r.Link.CreatedAt, r.Link.ExpiresAt, r.Link.RevokedAt, r.Link.RotatedAt, r.Link.Views, r.Link.LastViewedAt))
            .ToList();
    }

    private static IReadOnlyList<string> SplitAddresses(string? addresses) =>
        string.IsNullOrEmpty(addresses) ? [] : addresses.Split(',');

    private static string Describe(ShareLink link) =>
        (link.Audience == ShareAudience.Anyone ? "anyone with the link" : $"only {link.Addresses!.Replace(",", ", ")}") + $", until {link.ExpiresAt:yyyy-MM-dd HH:mm:ss} UTC";

    private static string Subject(int linkId, string name, int? snapshotId) =>
        snapshotId is null ? $"share link #{linkId} of '{name}'" : $"share link #{linkId} of snapshot '{name}'";

    private static string Subject(ShareLink link) => Subject(link.Id, link.Dashboard?.Name ?? link.Snapshot?.Name ?? "", link.SnapshotId);

    private static string NewSecret() => ShareLinkRules.SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Hint(string secret) => secret[^4..];

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
