using ExposureWeb.Data;
using ExposureWeb.Data.Accounts;
using ExposureWeb.Data.Entities;
using ExposureWeb.DevChain.Deployment;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace ExposureWeb.Engine.Tests;

/// <summary>Nonces, users, workspaces and API tokens on a real migrated SQLite file, with a clock the tests move.</summary>
public sealed class AccountStoresTests : IAsyncLifetime
{
    private const string Alice = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
    private const string Bob = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

    private readonly TempDatabase _database = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
    private IHost? _host;

    private T Get<T>() where T : notnull => _host!.Services.GetRequiredService<T>();

    public async Task InitializeAsync()
    {
        var builder = TestHost.CreateBuilder(new Dictionary<string, string?> { ["Database:Path"] = _database.Path });
        builder.Services.AddSingleton<TimeProvider>(_time);
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

    [Fact]
    public async Task ConsumeAsync_FreshNonce_AcceptedOnceThenRefused()
    {
        var nonces = Get<SignInNonceStore>();
        var nonce = await nonces.IssueAsync(Alice);

        var first = await nonces.ConsumeAsync(nonce.Value, Alice);
        var second = await nonces.ConsumeAsync(nonce.Value, Alice);

        Assert.Null(first);
        Assert.Contains("already been used", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConsumeAsync_AfterLifetime_RefusedAsExpired()
    {
        var nonces = Get<SignInNonceStore>();
        var nonce = await nonces.IssueAsync(Alice);

        _time.Advance(SignInNonceStore.Lifetime + TimeSpan.FromSeconds(1));

        Assert.Contains("expired", await nonces.ConsumeAsync(nonce.Value, Alice), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConsumeAsync_ConcurrentUsesOfOneNonce_ExactlyOneAccepted()
    {
        var nonces = Get<SignInNonceStore>();
        var nonce = await nonces.IssueAsync(Alice);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => nonces.ConsumeAsync(nonce.Value, Alice))));

        Assert.Single(results, r => r is null);
    }

    [Fact]
    public async Task IssueAsync_ExpiredNoncesExist_PurgedAndFreshOnesKept()
    {
        var nonces = Get<SignInNonceStore>();
        var old = await nonces.IssueAsync(Alice);
        _time.Advance(SignInNonceStore.Lifetime + TimeSpan.FromMinutes(1));
        var fresh = await nonces.IssueAsync(Alice);

        Assert.Contains("not issued", await nonces.ConsumeAsync(old.Value, Alice), StringComparison.Ordinal);
        Assert.Null(await nonces.ConsumeAsync(fresh.Value, Alice));
        Assert.Matches("^[A-Za-z0-9]{20}$", fresh.Value);
    }

    [Fact]
    public async Task SignInAsync_FirstAndSecondTime_OneWorkspaceOwnedWithPortfolioWatchingWallet()
    {
        var accounts = Get<AccountStore>();

        var first = await accounts.SignInAsync(Alice, "local");
        var second = await accounts.SignInAsync(Alice, "local");
        var visible = await Get<UserPortfolios>().ListAsync(first.UserId);

        Assert.True(first.FirstSignIn);
        Assert.False(second.FirstSignIn);
        Assert.Equal(first.UserId, second.UserId);
        var own = Assert.Single(visible);
        Assert.Equal(WorkspaceRole.Owner, own.Role);
        Assert.Equal(Alice, Assert.Single(own.Portfolio.Addresses).Address);
        Assert.Equal(own.Portfolio.Id, first.HomePortfolioId);
    }

    [Fact]
    public async Task SignInAsync_FirstSignInsRacing_OneUserOneWorkspace()
    {
        var accounts = Get<AccountStore>();

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => accounts.SignInAsync(Alice, "local"))));

        Assert.Single(results.Select(r => r.UserId).Distinct());
        Assert.Single(await Get<UserPortfolios>().ListAsync(results[0].UserId));
    }

    [Fact]
    public async Task ListAsync_DemoWorkspace_EveryUserAViewerWhoCannotChangeIt()
    {
        var demo = await Get<PortfolioStore>().EnsureDemoAsync("local", DemoMarket.Wallets.Select(w => (w.Address, w.Label)).ToList());
        var bob = await Get<AccountStore>().SignInAsync(Bob, "local");
        var portfolios = Get<UserPortfolios>();

        var seen = await portfolios.FindAsync(bob.UserId, demo.Id);
        var change = await portfolios.AddAddressAsync(bob.UserId, demo.Id, Alice, null);

        Assert.Equal(WorkspaceRole.Viewer, seen!.Role);
        Assert.False(change.Ok);
        Assert.False(change.NotFound);
        Assert.Contains("Viewer", change.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddAddressAsync_SameAddressTwice_SecondRefusedWithReason()
    {
        var alice = await Get<AccountStore>().SignInAsync(Alice, "local");
        var portfolios = Get<UserPortfolios>();

        var first = await portfolios.AddAddressAsync(alice.UserId, alice.HomePortfolioId!.Value, Bob, "Bob");
        var again = await portfolios.AddAddressAsync(alice.UserId, alice.HomePortfolioId.Value, Bob.ToLowerInvariant(), null);

        Assert.True(first.Ok);
        Assert.Contains("already watched", again.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "enter an address: 0x followed by 40 hexadecimal characters")]
    [InlineData("0x70997970c51812dc3a010c7d01b50e0d17dc79", "expected 0x followed by 40 hex characters")]
    [InlineData("0x70997970C51812dc3A010C7d01b50e0d17dc79c8", "checksum mismatch (EIP-55)")]
    public async Task AddAddressAsync_NotAnAddress_RefusedWithTheRulesReasonAndNothingStored(string address, string reason)
    {
        var alice = await Get<AccountStore>().SignInAsync(Alice, "local");
        var portfolios = Get<UserPortfolios>();

        var change = await portfolios.AddAddressAsync(alice.UserId, alice.HomePortfolioId!.Value, address, null);

        Assert.False(change.Ok);
        Assert.Equal(reason, change.Error);
        // Only the signed-in wallet, which the home portfolio watches from the start.
        Assert.Equal([Alice], (await portfolios.FindAsync(alice.UserId, alice.HomePortfolioId.Value))!.Portfolio.Addresses.Select(a => a.Address));
    }

    [Fact]
    public async Task AddAddressAsync_LowerCaseWithSpaces_StoredInEip55Form()
    {
        var alice = await Get<AccountStore>().SignInAsync(Alice, "local");
        var portfolios = Get<UserPortfolios>();

        var change = await portfolios.AddAddressAsync(alice.UserId, alice.HomePortfolioId!.Value, " " + Bob.ToLowerInvariant() + " ", null);

        Assert.True(change.Ok, change.Error);
        var watched = (await portfolios.FindAsync(alice.UserId, alice.HomePortfolioId.Value))!.Portfolio.Addresses.Select(a => a.Address);
        Assert.Equal([Bob, Alice], watched.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AuthenticateAsync_TokenLifecycle_ValidUntilExpiryOrRevocation()
    {
        var alice = await Get<AccountStore>().SignInAsync(Alice, "local");
        var tokens = Get<ApiTokenStore>();
        var (_, shortLived, shortSecret) = await tokens.CreateAsync(alice.UserId, "bot", TimeSpan.FromDays(1));
        var (_, revoked, revokedSecret) = await tokens.CreateAsync(alice.UserId, "old bot", TimeSpan.FromDays(30));

        Assert.Equal(alice.UserId, await tokens.AuthenticateAsync(shortSecret!));
        await tokens.RevokeAsync(alice.UserId, revoked!.Id);
        Assert.Null(await tokens.AuthenticateAsync(revokedSecret!));
        _time.Advance(TimeSpan.FromDays(2));
        Assert.Null(await tokens.AuthenticateAsync(shortSecret!));
        Assert.Null(await tokens.AuthenticateAsync(shortSecret![..^1] + "0"));
        Assert.DoesNotContain(shortSecret, (await tokens.ListAsync(alice.UserId)).Select(t => t.SecretHash));
        Assert.True(shortLived!.Prefix.Length < 12);
    }
}
