using ExposureWeb.Chain.Primitives;
using ExposureWeb.Data;
using ExposureWeb.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace ExposureWeb.LiveBench;

/// <summary>
/// Stores the engine benchmark's portfolios straight into the running app's SQLite file (the app has no API that creates
/// portfolios in bulk; its stores enforce a quota of 100 per workspace), in workspaces of <paramref name="perWorkspace"/>
/// that each belong to one signed-in user. The engine's portfolio directory re-reads the database at most 30 s later
/// (its cache's age limit covers changes made by another process), so the caller waits for their first snapshots.
/// </summary>
internal static class BenchWorkspaces
{
    /// <summary>
    /// Creates one workspace per owner (owner k, found by wallet address, owns portfolios k × perWorkspace onwards) and
    /// returns the new portfolios' ids in the order of <paramref name="portfolios"/>.
    /// </summary>
    public static async Task<IReadOnlyList<int>> StoreAsync(string databasePath, string chainName, IReadOnlyList<string> ownerAddresses,
        IReadOnlyList<IReadOnlyList<Address>> portfolios, int perWorkspace, CancellationToken ct)
    {
        var options = new DbContextOptionsBuilder<ExposureDbContext>()
            .UseSqlite(SqliteConnectionStrings.ForFile(databasePath, Path.GetDirectoryName(databasePath)!))
            // The app writes to the same file meanwhile (history, alerts): wait for its locks as it waits for ours.
            .AddInterceptors(new SqliteBusyTimeout())
            .Options;
        await using var db = new ExposureDbContext(options);
        var users = await db.Users.AsNoTracking().ToListAsync(ct);
        var now = DateTimeOffset.UtcNow;
        var created = new List<Portfolio>(portfolios.Count);
        for (int w = 0; w * perWorkspace < portfolios.Count; w++)
        {
            var owner = users.SingleOrDefault(u => string.Equals(u.Address, ownerAddresses[w], StringComparison.OrdinalIgnoreCase))
                ?? throw new InvalidOperationException($"no user {ownerAddresses[w]} in {databasePath}: sign in first");
            var workspace = new Workspace { Name = $"Bench workspace {w}", CreatedAt = now };
            workspace.Members.Add(new WorkspaceMember { UserId = owner.Id, Role = WorkspaceRole.Owner, AddedAt = now });
            for (int p = w * perWorkspace; p < Math.Min(portfolios.Count, (w + 1) * perWorkspace); p++)
            {
                var portfolio = new Portfolio
                {
                    Name = $"bench {p}",
                    ChainName = chainName,
                    CreatedAt = now,
                    Addresses = portfolios[p].Select((a, k) => new WatchedAddress { Address = a.ToString(), Label = $"wallet {k}" }).ToList(),
                };
                workspace.Portfolios.Add(portfolio);
                created.Add(portfolio);
            }
            db.Workspaces.Add(workspace);
        }
        await db.SaveChangesAsync(ct);
        return created.Select(p => p.Id).ToList();
    }
}
