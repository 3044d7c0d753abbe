using ExposureWeb.Data;
using ExposureWeb.Data.Entities;
using ExposureWeb.DevChain.Deployment;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ExposureWeb.Engine.Tests;

/// <summary><see cref="PortfolioStore"/> on a real SQLite file, migrated by the app's own migrator at host start.</summary>
public sealed class PortfolioStoreTests : IAsyncLifetime
{
    private static readonly IReadOnlyList<(string Address, string Label)> DemoWallets = DemoMarket.Wallets.Select(w => (w.Address, w.Label)).ToList();

    private readonly TempDatabase _database = new();
    private IHost? _host;

    private IServiceProvider Services => _host!.Services;

    private PortfolioStore Store => Services.GetRequiredService<PortfolioStore>();

    public async Task InitializeAsync()
    {
        var builder = TestHost.CreateBuilder(new Dictionary<string, string?> { ["Database:Path"] = _database.Path });
        builder.AddExposureData();
        _host = builder.Build();
        await _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
        _database.Dispose();
    }

    private async Task<ExposureDbContext> DbAsync() => await Services.GetRequiredService<IDbContextFactory<ExposureDbContext>>().CreateDbContextAsync();

    [Fact]
    public async Task EnsureDemoAsync_EmptyDatabase_CreatesDemoPortfolioWithTheWallets()
    {
        var demo = await Store.EnsureDemoAsync("local", DemoWallets);

        var stored = Assert.Single(await Store.ListAsync());
        Assert.Equal(demo.Id, stored.Id);
        Assert.True(stored.IsDemo);
        Assert.Equal("Demo portfolio", stored.Name);
        Assert.Equal("local", stored.ChainName);
        Assert.Equal(DemoWallets.Select(w => w.Address).Order(StringComparer.Ordinal), stored.Addresses.Select(a => a.Address).Order(StringComparer.Ordinal));
        Assert.Contains(stored.Addresses, a => a.Label == "Demo trader");
    }

    [Fact]
    public async Task EnsureDemoAsync_CalledTwice_OnePortfolioTwoAddresses()
    {
        var first = await Store.EnsureDemoAsync("local", DemoWallets);
        var second = await Store.EnsureDemoAsync("local", DemoWallets);

        var stored = Assert.Single(await Store.ListAsync());
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(2, stored.Addresses.Count);
    }

    [Fact]
    public async Task EnsureDemoAsync_WalletInOtherLetterCase_NotAddedTwice()
    {
        await Store.EnsureDemoAsync("local", DemoWallets);

        await Store.EnsureDemoAsync("local", DemoWallets.Select(w => (w.Address.ToLowerInvariant(), w.Label)).ToList());

        Assert.Equal(2, Assert.Single(await Store.ListAsync()).Addresses.Count);
    }

    [Fact]
    public async Task EnsureDemoAsync_AddressAddedByHand_KeptAlongsideTheWallets()
    {
        var demo = await Store.EnsureDemoAsync("local", DemoWallets);
        await using (var db = await DbAsync())
        {
            db.WatchedAddresses.Add(new WatchedAddress { PortfolioId = demo.Id, Address = DemoChain.Spare.ToString(), Label = "added by hand" });
            await db.SaveChangesAsync();
        }

        await Store.EnsureDemoAsync("local", DemoWallets);

        var stored = Assert.Single(await Store.ListAsync());
        Assert.Equal(3, stored.Addresses.Count);
        var mine = Assert.Single(stored.Addresses, a => a.Label == "added by hand");
        Assert.Equal(DemoChain.Spare.ToString(), mine.Address);
    }

    [Fact]
    public async Task EnsureDemoAsync_ChainRenamed_DemoFollowsTheChainAndKeepsItsId()
    {
        var demo = await Store.EnsureDemoAsync("local", DemoWallets);

        var moved = await Store.EnsureDemoAsync("devnet", DemoWallets);

        Assert.Equal(demo.Id, moved.Id);
        Assert.Equal("devnet", (await Store.FindDemoAsync())!.ChainName);
    }

    [Fact]
    public async Task EnsureDemoAsync_UserPortfolioExists_LeftAloneAndDemoCreatedBeside()
    {
        int userId;
        await using (var db = await DbAsync())
        {
            var mine = new Portfolio { Name = "Mine", ChainName = "mainnet", CreatedAt = DateTimeOffset.UnixEpoch, Addresses = [new WatchedAddress { Address = DemoChain.Spare.ToString() }] };
            db.Portfolios.Add(mine);
            await db.SaveChangesAsync();
            userId = mine.Id;
        }

        var demo = await Store.EnsureDemoAsync("local", DemoWallets);

        Assert.NotEqual(userId, demo.Id);
        var user = await Store.FindAsync(userId);
        Assert.NotNull(user);
        Assert.False(user.IsDemo);
        Assert.Equal("mainnet", user.ChainName);
        Assert.Single(user.Addresses);
        Assert.Equal(2, (await Store.ListAsync()).Count);
    }
}
