using ExposureWeb.Data.Accounts;
using ExposureWeb.Data.Entities;
using ExposureWeb.Data.Quotas;
using ExposureWeb.Risk.ManualPositions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Data.ManualPositions;

public enum ManualPositionOutcome
{
    Saved,

    /// <summary>Validation failed; nothing was written.</summary>
    Invalid,

    /// <summary>The portfolio, or the position within that portfolio, does not exist; nothing was written.</summary>
    NotFound,

    /// <summary>It would take the portfolio past <see cref="QuotaOptions.ManualPositionsPerPortfolio"/>; nothing was written.</summary>
    QuotaReached,

    /// <summary>The workspace used up <see cref="QuotaOptions.ManualPositionImportsPerHour"/>; nothing was written.</summary>
    TooManyImports,
}

/// <summary>The outcome of adding or updating one position.</summary>
public sealed record ManualPositionSaveResult(ManualPositionOutcome Outcome, ManualPositionEntry? Entry, IReadOnlyList<FieldError> Errors)
{
    /// <summary>Why a quota refused it (<see cref="ManualPositionOutcome.QuotaReached"/>), in words; null otherwise.</summary>
    public string? Message { get; init; }
}

/// <summary>The outcome of an import: all positions saved, or none and why.</summary>
public sealed record ManualPositionImportResult(ManualPositionOutcome Outcome, int Imported, IReadOnlyList<CsvLineError> Errors)
{
    /// <summary>Why a quota refused it, in words; null unless <see cref="Outcome"/> is a quota's.</summary>
    public string? Message { get; init; }

    /// <summary>When the hourly import limit frees a slot (<see cref="ManualPositionOutcome.TooManyImports"/>).</summary>
    public TimeSpan? RetryAfter { get; init; }
}

/// <summary>One page of a portfolio's manual positions and how many it holds in all.</summary>
public sealed record ManualPositionPage(IReadOnlyList<ManualPositionEntry> Items, int Total);

/// <summary>
/// Reads and writes a portfolio's manual positions. Every call names the portfolio and only ever touches that
/// portfolio's rows, so an authorization check per portfolio can sit in front of it. Each call uses its own
/// short-lived context (safe from any thread) and validates with <see cref="ManualPositionValidator"/> before writing.
/// </summary>
/// <remarks>
/// Every change raises <see cref="PortfolioChangeSignal"/>, so the engine, which keeps manual positions in memory
/// rather than querying them on every block, picks it up at the next block. Additions respect
/// <see cref="QuotaOptions.ManualPositionsPerPortfolio"/> (counted under the portfolio's lock, so concurrent imports
/// cannot together pass it) and imports <see cref="QuotaOptions.ManualPositionImportsPerHour"/>.
/// </remarks>
public sealed class ManualPositionStore(
    IDbContextFactory<ExposureDbContext> factory, TimeProvider time, PortfolioChangeSignal changes, IOptionsMonitor<QuotaOptions> quotas, ImportRateLimiter imports)
{
    private const int ImportChunk = 500;

    /// <summary>Every portfolio's manual positions, by portfolio id (the engine's cache, loaded in one query).</summary>
    public async Task<ILookup<int, ManualPositionEntry>> ListAllAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var all = await db.ManualPositions.AsNoTracking().OrderBy(m => m.Underlying).ThenBy(m => m.Id).ToListAsync(ct);
        return all.ToLookup(m => m.PortfolioId);
    }

    public async Task<IReadOnlyList<ManualPositionEntry>> ListAsync(int portfolioId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.ManualPositions.AsNoTracking()
            .Where(m => m.PortfolioId == portfolioId)
            .OrderBy(m => m.Underlying).ThenBy(m => m.Id)
            .ToListAsync(ct);
    }

    /// <summary>One page (<paramref name="skip"/>, <paramref name="take"/>) in the order of <see cref="ListAsync"/>, with the total.</summary>
    public async Task<ManualPositionPage> ListPageAsync(int portfolioId, int skip, int take, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var all = db.ManualPositions.AsNoTracking().Where(m => m.PortfolioId == portfolioId);
        var total = await all.CountAsync(ct);
        var items = await all.OrderBy(m => m.Underlying).ThenBy(m => m.Id).Skip(Math.Max(0, skip)).Take(Math.Max(0, take)).ToListAsync(ct);
        return new ManualPositionPage(items, total);
    }

    public async Task<ManualPositionSaveResult> AddAsync(int portfolioId, ManualPositionValues values, CancellationToken ct = default)
    {
        if (ManualPositionValidator.Validate(values) is { Count: > 0 } errors) return new(ManualPositionOutcome.Invalid, null, errors);
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!await QuotaLocks.PortfolioAsync(db, portfolioId, ct)) return new(ManualPositionOutcome.NotFound, null, []);
        var held = await db.ManualPositions.CountAsync(m => m.PortfolioId == portfolioId, ct);
        if (held >= quotas.CurrentValue.ManualPositionsPerPortfolio)
        {
            return new(ManualPositionOutcome.QuotaReached, null, []) { Message = QuotaMessages.ManualPositions(held, quotas.CurrentValue.ManualPositionsPerPortfolio) };
        }
        var now = time.GetUtcNow();
        var entry = new ManualPositionEntry { PortfolioId = portfolioId, Underlying = "", CreatedAt = now };
        Apply(entry, values, now);
        db.ManualPositions.Add(entry);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        changes.Raise();
        return new(ManualPositionOutcome.Saved, entry, []);
    }

    public async Task<ManualPositionSaveResult> UpdateAsync(int portfolioId, int id, ManualPositionValues values, CancellationToken ct = default)
    {
        if (ManualPositionValidator.Validate(values) is { Count: > 0 } errors) return new(ManualPositionOutcome.Invalid, null, errors);
        await using var db = await factory.CreateDbContextAsync(ct);
        var entry = await db.ManualPositions.FirstOrDefaultAsync(m => m.PortfolioId == portfolioId && m.Id == id, ct);
        if (entry is null) return new(ManualPositionOutcome.NotFound, null, []);
        Apply(entry, values, time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        changes.Raise();
        return new(ManualPositionOutcome.Saved, entry, []);
    }

    /// <summary>False when the portfolio has no such position (already deleted, or another portfolio's).</summary>
    public async Task<bool> DeleteAsync(int portfolioId, int id, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var deleted = await db.ManualPositions.Where(m => m.PortfolioId == portfolioId && m.Id == id).ExecuteDeleteAsync(ct) > 0;
        if (deleted) changes.Raise();
        return deleted;
    }

    /// <summary>
    /// Adds all <paramref name="positions"/> in one transaction, or none: any invalid position, a missing portfolio, a
    /// file that would take the portfolio past its quota, an hour's imports used up, or a failure while writing leaves
    /// the portfolio as it was.
    /// </summary>
    public async Task<ManualPositionImportResult> ImportAsync(int portfolioId, IReadOnlyList<ManualPositionValues> positions, CancellationToken ct = default)
    {
        var errors = positions
            .SelectMany((p, i) => ManualPositionValidator.Validate(p).Select(e => new CsvLineError(null, $"position {i + 1}: {e.Message}")))
            .ToList();
        if (errors.Count > 0) return new(ManualPositionOutcome.Invalid, 0, errors);
        if (positions.Count == 0) return new(ManualPositionOutcome.Invalid, 0, [new CsvLineError(null, "There are no positions to import.")]);

        await using var db = await factory.CreateDbContextAsync(ct);
        var portfolio = await db.Portfolios.AsNoTracking().Where(p => p.Id == portfolioId).Select(p => new { p.WorkspaceId }).FirstOrDefaultAsync(ct);
        if (portfolio is null) return new(ManualPositionOutcome.NotFound, 0, []);
        var slot = imports.TryAcquire(ImportRateLimiter.KeyOf(portfolio.WorkspaceId, portfolioId));
        if (!slot.Granted)
        {
            var message = QuotaMessages.ImportsPerHour(slot.Limit, slot.RetryAfter);
            return new(ManualPositionOutcome.TooManyImports, 0, [new CsvLineError(null, message)]) { Message = message, RetryAfter = slot.RetryAfter };
        }
        var saved = false;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (!await QuotaLocks.PortfolioAsync(db, portfolioId, ct)) return new(ManualPositionOutcome.NotFound, 0, []);
            var held = await db.ManualPositions.CountAsync(m => m.PortfolioId == portfolioId, ct);
            var limit = quotas.CurrentValue.ManualPositionsPerPortfolio;
            if (held + positions.Count > limit)
            {
                var message = held >= limit ? QuotaMessages.ManualPositions(held, limit) : QuotaMessages.ManualPositionsImport(held, positions.Count, limit);
                return new(ManualPositionOutcome.QuotaReached, 0, [new CsvLineError(null, message)]) { Message = message };
            }
            var now = time.GetUtcNow();
            // Written in chunks inside the one transaction: EF tracking 5,000 rows at once held tens of MB per import.
            foreach (var chunk in positions.Chunk(ImportChunk))
            {
                foreach (var values in chunk)
                {
                    var entry = new ManualPositionEntry { PortfolioId = portfolioId, Underlying = "", CreatedAt = now };
                    Apply(entry, values, now);
                    db.ManualPositions.Add(entry);
                }
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }
            await transaction.CommitAsync(ct);
            saved = true;
        }
        finally
        {
            // Only a saved file counts against the hour.
            if (!saved) slot.Release!();
        }
        changes.Raise();
        return new(ManualPositionOutcome.Saved, positions.Count, []);
    }

    /// <summary>Parses a CSV file (<see cref="ManualPositionCsv"/>) and imports it with <see cref="ImportAsync"/>: every position or none.</summary>
    public async Task<ManualPositionImportResult> ImportCsvAsync(int portfolioId, TextReader csv, CancellationToken ct = default)
    {
        var (entries, errors) = ManualPositionCsv.Parse(csv);
        if (errors.Count > 0) return new(ManualPositionOutcome.Invalid, 0, errors);
        return await ImportAsync(portfolioId, entries, ct);
    }

    private static void Apply(ManualPositionEntry entry, ManualPositionValues values, DateTimeOffset now)
    {
        var v = ManualPositionValidator.Normalize(values);
        entry.Kind = v.Kind;
        entry.Label = v.Label;
        entry.Underlying = v.Underlying;
        entry.Quantity = v.Quantity;
        entry.EntryPriceUsd = v.EntryPriceUsd;
        entry.Strike = v.Strike;
        entry.Expiry = v.Expiry;
        entry.Right = v.Right;
        entry.CashUsd = v.CashUsd;
        entry.UpdatedAt = now;
    }
}
