using ExposureWeb.Data.Accounts;
using ExposureWeb.Data.Alerts;
using ExposureWeb.Data.Entities;
using ExposureWeb.Risk.ManualPositions;
using ExposureWeb.Risk.Strategies;
using Microsoft.EntityFrameworkCore;

namespace ExposureWeb.Data.Strategies;

/// <summary>Raised after strategies change, so the engine reloads them before the next block.</summary>
public sealed class StrategyChangeSignal
{
    public event Action? Changed;

    public void Raise() => Changed?.Invoke();
}

/// <summary>A stored strategy with its parsed definition.</summary>
public sealed record StoredStrategy(Strategy Row, StrategyDefinition Definition);

/// <summary>The outcome of saving: saved, invalid (every field error, nothing written) or not found.</summary>
public sealed record StrategySaveResult(ChangeResult Result, StoredStrategy? Saved, IReadOnlyList<FieldError> Errors)
{
    public bool Ok => Result.Ok;
}

/// <summary>
/// Strategies as a user sees them: limited to the workspaces they belong to (viewers read, editors and owners write;
/// anything else answers as missing). Definitions are validated by <see cref="StrategyValidator"/> before any write.
/// </summary>
public sealed class StrategyStore(IDbContextFactory<ExposureDbContext> factory, TimeProvider time, StrategyChangeSignal changes)
{
    /// <summary>The portfolio's strategies, or null when the user may not see the portfolio.</summary>
    public async Task<IReadOnlyList<StoredStrategy>?> ListAsync(int userId, int portfolioId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await AlertRuleStore.PortfolioRoleAsync(db, userId, portfolioId, ct) is null) return null;
        var rows = await db.Strategies.AsNoTracking().Where(s => s.PortfolioId == portfolioId).OrderBy(s => s.Id).ToListAsync(ct);
        return rows.Select(Parse).ToList();
    }

    /// <summary>The strategy with the user's role, or null when missing or not theirs to see.</summary>
    public async Task<(StoredStrategy Strategy, WorkspaceRole Role)?> FindAsync(int userId, int strategyId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await db.Strategies.AsNoTracking().FirstOrDefaultAsync(s => s.Id == strategyId, ct);
        if (row is null) return null;
        var role = await AlertRuleStore.PortfolioRoleAsync(db, userId, row.PortfolioId, ct);
        return role is null ? null : (Parse(row), role.Value.Role);
    }

    /// <summary>Every enabled strategy (the engine's book).</summary>
    public async Task<IReadOnlyList<StoredStrategy>> AllEnabledAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.Strategies.AsNoTracking().Where(s => s.Enabled).OrderBy(s => s.Id).ToListAsync(ct);
        var list = new List<StoredStrategy>(rows.Count);
        foreach (var row in rows)
        {
            try
            {
                list.Add(Parse(row));
            }
            catch (System.Text.Json.JsonException)
            {
                // A row that no longer parses is skipped by the engine; the API still lists it.
            }
        }
        return list;
    }

    public async Task<StrategySaveResult> CreateAsync(int userId, int portfolioId, string name, StrategyDefinition definition, bool enabled,
        StrategyContext? context = null, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var access = await AlertRuleStore.PortfolioRoleAsync(db, userId, portfolioId, ct);
        if (access is null) return new(ChangeResult.Missing, null, []);
        if (Refused(access.Value.Role) is { } refused) return refused;
        if (StrategyValidator.Validate(name, definition, context) is { Count: > 0 } errors) return Invalid(errors);
        var now = time.GetUtcNow();
        var row = new Strategy
        {
            WorkspaceId = access.Value.WorkspaceId,
            PortfolioId = portfolioId,
            Name = name.Trim(),
            Kind = StrategyJson.KindOf(definition),
            DefinitionJson = StrategyJson.Serialize(definition),
            Enabled = enabled,
            CreatedByUserId = userId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Strategies.Add(row);
        await db.SaveChangesAsync(ct);
        changes.Raise();
        return new(ChangeResult.Done, Parse(row), []);
    }

    public async Task<StrategySaveResult> UpdateAsync(int userId, int strategyId, string name, StrategyDefinition definition, bool enabled,
        StrategyContext? context = null, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await db.Strategies.FirstOrDefaultAsync(s => s.Id == strategyId, ct);
        if (row is null) return new(ChangeResult.Missing, null, []);
        var access = await AlertRuleStore.PortfolioRoleAsync(db, userId, row.PortfolioId, ct);
        if (access is null) return new(ChangeResult.Missing, null, []);
        if (Refused(access.Value.Role) is { } refused) return refused;
        if (StrategyValidator.Validate(name, definition, context) is { Count: > 0 } errors) return Invalid(errors);
        row.Name = name.Trim();
        row.Kind = StrategyJson.KindOf(definition);
        row.DefinitionJson = StrategyJson.Serialize(definition);
        row.Enabled = enabled;
        row.Version++;
        row.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        changes.Raise();
        return new(ChangeResult.Done, Parse(row), []);
    }

    public async Task<ChangeResult> DeleteAsync(int userId, int strategyId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await db.Strategies.FirstOrDefaultAsync(s => s.Id == strategyId, ct);
        if (row is null) return ChangeResult.Missing;
        var access = await AlertRuleStore.PortfolioRoleAsync(db, userId, row.PortfolioId, ct);
        if (access is null) return ChangeResult.Missing;
        if (Refused(access.Value.Role) is { } refused) return refused.Result;
        db.Strategies.Remove(row);
        await db.SaveChangesAsync(ct);
        changes.Raise();
        return ChangeResult.Done;
    }

    private static StoredStrategy Parse(Strategy row) => new(row, StrategyJson.Deserialize(row.Kind, row.DefinitionJson));

    private static StrategySaveResult? Refused(WorkspaceRole role) => role >= WorkspaceRole.Editor ? null
        : new(ChangeResult.Invalid($"your role ({role}) may read strategies but not change them; ask an editor of the workspace"), null, []);

    private static StrategySaveResult Invalid(IReadOnlyList<FieldError> errors) =>
        new(ChangeResult.Invalid(string.Join(" ", errors.Select(e => e.Message))), null, errors);
}
