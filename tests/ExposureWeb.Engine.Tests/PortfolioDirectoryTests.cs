using ExposureWeb.Data;
using ExposureWeb.Data.Accounts;
using ExposureWeb.Data.Entities;
using ExposureWeb.Data.ManualPositions;
using ExposureWeb.Engine.Reading;
using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.ManualPositions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ExposureWeb.Engine.Tests;

/// <summary>
/// The engine's cache of portfolios and their manual positions, on a real SQLite file: loaded once, not per block, and
/// refreshed when a manual position changes (the clock is frozen, so only the change signal can refresh it).
/// </summary>
public sealed class PortfolioDirectoryTests(DataFixture data) : IClassFixture<DataFixture>
{
    private PortfolioDirectory Directory() => new(
        data.Services.GetRequiredService<PortfolioStore>(), data.ManualPositions, data.Services.GetRequiredService<PortfolioChangeSignal>(),
        new FakeTimeProvider(DateTimeOffset.Parse("2030-01-02T03:04:05Z", System.Globalization.CultureInfo.InvariantCulture)),
        NullLogger<PortfolioDirectory>.Instance);

    [Fact]
    public async Task OnChainAsync_ManualPositionAddedChangedAndDeleted_SeenAtTheNextCallWithoutTheCacheAgeing()
    {
        var id = await data.AddPortfolioAsync("Cached", "cache-chain", DemoChain.Trader.ToString());
        var directory = Directory();
        var before = Assert.Single(await directory.OnChainAsync("cache-chain", CancellationToken.None));
        Assert.Empty(before.Manual);

        var saved = await data.ManualPositions.AddAsync(id, new ManualPositionValues(ManualPositionKind.Spot, "ETH", -20, Label: "CEX hedge"));
        var added = Assert.Single((await directory.OnChainAsync("cache-chain", CancellationToken.None)).Single().Manual);
        Assert.Equal($"manual:{saved.Entry!.Id}", added.Id);

        await data.ManualPositions.UpdateAsync(id, saved.Entry.Id, new ManualPositionValues(ManualPositionKind.Spot, "ETH", -5, Label: "CEX hedge"));
        var changed = Assert.Single((await directory.OnChainAsync("cache-chain", CancellationToken.None)).Single().Manual);
        Assert.Equal(-5, Assert.IsType<ExposureWeb.Risk.Instruments.ManualPosition>(changed.Instrument).Quantity);

        await data.ManualPositions.DeleteAsync(id, saved.Entry.Id);
        Assert.Empty((await directory.OnChainAsync("cache-chain", CancellationToken.None)).Single().Manual);
    }

    [Fact]
    public async Task OnChainAsync_NothingChanged_ServedFromMemoryWithoutAQuery()
    {
        var id = await data.AddPortfolioAsync("Unchanged", "quiet-chain", DemoChain.Trader.ToString());
        var directory = Directory();
        var first = await directory.OnChainAsync("quiet-chain", CancellationToken.None);

        // Written behind the stores' backs (no change signal): a cached directory does not see it until it ages.
        await using (var db = await data.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<ExposureDbContext>>().CreateDbContextAsync())
        {
            db.ManualPositions.Add(new ManualPositionEntry { PortfolioId = id, Kind = ManualPositionKind.Spot, Underlying = "ETH", Quantity = 1, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        var second = await directory.OnChainAsync("quiet-chain", CancellationToken.None);
        Assert.Empty(Assert.Single(second).Manual);
        Assert.Same(first.Single(), second.Single());
    }
}
