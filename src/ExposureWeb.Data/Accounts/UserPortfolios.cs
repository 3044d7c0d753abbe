using ExposureWeb.Chain.Primitives;
using ExposureWeb.Data.Entities;
using ExposureWeb.Data.Quotas;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Data.Accounts;

/// <summary>
/// Portfolios as a user sees them: every read and change takes the user's id and is limited to the
/// workspaces they belong to (the demo workspace makes everyone a viewer). Anything else answers as if
/// it did not exist, so ids of other workspaces reveal nothing. Portfolios per workspace and watched addresses per
/// portfolio are limited by <see cref="QuotaOptions"/>, counted under the owner's lock.
/// </summary>
public sealed class UserPortfolios(IDbContextFactory<ExposureDbContext> factory, TimeProvider time, PortfolioChangeSignal changes, IOptionsMonitor<QuotaOptions> quotas)
{
    public const int MaxNameLength = 100;
    public const int MaxLabelLength = 100;

    /// <summary>Every portfolio the user may see, their own workspaces' first.</summary>
    public async Task<IReadOnlyList<PortfolioAccess>> ListAsync(int userId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await QueryAsync(db, userId, portfolioId: null, ct);
    }

    /// <summary>The portfolio with the user's role, or null when it does not exist or the user may not see it.</summary>
    public async Task<PortfolioAccess?> FindAsync(int userId, int portfolioId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return (await QueryAsync(db, userId, portfolioId, ct)).SingleOrDefault();
    }

    /// <summary>Workspaces the user may add portfolios to (editor or owner).</summary>
    public async Task<IReadOnlyList<Workspace>> EditableWorkspacesAsync(int userId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.WorkspaceMembers.AsNoTracking()
            .Where(m => m.UserId == userId && m.Role != WorkspaceRole.Viewer)
            .OrderBy(m => m.WorkspaceId)
            .Select(m => m.Workspace!)
            .ToListAsync(ct);
    }

    public async Task<(ChangeResult Result, int? PortfolioId)> CreateAsync(int userId, int workspaceId, string name, string chainName, CancellationToken ct = default)
    {
        if (ValidateName(name) is { } invalid) return (invalid, null);
        await using var db = await factory.CreateDbContextAsync(ct);
        var editor = await db.WorkspaceMembers.AnyAsync(m => m.UserId == userId && m.WorkspaceId == workspaceId && m.Role != WorkspaceRole.Viewer, ct);
        if (!editor) return (ChangeResult.Missing, null);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!await QuotaLocks.WorkspaceAsync(db, workspaceId, ct)) return (ChangeResult.Missing, null);
        var held = await db.Portfolios.CountAsync(p => p.WorkspaceId == workspaceId, ct);
        if (held >= quotas.CurrentValue.PortfoliosPerWorkspace) return (ChangeResult.OverQuota(QuotaMessages.Portfolios(held)), null);
        var portfolio = new Portfolio { Name = name.Trim(), ChainName = chainName, WorkspaceId = workspaceId, CreatedAt = time.GetUtcNow() };
        db.Portfolios.Add(portfolio);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        changes.Raise();
        return (ChangeResult.Done, portfolio.Id);
    }

    public Task<ChangeResult> RenameAsync(int userId, int portfolioId, string name, CancellationToken ct = default) =>
        ValidateName(name) is { } invalid
            ? Task.FromResult(invalid)
            : ChangeAsync(userId, portfolioId, WorkspaceRole.Editor, (_, p) => { p.Name = name.Trim(); return null; }, ct);

    /// <summary>Deletes the portfolio with its addresses and manual positions; owners only.</summary>
    public Task<ChangeResult> DeleteAsync(int userId, int portfolioId, CancellationToken ct = default) =>
        ChangeAsync(userId, portfolioId, WorkspaceRole.Owner, (db, p) => { db.Portfolios.Remove(p); return null; }, ct);

    /// <summary>
    /// Adds a watched address, kept in its EIP-55 form; refused with the reason when it is no address
    /// (<see cref="Address.TryParseEntered"/>, the rule the form shows).
    /// </summary>
    public Task<ChangeResult> AddAddressAsync(int userId, int portfolioId, string address, string? label, CancellationToken ct = default)
    {
        if (!Address.TryParseEntered(address, out var parsed, out var error)) return Task.FromResult(ChangeResult.Invalid(error));
        if (ValidateLabel(label) is { } invalid) return Task.FromResult(invalid);
        var checksummed = parsed.ToString();
        return ChangeAsync(userId, portfolioId, WorkspaceRole.Editor, (_, p) =>
        {
            if (p.Addresses.Any(a => string.Equals(a.Address, checksummed, StringComparison.OrdinalIgnoreCase)))
            {
                return ChangeResult.Invalid($"{checksummed} is already watched in this portfolio");
            }
            if (p.Addresses.Count >= quotas.CurrentValue.WatchedAddressesPerPortfolio) return ChangeResult.OverQuota(QuotaMessages.WatchedAddresses(p.Addresses.Count));
            p.Addresses.Add(new WatchedAddress { Address = checksummed, Label = Clean(label) });
            return null;
        }, ct);
    }

    public Task<ChangeResult> SetLabelAsync(int userId, int portfolioId, int addressId, string? label, CancellationToken ct = default) =>
        ValidateLabel(label) is { } invalid
            ? Task.FromResult(invalid)
            : ChangeAsync(userId, portfolioId, WorkspaceRole.Editor, (_, p) =>
            {
                var watched = p.Addresses.FirstOrDefault(a => a.Id == addressId);
                if (watched is null) return ChangeResult.Invalid("that address is no longer in this portfolio");
                watched.Label = Clean(label);
                return null;
            }, ct);

    public Task<ChangeResult> RemoveAddressAsync(int userId, int portfolioId, int addressId, CancellationToken ct = default) =>
        ChangeAsync(userId, portfolioId, WorkspaceRole.Editor, (_, p) =>
        {
            var watched = p.Addresses.FirstOrDefault(a => a.Id == addressId);
            if (watched is null) return ChangeResult.Invalid("that address is no longer in this portfolio");
            p.Addresses.Remove(watched);
            return null;
        }, ct);

    /// <summary>Applies <paramref name="change"/> (null: done; else the refusal) under the portfolio's lock, so what it counts stays counted.</summary>
    private async Task<ChangeResult> ChangeAsync(
        int userId, int portfolioId, WorkspaceRole needed, Func<ExposureDbContext, Portfolio, ChangeResult?> change, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var role = await RoleAsync(db, userId, portfolioId, ct);
        if (role is null) return ChangeResult.Missing;
        if (role < needed) return ChangeResult.Invalid($"your role ({role}) may not do this; ask an {needed.ToString().ToLowerInvariant()} of the workspace");
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!await QuotaLocks.PortfolioAsync(db, portfolioId, ct)) return ChangeResult.Missing;
        var portfolio = await db.Portfolios.Include(p => p.Addresses).FirstAsync(p => p.Id == portfolioId, ct);
        if (change(db, portfolio) is { } refused) return refused;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        changes.Raise();
        return ChangeResult.Done;
    }

    private static async Task<WorkspaceRole?> RoleAsync(ExposureDbContext db, int userId, int portfolioId, CancellationToken ct) =>
        (await RolesAsync(db, userId, portfolioId, ct)).FirstOrDefault().Role;

    private static async Task<List<(int PortfolioId, WorkspaceRole? Role, string WorkspaceName)>> RolesAsync(
        ExposureDbContext db, int userId, int? portfolioId, CancellationToken ct)
    {
        var demoVisible = db.DemoWorkspaceVisible;
        var query = db.Portfolios.AsNoTracking().Where(p => p.Workspace != null && ((demoVisible && p.Workspace.IsDemo) || p.Workspace.Members.Any(m => m.UserId == userId)));
        if (portfolioId is { } id) query = query.Where(p => p.Id == id);
        var rows = await query
            .Select(p => new
            {
                p.Id,
                Role = p.Workspace!.Members.Where(m => m.UserId == userId).Select(m => (WorkspaceRole?)m.Role).FirstOrDefault(),
                p.Workspace.Name,
            })
            .ToListAsync(ct);
        // A member's own role wins; the demo workspace alone makes a non-member a viewer.
        return rows.Select(r => (r.Id, (WorkspaceRole?)(r.Role ?? WorkspaceRole.Viewer), r.Name)).ToList();
    }

    private static async Task<IReadOnlyList<PortfolioAccess>> QueryAsync(ExposureDbContext db, int userId, int? portfolioId, CancellationToken ct)
    {
        var roles = await RolesAsync(db, userId, portfolioId, ct);
        if (roles.Count == 0) return [];
        var ids = roles.Select(r => r.PortfolioId).ToList();
        var portfolios = await db.Portfolios.AsNoTracking().Include(p => p.Addresses).Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        return roles
            .Select(r => new PortfolioAccess(portfolios[r.PortfolioId], r.Role!.Value, r.WorkspaceName))
            .OrderByDescending(a => a.Role).ThenBy(a => a.Portfolio.Id)
            .ToList();
    }

    private static ChangeResult? ValidateName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? ChangeResult.Invalid("give the portfolio a name")
        : name.Trim().Length > MaxNameLength ? ChangeResult.Invalid($"a name has at most {MaxNameLength} characters")
        : null;

    private static ChangeResult? ValidateLabel(string? label) =>
        label is not null && label.Trim().Length > MaxLabelLength ? ChangeResult.Invalid($"a label has at most {MaxLabelLength} characters") : null;

    private static string? Clean(string? label) => string.IsNullOrWhiteSpace(label) ? null : label.Trim();
}
