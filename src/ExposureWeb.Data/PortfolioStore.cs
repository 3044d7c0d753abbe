using ExposureWeb.Data.Accounts;
using ExposureWeb.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace ExposureWeb.Data;

/// <summary>Reads and writes portfolios; each call uses its own short-lived context (safe from any thread).</summary>
public sealed class PortfolioStore(IDbContextFactory<ExposureDbContext> factory, TimeProvider time, PortfolioChangeSignal changes)
{
    public async Task<IReadOnlyList<Portfolio>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Portfolios.AsNoTracking().Include(p => p.Addresses).OrderBy(p => p.Id).ToListAsync(ct);
    }

    public async Task<Portfolio?> FindAsync(int id, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Portfolios.AsNoTracking().Include(p => p.Addresses).FirstOrDefaultAsync(p => p.Id == id, ct);
    }

    public async Task<Portfolio?> FindDemoAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Portfolios.AsNoTracking().Include(p => p.Addresses).FirstOrDefaultAsync(p => p.IsDemo, ct);
    }

    /// <summary>
    /// Creates the demo portfolio or brings its chain and addresses in line with the dev chain's
    /// wallets; addresses a user added to it by hand are kept. It lives in the demo workspace, which every
    /// signed-in user may view.
    /// </summary>
    public async Task<Portfolio> EnsureDemoAsync(string chainName, IReadOnlyList<(string Address, string Label)> wallets, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var demo = await db.Portfolios.Include(p => p.Addresses).Include(p => p.Workspace).FirstOrDefaultAsync(p => p.IsDemo, ct);
        if (demo is null)
        {
            demo = new Portfolio { Name = "Demo portfolio", ChainName = chainName, IsDemo = true, CreatedAt = time.GetUtcNow() };
            db.Portfolios.Add(demo);
        }
        demo.ChainName = chainName;
        demo.Workspace ??= await db.Workspaces.FirstOrDefaultAsync(w => w.IsDemo, ct)
            ?? new Workspace { Name = "Demo workspace", IsDemo = true, CreatedAt = time.GetUtcNow() };
        foreach (var (address, label) in wallets)
        {
            if (!demo.Addresses.Any(a => string.Equals(a.Address, address, StringComparison.OrdinalIgnoreCase)))
            {
                demo.Addresses.Add(new WatchedAddress { Address = address, Label = label });
            }
        }
        await db.SaveChangesAsync(ct);
        changes.Raise();
        return demo;
    }
}
