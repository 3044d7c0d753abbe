using ExposureWeb.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace ExposureWeb.Data.Quotas;

/// <summary>
/// Makes "count, then add" atomic: inside a transaction, a no-op UPDATE of the row that owns what is counted (the
/// portfolio, the workspace, the user) takes its write lock, so a second creator of the same owner waits until the first
/// has committed and then counts its rows. SQLite's write lock covers the whole file (its transactions begin IMMEDIATE
/// here anyway); PostgreSQL locks just that row. Without it two concurrent 5,000-line imports could each count 0 and
/// together pass a 5,000 cap.
/// </summary>
public static class QuotaLocks
{
    /// <summary>Locks the portfolio for the rest of the transaction; false when it does not exist.</summary>
    public static async Task<bool> PortfolioAsync(ExposureDbContext db, int portfolioId, CancellationToken ct) =>
        await db.Portfolios.Where(p => p.Id == portfolioId).ExecuteUpdateAsync(s => s.SetProperty(p => p.Name, p => p.Name), ct) > 0;

    /// <summary>Locks the workspace for the rest of the transaction; false when it does not exist.</summary>
    public static async Task<bool> WorkspaceAsync(ExposureDbContext db, int workspaceId, CancellationToken ct) =>
        await db.Workspaces.Where(w => w.Id == workspaceId).ExecuteUpdateAsync(s => s.SetProperty(w => w.Name, w => w.Name), ct) > 0;

    /// <summary>Locks the user for the rest of the transaction; false when the user does not exist.</summary>
    public static async Task<bool> UserAsync(ExposureDbContext db, int userId, CancellationToken ct) =>
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.Address, u => u.Address), ct) > 0;
}
