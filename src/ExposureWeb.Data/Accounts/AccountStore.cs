using ExposureWeb.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace ExposureWeb.Data.Accounts;

/// <summary>Users, created on their first sign-in with a personal workspace and a portfolio watching their wallet.</summary>
public sealed class AccountStore(IDbContextFactory<ExposureDbContext> factory, TimeProvider time, PortfolioChangeSignal changes)
{
    /// <summary>
    /// Records a sign-in by <paramref name="address"/> (EIP-55). The first one creates the user, a personal workspace they
    /// own and a portfolio on <paramref name="chainName"/> that watches the wallet.
    /// </summary>
    public async Task<SignedInUser> SignInAsync(string address, string chainName, CancellationToken ct = default)
    {
        try
        {
            return await RecordSignInAsync(address, chainName, ct);
        }
        catch (DbUpdateException)
        {
            // Two first sign-ins of one address raced (a double click, two tabs) and the unique address index let one
            // create the user: this one now finds it.
            return await RecordSignInAsync(address, chainName, ct);
        }
    }

    private async Task<SignedInUser> RecordSignInAsync(string address, string chainName, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var db = await factory.CreateDbContextAsync(ct);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Address == address, ct);
        var first = user is null;
        if (user is null)
        {
            user = new User { Address = address, CreatedAt = now };
            var workspace = new Workspace { Name = $"Personal · {Chain.Primitives.Address.Abbreviate(address)}", CreatedAt = now };
            workspace.Members.Add(new WorkspaceMember { User = user, Role = WorkspaceRole.Owner, AddedAt = now });
            workspace.Portfolios.Add(new Portfolio
            {
                Name = "My wallet",
                ChainName = chainName,
                CreatedAt = now,
                Addresses = [new WatchedAddress { Address = address, Label = "signed-in wallet" }],
            });
            db.Workspaces.Add(workspace);
        }
        user.LastSignInAt = now;
        await db.SaveChangesAsync(ct);
        if (first) changes.Raise();

        var home = await db.WorkspaceMembers.Where(m => m.UserId == user.Id)
            .SelectMany(m => m.Workspace!.Portfolios)
            .OrderBy(p => p.Id)
            .Select(p => (int?)p.Id)
            .FirstOrDefaultAsync(ct);
        return new SignedInUser(user.Id, user.Address, first, home);
    }

    /// <summary>The user's address, or null when the user no longer exists (a cookie outliving its account).</summary>
    public async Task<string?> AddressAsync(int userId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Users.Where(u => u.Id == userId).Select(u => u.Address).FirstOrDefaultAsync(ct);
    }

}
