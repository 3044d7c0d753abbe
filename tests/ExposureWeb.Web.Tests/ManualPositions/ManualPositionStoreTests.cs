using ExposureWeb.Data;
using ExposureWeb.Data.Entities;
using ExposureWeb.Data.ManualPositions;
using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.ManualPositions;
using Portfolio = ExposureWeb.Data.Entities.Portfolio;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ExposureWeb.Web.Tests.ManualPositions;

/// <summary>The store against the app's real SQLite file, migrated at start.</summary>
[Collection(SharedAppCollection.Name)]
public sealed class ManualPositionStoreTests(SharedApp app)
{
    private static readonly ManualPositionValues Perp = new(ManualPositionKind.Perp, "ETH", -2.5, "Binance ETH short", EntryPriceUsd: 3150.5);

    private static readonly ManualPositionValues Put = new(ManualPositionKind.Option, "BTC", -1, "Deribit put", Strike: 90_000,
        Expiry: new DateTimeOffset(2027, 3, 26, 8, 0, 0, TimeSpan.Zero), Right: ManualOptionRight.Put, CashUsd: 1500);

    private IDbContextFactory<ExposureDbContext> Db => app.Factory.Services.GetRequiredService<IDbContextFactory<ExposureDbContext>>();

    private ManualPositionStore Store => app.Factory.Services.GetRequiredService<ManualPositionStore>();

    private async Task<int> NewPortfolioAsync()
    {
        await using var db = await Db.CreateDbContextAsync();
        var portfolio = new Portfolio { Name = "manual " + Guid.NewGuid().ToString("N")[..8], ChainName = "local" };
        db.Portfolios.Add(portfolio);
        await db.SaveChangesAsync();
        return portfolio.Id;
    }

    private async Task<int> CountAsync(int portfolioId)
    {
        await using var db = await Db.CreateDbContextAsync();
        return await db.ManualPositions.CountAsync(m => m.PortfolioId == portfolioId);
    }

    [Fact]
    public async Task AddAsync_ValidPerp_StoredNormalizedWithTimestamps()
    {
        var portfolio = await NewPortfolioAsync();
        var before = DateTimeOffset.UtcNow;

        var result = await Store.AddAsync(portfolio, Perp with { Underlying = " eth ", Label = " Binance ETH short " });

        Assert.Equal(ManualPositionOutcome.Saved, result.Outcome);
        var stored = Assert.Single(await Store.ListAsync(portfolio));
        Assert.Equal(result.Entry!.Id, stored.Id);
        Assert.Equal(Perp, stored.ToValues());
        Assert.InRange(stored.CreatedAt, before, DateTimeOffset.UtcNow);
        Assert.Equal(stored.CreatedAt, stored.UpdatedAt);
    }

    [Fact]
    public async Task AddAsync_Invalid_ErrorsReturnedNothingStored()
    {
        var portfolio = await NewPortfolioAsync();

        var result = await Store.AddAsync(portfolio, Perp with { Quantity = double.NaN, EntryPriceUsd = null });

        Assert.Equal(ManualPositionOutcome.Invalid, result.Outcome);
        Assert.Equal([ManualPositionField.Quantity, ManualPositionField.EntryPriceUsd], result.Errors.Select(e => e.Field));
        Assert.Equal(0, await CountAsync(portfolio));
    }

    [Fact]
    public async Task AddAsync_UnknownPortfolio_NotFound()
    {
        var result = await Store.AddAsync(int.MaxValue, Perp);

        Assert.Equal(ManualPositionOutcome.NotFound, result.Outcome);
    }

    [Fact]
    public async Task UpdateAsync_OwnPosition_ValuesReplacedCreatedAtKept()
    {
        var portfolio = await NewPortfolioAsync();
        var added = (await Store.AddAsync(portfolio, Perp)).Entry!;

        var result = await Store.UpdateAsync(portfolio, added.Id, Put);

        Assert.Equal(ManualPositionOutcome.Saved, result.Outcome);
        var stored = Assert.Single(await Store.ListAsync(portfolio));
        Assert.Equal(Put, stored.ToValues());
        Assert.Equal(added.CreatedAt, stored.CreatedAt);
        Assert.True(stored.UpdatedAt >= added.UpdatedAt);
    }

    [Fact]
    public async Task UpdateAsync_Invalid_ErrorsReturnedStoredValuesUnchanged()
    {
        var portfolio = await NewPortfolioAsync();
        var added = (await Store.AddAsync(portfolio, Perp)).Entry!;

        var result = await Store.UpdateAsync(portfolio, added.Id, Perp with { Kind = ManualPositionKind.Option });

        Assert.Equal(ManualPositionOutcome.Invalid, result.Outcome);
        Assert.Equal(3, result.Errors.Count);
        Assert.Equal(Perp, Assert.Single(await Store.ListAsync(portfolio)).ToValues());
    }

    [Fact]
    public async Task UpdateAsync_AnotherPortfoliosPosition_NotFoundAndUntouched()
    {
        var owner = await NewPortfolioAsync();
        var other = await NewPortfolioAsync();
        var added = (await Store.AddAsync(owner, Perp)).Entry!;

        var result = await Store.UpdateAsync(other, added.Id, Put);

        Assert.Equal(ManualPositionOutcome.NotFound, result.Outcome);
        Assert.Equal(Perp, Assert.Single(await Store.ListAsync(owner)).ToValues());
        Assert.Empty(await Store.ListAsync(other));
    }

    [Fact]
    public async Task DeleteAsync_OwnPosition_RemovedOthersKept()
    {
        var portfolio = await NewPortfolioAsync();
        var first = (await Store.AddAsync(portfolio, Perp)).Entry!;
        var second = (await Store.AddAsync(portfolio, Put)).Entry!;

        Assert.True(await Store.DeleteAsync(portfolio, first.Id));
        Assert.False(await Store.DeleteAsync(portfolio, first.Id));

        Assert.Equal(second.Id, Assert.Single(await Store.ListAsync(portfolio)).Id);
    }

    [Fact]
    public async Task DeleteAsync_AnotherPortfoliosPosition_FalseAndKept()
    {
        var owner = await NewPortfolioAsync();
        var other = await NewPortfolioAsync();
        var added = (await Store.AddAsync(owner, Perp)).Entry!;

        Assert.False(await Store.DeleteAsync(other, added.Id));

        Assert.Single(await Store.ListAsync(owner));
    }

    [Fact]
    public async Task ListAsync_TwoPortfolios_EachSeesOnlyItsOwn()
    {
        var a = await NewPortfolioAsync();
        var b = await NewPortfolioAsync();
        await Store.ImportAsync(a, [Perp, Put]);
        await Store.AddAsync(b, Perp with { Underlying = "LINK" });

        Assert.Equal(["BTC", "ETH"], (await Store.ListAsync(a)).Select(m => m.Underlying));
        Assert.Equal(["LINK"], (await Store.ListAsync(b)).Select(m => m.Underlying));
    }

    [Fact]
    public async Task ImportCsvAsync_GoodFile_EveryLineStored()
    {
        var portfolio = await NewPortfolioAsync();
        var csv = """
            kind,label,underlying,quantity,entry_price_usd,strike,expiry,right,cash_usd
            perp,Binance ETH short,ETH,-2.5,3150.5,,,,
            option,Deribit put,BTC,-1,,90000,2027-03-26T08:00:00Z,put,1500
            """;

        var result = await Store.ImportCsvAsync(portfolio, new StringReader(csv));

        Assert.Equal(ManualPositionOutcome.Saved, result.Outcome);
        Assert.Equal(2, result.Imported);
        Assert.Equal([Put, Perp], (await Store.ListAsync(portfolio)).Select(m => m.ToValues()));
    }

    [Fact]
    public async Task ImportCsvAsync_FileWithOneBadLine_NothingStoredErrorHasLineNumber()
    {
        var portfolio = await NewPortfolioAsync();
        await Store.AddAsync(portfolio, Perp);
        var csv = """
            kind,label,underlying,quantity,entry_price_usd,strike,expiry,right,cash_usd
            spot,,BTC,1,,,,,
            spot,,BTC,2,,,,,
            perp,,ETH,-1,,,,,
            spot,,BTC,3,,,,,
            """;

        var result = await Store.ImportCsvAsync(portfolio, new StringReader(csv));

        Assert.Equal(ManualPositionOutcome.Invalid, result.Outcome);
        Assert.Equal(0, result.Imported);
        Assert.StartsWith("line 4: entry_price_usd is missing", Assert.Single(result.Errors).ToString(), StringComparison.Ordinal);
        Assert.Equal(Perp, Assert.Single(await Store.ListAsync(portfolio)).ToValues());
    }

    [Fact]
    public async Task ImportAsync_OneInvalidPosition_NothingStoredErrorNamesIt()
    {
        var portfolio = await NewPortfolioAsync();

        var result = await Store.ImportAsync(portfolio, [Perp, Put, Perp with { Underlying = "ETH-USD" }]);

        Assert.Equal(ManualPositionOutcome.Invalid, result.Outcome);
        Assert.StartsWith("position 3: underlying 'ETH-USD'", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(portfolio));
    }

    [Fact]
    public async Task ImportAsync_DatabaseRefusesTheLastRow_EarlierRowsRolledBack()
    {
        var portfolio = await NewPortfolioAsync();
        const string poison = "poison (test trigger)";
        await using (var db = await Db.CreateDbContextAsync())
        {
            // A failure the validator cannot see: the database itself refuses one row, after the others were inserted.
            await db.Database.ExecuteSqlRawAsync(
                "CREATE TRIGGER refuse_poison BEFORE INSERT ON ManualPositions WHEN NEW.Label = 'poison (test trigger)' BEGIN SELECT RAISE(ABORT, 'refused by test'); END;");
        }
        try
        {
            var positions = Enumerable.Range(1, 50).Select(i => Perp with { Quantity = i }).Append(Perp with { Label = poison }).ToList();

            await Assert.ThrowsAsync<DbUpdateException>(() => Store.ImportAsync(portfolio, positions));

            Assert.Equal(0, await CountAsync(portfolio));
        }
        finally
        {
            await using var db = await Db.CreateDbContextAsync();
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER refuse_poison;");
        }
    }

    [Fact]
    public async Task ImportAsync_UnknownPortfolio_NotFoundNothingStored()
    {
        var result = await Store.ImportAsync(int.MaxValue - 1, [Perp]);

        Assert.Equal(ManualPositionOutcome.NotFound, result.Outcome);
        Assert.Equal(0, await CountAsync(int.MaxValue - 1));
    }

    [Fact]
    public async Task ImportAsync_NoPositions_Invalid()
    {
        var portfolio = await NewPortfolioAsync();

        var result = await Store.ImportAsync(portfolio, []);

        Assert.Equal(ManualPositionOutcome.Invalid, result.Outcome);
    }

    [Fact]
    public async Task PortfolioDeleted_ItsManualPositionsGoWithIt()
    {
        var portfolio = await NewPortfolioAsync();
        await Store.ImportAsync(portfolio, [Perp, Put]);

        await using (var db = await Db.CreateDbContextAsync())
        {
            await db.Portfolios.Where(p => p.Id == portfolio).ExecuteDeleteAsync();
        }

        Assert.Equal(0, await CountAsync(portfolio));
    }
}
