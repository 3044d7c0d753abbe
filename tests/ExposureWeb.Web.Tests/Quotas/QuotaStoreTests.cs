using ExposureWeb.Data;
using ExposureWeb.Data.Accounts;
using ExposureWeb.Data.ManualPositions;
using ExposureWeb.Data.Quotas;
using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.ManualPositions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ExposureWeb.Web.Tests.Quotas;

/// <summary>Each quota against the real SQLite file: at the limit a clear refusal and nothing saved, concurrent creators counted once.</summary>
[Collection(QuotaAppCollection.Name)]
public sealed class QuotaStoreTests(QuotaApp app)
{
    private static readonly ManualPositionValues Spot = new(ManualPositionKind.Spot, "ETH", 1);

    private T Get<T>() where T : notnull => app.Factory.Services.GetRequiredService<T>();

    private async Task<ExposureDbContext> DbAsync() => await Get<IDbContextFactory<ExposureDbContext>>().CreateDbContextAsync();

    private async Task<int> ManualCountAsync(int portfolioId)
    {
        await using var db = await DbAsync();
        return await db.ManualPositions.CountAsync(m => m.PortfolioId == portfolioId);
    }

    private Task<ManualPositionImportResult> ImportAsync(int portfolioId, int rows) =>
        Get<ManualPositionStore>().ImportCsvAsync(portfolioId, new StringReader(QuotaApp.Csv(rows)));

    [Fact]
    public async Task ImportCsvAsync_FilePastTheCap_RefusedWithCountsNothingSaved()
    {
        var user = await app.NewUserAsync();
        Assert.Equal(ManualPositionOutcome.Saved, (await ImportAsync(user.PortfolioId, 8)).Outcome);

        var result = await ImportAsync(user.PortfolioId, 3);

        Assert.Equal(ManualPositionOutcome.QuotaReached, result.Outcome);
        Assert.Equal(
            "This portfolio holds 8 manual positions and the file adds 3: more than the 10 allowed (Quotas:ManualPositionsPerPortfolio). " +
            "Nothing was imported; import at most 2, delete some or raise the limit.", result.Message);
        Assert.Equal(result.Message, Assert.Single(result.Errors).Message);
        Assert.Equal(8, await ManualCountAsync(user.PortfolioId));
    }

    [Fact]
    public async Task AddAsync_PortfolioAtTheCap_RefusedNamingTheSettingNothingSaved()
    {
        var user = await app.NewUserAsync();
        Assert.Equal(ManualPositionOutcome.Saved, (await ImportAsync(user.PortfolioId, QuotaApp.ManualPositions)).Outcome);

        var result = await Get<ManualPositionStore>().AddAsync(user.PortfolioId, Spot);

        Assert.Equal(ManualPositionOutcome.QuotaReached, result.Outcome);
        Assert.Null(result.Entry);
        Assert.Equal("This portfolio holds 10 manual positions, the most allowed (Quotas:ManualPositionsPerPortfolio); delete some or raise the limit.", result.Message);
        Assert.Equal(QuotaApp.ManualPositions, await ManualCountAsync(user.PortfolioId));
    }

    [Fact]
    public async Task AddAsync_OneBelowTheCap_Saved()
    {
        var user = await app.NewUserAsync();
        await ImportAsync(user.PortfolioId, QuotaApp.ManualPositions - 1);

        var result = await Get<ManualPositionStore>().AddAsync(user.PortfolioId, Spot);

        Assert.Equal(ManualPositionOutcome.Saved, result.Outcome);
        Assert.Equal(QuotaApp.ManualPositions, await ManualCountAsync(user.PortfolioId));
    }

    [Fact]
    public async Task ImportCsvAsync_TwoConcurrentImportsThatFitOnlyAlone_OneSavedOtherRefused()
    {
        // Several rounds: a check outside the lock can pass by luck once, hardly five times.
        for (int round = 0; round < 5; round++)
        {
            var user = await app.NewUserAsync();
            var rows = QuotaApp.ManualPositions / 2 + 1;

            var results = await Task.WhenAll(Task.Run(() => ImportAsync(user.PortfolioId, rows)), Task.Run(() => ImportAsync(user.PortfolioId, rows)));

            Assert.Equal([ManualPositionOutcome.Saved, ManualPositionOutcome.QuotaReached], results.Select(r => r.Outcome).Order());
            Assert.Equal(rows, await ManualCountAsync(user.PortfolioId));
        }
    }

    [Fact]
    public async Task ImportCsvAsync_MoreImportsThanAllowedPerHour_RefusedWithRetryAfterNothingSaved()
    {
        var user = await app.NewUserAsync();
        for (int i = 0; i < QuotaApp.ImportsPerHour; i++) Assert.Equal(ManualPositionOutcome.Saved, (await ImportAsync(user.PortfolioId, 1)).Outcome);

        var result = await ImportAsync(user.PortfolioId, 1);

        Assert.Equal(ManualPositionOutcome.TooManyImports, result.Outcome);
        Assert.InRange(result.RetryAfter!.Value, TimeSpan.FromMinutes(59), ImportRateLimiter.Window);
        Assert.Equal(
            "This workspace has imported manual positions 3 times in the last hour, the most allowed (Quotas:ManualPositionImportsPerHour); " +
            "nothing was imported. Try again in 60 minutes or raise the limit.", result.Message);
        Assert.Equal(QuotaApp.ImportsPerHour, await ManualCountAsync(user.PortfolioId));
    }

    [Fact]
    public async Task ImportCsvAsync_RefusedFiles_DoNotCountTowardsTheHour()
    {
        var user = await app.NewUserAsync();
        for (int i = 0; i < QuotaApp.ImportsPerHour; i++)
        {
            Assert.Equal(ManualPositionOutcome.QuotaReached, (await ImportAsync(user.PortfolioId, QuotaApp.ManualPositions + 1)).Outcome);
        }

        var result = await ImportAsync(user.PortfolioId, 1);

        Assert.Equal(ManualPositionOutcome.Saved, result.Outcome);
    }

    [Fact]
    public async Task ImportCsvAsync_HourlyLimit_CountsPerWorkspaceNotPerPortfolio()
    {
        var user = await app.NewUserAsync();
        var second = await CreatePortfolioAsync(user);
        for (int i = 0; i < QuotaApp.ImportsPerHour; i++) await ImportAsync(user.PortfolioId, 1);

        var result = await ImportAsync(second, 1);

        Assert.Equal(ManualPositionOutcome.TooManyImports, result.Outcome);
        Assert.Equal(0, await ManualCountAsync(second));
    }

    [Fact]
    public async Task CreateAsync_WorkspaceAtTheCap_RefusedNothingSaved()
    {
        var user = await app.NewUserAsync(); // its first portfolio counts
        for (int i = 1; i < QuotaApp.Portfolios; i++) await CreatePortfolioAsync(user);

        var (result, id) = await Get<UserPortfolios>().CreateAsync(user.UserId, user.WorkspaceId, "one too many", "local");

        Assert.False(result.Ok);
        Assert.True(result.QuotaReached);
        Assert.Null(id);
        Assert.Equal("This workspace holds 3 portfolios, the most allowed (Quotas:PortfoliosPerWorkspace); delete one or raise the limit.", result.Error);
        Assert.Equal(QuotaApp.Portfolios, await PortfolioCountAsync(user.WorkspaceId));
    }

    [Fact]
    public async Task CreateAsync_TwoConcurrentCreatesForTheLastSlot_OneSaved()
    {
        for (int round = 0; round < 5; round++)
        {
            var user = await app.NewUserAsync();
            for (int i = 2; i < QuotaApp.Portfolios; i++) await CreatePortfolioAsync(user);
            var store = Get<UserPortfolios>();

            var results = await Task.WhenAll(
                Task.Run(() => store.CreateAsync(user.UserId, user.WorkspaceId, "a", "local")),
                Task.Run(() => store.CreateAsync(user.UserId, user.WorkspaceId, "b", "local")));

            Assert.Single(results, r => r.Result.Ok);
            Assert.Equal(QuotaApp.Portfolios, await PortfolioCountAsync(user.WorkspaceId));
        }
    }

    [Fact]
    public async Task AddAddressAsync_PortfolioAtTheCap_RefusedNothingSaved()
    {
        var user = await app.NewUserAsync(); // "My wallet" watches the user's own address
        var store = Get<UserPortfolios>();
        Assert.True((await store.AddAddressAsync(user.UserId, user.PortfolioId, "0x70997970c51812dc3a010c7d01b50e0d17dc79c8", null)).Ok);
        Assert.True((await store.AddAddressAsync(user.UserId, user.PortfolioId, "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc", null)).Ok);

        var result = await store.AddAddressAsync(user.UserId, user.PortfolioId, "0x90f79bf6eb2c4f870365e785982e1f101e93b906", null);

        Assert.True(result.QuotaReached);
        Assert.Equal("This portfolio watches 3 addresses, the most allowed (Quotas:WatchedAddressesPerPortfolio); remove one or raise the limit.", result.Error);
        Assert.Equal(QuotaApp.WatchedAddresses, (await store.FindAsync(user.UserId, user.PortfolioId))!.Portfolio.Addresses.Count);
    }

    [Fact]
    public async Task CreateTokenAsync_UserAtTheCap_RefusedUntilOneIsRevoked()
    {
        var user = await app.NewUserAsync();
        var tokens = Get<ApiTokenStore>();
        var first = await tokens.CreateAsync(user.UserId, "one", TimeSpan.FromDays(1));
        await tokens.CreateAsync(user.UserId, "two", TimeSpan.FromDays(1));

        var (refused, token, secret) = await tokens.CreateAsync(user.UserId, "three", TimeSpan.FromDays(1));

        Assert.True(refused.QuotaReached);
        Assert.Null(token);
        Assert.Null(secret);
        Assert.Equal("You have 2 active API tokens, the most allowed (Quotas:ApiTokensPerUser); revoke one or raise the limit.", refused.Error);
        Assert.Equal(QuotaApp.ApiTokens, (await tokens.ListAsync(user.UserId)).Count);

        await tokens.RevokeAsync(user.UserId, first.Token!.Id);
        Assert.True((await tokens.CreateAsync(user.UserId, "three", TimeSpan.FromDays(1))).Result.Ok);
    }

    private async Task<int> CreatePortfolioAsync(Auth.AuthApp.Session user)
    {
        var (result, id) = await Get<UserPortfolios>().CreateAsync(user.UserId, user.WorkspaceId, "extra " + Guid.NewGuid().ToString("N")[..6], "local");
        Assert.True(result.Ok, result.Error);
        return id!.Value;
    }

    private async Task<int> PortfolioCountAsync(int workspaceId)
    {
        await using var db = await DbAsync();
        return await db.Portfolios.CountAsync(p => p.WorkspaceId == workspaceId);
    }
}
