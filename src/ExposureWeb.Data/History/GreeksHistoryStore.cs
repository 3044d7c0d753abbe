using System.Data.Common;
using ExposureWeb.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ExposureWeb.Data.History;

/// <summary>
/// The Greeks history table: written one block at a time for every portfolio of a chain, read newest first, pruned in
/// ranges. Each call uses its own short-lived context (safe from any thread).
/// </summary>
public sealed class GreeksHistoryStore(IDbContextFactory<ExposureDbContext> factory)
{
    /// <summary>
    /// Writes one block's entries (any number of portfolios, at most one entry per portfolio and block) in one
    /// transaction. A portfolio's stored entries at or above its lowest new block are deleted first: a height read
    /// again after a reorg replaces its entry, and a chain that went back (a reset dev chain) drops what lies ahead.
    /// Entries of portfolios deleted meanwhile are skipped, so one of them cannot fail the others.
    /// </summary>
    /// <returns>Entries written.</returns>
    /// <remarks>
    /// Two prepared statements run per portfolio and per row, each an index seek, in the one transaction: a thousand
    /// rows take milliseconds. EF's SaveChanges (tracking entities never read back) and set-based DELETEs over a JSON
    /// list of ids were each slower than the whole of this.
    /// </remarks>
    public async Task<int> WriteAsync(IReadOnlyList<GreeksHistoryEntry> entries, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0) return 0;
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var blockTime = db.Model.FindEntityType(typeof(GreeksHistoryEntry))!.FindProperty(nameof(GreeksHistoryEntry.BlockTime))!.GetValueConverter()!;

        await using var delete = PreparedCommands.Prepare(db, """
            DELETE FROM "GreeksHistory" WHERE "PortfolioId" = $portfolio AND "BlockNumber" >= $block
            """, "$portfolio", "$block");
        foreach (var portfolio in entries.GroupBy(e => e.PortfolioId))
        {
            delete.Parameters[0].Value = portfolio.Key;
            delete.Parameters[1].Value = portfolio.Min(e => e.BlockNumber);
            await delete.ExecuteNonQueryAsync(ct);
        }

        await using var insert = PreparedCommands.Prepare(db, """
            INSERT INTO "GreeksHistory" ("PortfolioId", "BlockNumber", "BlockTime", "NetUsdDelta", "DollarGammaPerPercent", "VegaPerVolPoint", "ThetaPerDay", "ValueUsd")
            SELECT $portfolio, $block, $time, $delta, $gamma, $vega, $theta, $value
            WHERE EXISTS (SELECT 1 FROM "Portfolios" WHERE "Id" = $portfolio)
            """, "$portfolio", "$block", "$time", "$delta", "$gamma", "$vega", "$theta", "$value");
        var written = 0;
        foreach (var e in entries)
        {
            insert.Parameters[0].Value = e.PortfolioId;
            insert.Parameters[1].Value = e.BlockNumber;
            insert.Parameters[2].Value = blockTime.ConvertToProvider(e.BlockTime);
            insert.Parameters[3].Value = e.NetUsdDelta;
            insert.Parameters[4].Value = e.DollarGammaPerPercent;
            insert.Parameters[5].Value = e.VegaPerVolPoint;
            insert.Parameters[6].Value = e.ThetaPerDay;
            insert.Parameters[7].Value = e.ValueUsd;
            written += await insert.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return written;
    }

    /// <summary>The newest <paramref name="count"/> entries of a portfolio, oldest first.</summary>
    public async Task<IReadOnlyList<GreeksHistoryEntry>> RecentAsync(int portfolioId, int count, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        await using var db = await factory.CreateDbContextAsync(ct);
        var newestFirst = await db.GreeksHistory.AsNoTracking()
            .Where(g => g.PortfolioId == portfolioId)
            .OrderByDescending(g => g.BlockNumber)
            .Take(count)
            .ToListAsync(ct);
        newestFirst.Reverse();
        return newestFirst;
    }

    /// <summary>
    /// Deletes, in one transaction, every entry whose block time is before <paramref name="olderThan"/> and each listed
    /// portfolio's entries below its block in <paramref name="keepFromBlock"/>. Both are index ranges: the cost is the
    /// rows deleted, not the rows kept.
    /// </summary>
    /// <returns>Entries deleted.</returns>
    public async Task<int> PruneAsync(DateTimeOffset olderThan, IReadOnlyDictionary<int, long> keepFromBlock, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(keepFromBlock);
        var cutoff = olderThan.ToUniversalTime();
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var deleted = await db.GreeksHistory.Where(g => g.BlockTime < cutoff).ExecuteDeleteAsync(ct);
        await using var below = PreparedCommands.Prepare(db, """
            DELETE FROM "GreeksHistory" WHERE "PortfolioId" = $portfolio AND "BlockNumber" < $block
            """, "$portfolio", "$block");
        foreach (var (portfolioId, block) in keepFromBlock)
        {
            below.Parameters[0].Value = portfolioId;
            below.Parameters[1].Value = block;
            deleted += await below.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return deleted;
    }
}
