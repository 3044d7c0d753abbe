using ExposureWeb.Data.Accounts;
using ExposureWeb.Data.Entities;
using ExposureWeb.Data.Quotas;
using ExposureWeb.Risk.Alerts;
using ExposureWeb.Risk.ManualPositions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Data.Alerts;

/// <summary>Raised after alert rules change, so the engine reloads them before the next block.</summary>
public sealed class AlertRuleChangeSignal
{
    public event Action? Changed;

    public void Raise() => Changed?.Invoke();
}

/// <summary>A stored rule with its parsed definition.</summary>
/// <param name="Rule">The row.</param>
/// <param name="Definition">Its definition.</param>
public sealed record StoredAlertRule(AlertRule Rule, AlertRuleDefinition Definition);

/// <summary>The outcome of saving a rule: saved, invalid (with every field error, nothing written) or not found.</summary>
public sealed record AlertRuleSaveResult(ChangeResult Result, StoredAlertRule? Saved, IReadOnlyList<FieldError> Errors)
{
    public bool Ok => Result.Ok;
}

/// <summary>One error of an import: which rule (0-based position in the file) and what is wrong with it.</summary>
public sealed record AlertRuleImportError(int Index, FieldError Error);

/// <summary>The outcome of an import: every rule saved, or none (with each rule's errors).</summary>
public sealed record AlertRuleImportResult(ChangeResult Result, IReadOnlyList<StoredAlertRule> Saved, IReadOnlyList<AlertRuleImportError> Errors)
{
    public bool Ok => Result.Ok;
}

/// <summary>
/// Alert rules as a user sees them: every call takes the user's id and is limited to the workspaces they belong to
/// (viewers read, editors change); anything else answers as missing. Definitions are validated with
/// <see cref="AlertRuleValidator"/> and the destinations checked against the workspace before anything is written; a
/// workspace holds at most <see cref="QuotaOptions.AlertRulesPerWorkspace"/> rules, counted under its lock.
/// </summary>
public sealed class AlertRuleStore(IDbContextFactory<ExposureDbContext> factory, TimeProvider time, AlertRuleChangeSignal changes, IOptionsMonitor<QuotaOptions> quotas)
{
    /// <summary>Rules of a portfolio (its own and its workspace's), or null when the user may not see the portfolio.</summary>
    public async Task<IReadOnlyList<StoredAlertRule>?> ListForPortfolioAsync(int userId, int portfolioId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var access = await PortfolioRoleAsync(db, userId, portfolioId, ct);
        if (access is null) return null;
        var rules = await db.AlertRules.AsNoTracking()
            .Where(r => r.WorkspaceId == access.Value.WorkspaceId && (r.PortfolioId == portfolioId || r.PortfolioId == null))
            .OrderBy(r => r.Id).ToListAsync(ct);
        return rules.Select(Parse).ToList();
    }

    /// <summary>The rule with the user's role in its workspace, or null when missing or not theirs to see.</summary>
    public async Task<(StoredAlertRule Rule, WorkspaceRole Role)?> FindAsync(int userId, int ruleId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rule = await db.AlertRules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == ruleId, ct);
        if (rule is null) return null;
        var role = await WorkspaceRoleAsync(db, userId, rule.WorkspaceId, ct);
        return role is null ? null : (Parse(rule), role.Value);
    }

    /// <summary>Every enabled rule of every workspace: what the engine evaluates.</summary>
    public async Task<IReadOnlyList<StoredAlertRule>> ListEnabledAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rules = await db.AlertRules.AsNoTracking().Where(r => r.Enabled).OrderBy(r => r.Id).ToListAsync(ct);
        return rules.Select(Parse).ToList();
    }

    /// <summary>Creates a rule under a portfolio (a workspace-scoped rule belongs to the portfolio's workspace); editors only.</summary>
    public async Task<AlertRuleSaveResult> CreateAsync(int userId, int portfolioId, AlertRuleDefinition definition, CancellationToken ct = default)
    {
        if (AlertRuleValidator.Validate(definition) is { Count: > 0 } errors) return Invalid(errors);
        await using var db = await factory.CreateDbContextAsync(ct);
        var access = await PortfolioRoleAsync(db, userId, portfolioId, ct);
        if (access is null) return new(ChangeResult.Missing, null, []);
        if (Refused(access.Value.Role) is { } refused) return refused;
        if (await CheckDestinationsAsync(db, access.Value.WorkspaceId, definition, ct) is { } bad) return Invalid([bad]);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await OverQuotaAsync(db, access.Value.WorkspaceId, 1, ct) is { } full) return new(full, null, []);
        var now = time.GetUtcNow();
        var rule = new AlertRule
        {
            WorkspaceId = access.Value.WorkspaceId,
            PortfolioId = definition.Scope == AlertScope.Workspace ? null : portfolioId,
            Name = definition.Name.Trim(),
            DefinitionJson = AlertRuleJson.Serialize(Normalize(definition)),
            Enabled = definition.Enabled,
            CreatedByUserId = userId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.AlertRules.Add(rule);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        changes.Raise();
        return new(ChangeResult.Done, Parse(rule), []);
    }

    /// <summary>Replaces a rule's definition; editors only. The rule keeps its id, instances and history.</summary>
    public async Task<AlertRuleSaveResult> UpdateAsync(int userId, int ruleId, AlertRuleDefinition definition, CancellationToken ct = default)
    {
        if (AlertRuleValidator.Validate(definition) is { Count: > 0 } errors) return Invalid(errors);
        await using var db = await factory.CreateDbContextAsync(ct);
        var rule = await db.AlertRules.FirstOrDefaultAsync(r => r.Id == ruleId, ct);
        if (rule is null) return new(ChangeResult.Missing, null, []);
        var role = await WorkspaceRoleAsync(db, userId, rule.WorkspaceId, ct);
        if (role is null) return new(ChangeResult.Missing, null, []);
        if (Refused(role.Value) is { } refused) return refused;
        if (await CheckDestinationsAsync(db, rule.WorkspaceId, definition, ct) is { } bad) return Invalid([bad]);
        if (definition.Scope != AlertScope.Workspace && rule.PortfolioId is null)
        {
            return Invalid([new(AlertRuleField.Scope, "This rule was created for the whole workspace; create a new rule under a portfolio to narrow it.")]);
        }
        if (definition.Scope == AlertScope.Workspace) rule.PortfolioId = null;
        rule.Name = definition.Name.Trim();
        rule.DefinitionJson = AlertRuleJson.Serialize(Normalize(definition));
        rule.Enabled = definition.Enabled;
        rule.Version++;
        rule.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        changes.Raise();
        return new(ChangeResult.Done, Parse(rule), []);
    }

    /// <summary>Deletes a rule with its instances, history and undelivered notifications; editors only.</summary>
    public async Task<ChangeResult> DeleteAsync(int userId, int ruleId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rule = await db.AlertRules.FirstOrDefaultAsync(r => r.Id == ruleId, ct);
        if (rule is null) return ChangeResult.Missing;
        var role = await WorkspaceRoleAsync(db, userId, rule.WorkspaceId, ct);
        if (role is null) return ChangeResult.Missing;
        if (Refused(role.Value) is { } refused) return refused.Result;
        db.AlertRules.Remove(rule);
        await db.SaveChangesAsync(ct);
        changes.Raise();
        return ChangeResult.Done;
    }

    /// <summary>
    /// Creates every rule of an import under a portfolio in one transaction, or none: each rule is validated (and its
    /// destinations checked against the workspace) first, and any error refuses the whole file. Editors only.
    /// </summary>
    public async Task<AlertRuleImportResult> ImportAsync(int userId, int portfolioId, IReadOnlyList<AlertRuleDefinition> definitions, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var access = await PortfolioRoleAsync(db, userId, portfolioId, ct);
        if (access is null) return new(ChangeResult.Missing, [], []);
        if (Refused(access.Value.Role) is { } refused) return new(refused.Result, [], []);
        if (definitions.Count == 0) return new(ChangeResult.Invalid("the file holds no rules"), [], [new(0, new(AlertRuleField.Name, "The file holds no rules."))]);
        var errors = new List<AlertRuleImportError>();
        for (int i = 0; i < definitions.Count; i++)
        {
            var ruleErrors = AlertRuleValidator.Validate(definitions[i]);
            if (ruleErrors.Count == 0 && await CheckDestinationsAsync(db, access.Value.WorkspaceId, definitions[i], ct) is { } bad) ruleErrors = [bad];
            errors.AddRange(ruleErrors.Select(e => new AlertRuleImportError(i, e)));
        }
        if (errors.Count > 0)
        {
            return new(ChangeResult.Invalid($"{errors.Select(e => e.Index).Distinct().Count()} of {definitions.Count} rules are invalid; nothing was imported"), [], errors);
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await OverQuotaAsync(db, access.Value.WorkspaceId, definitions.Count, ct) is { } full) return new(full, [], []);
        var now = time.GetUtcNow();
        var rows = definitions.Select(d => new AlertRule
        {
            WorkspaceId = access.Value.WorkspaceId,
            PortfolioId = d.Scope == AlertScope.Workspace ? null : portfolioId,
            Name = d.Name.Trim(),
            DefinitionJson = AlertRuleJson.Serialize(Normalize(d)),
            Enabled = d.Enabled,
            CreatedByUserId = userId,
            CreatedAt = now,
            UpdatedAt = now,
        }).ToList();
        db.AlertRules.AddRange(rows);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        changes.Raise();
        return new(ChangeResult.Done, rows.Select(Parse).ToList(), []);
    }

    /// <summary>The user's role in the portfolio's workspace and that workspace, or null when the user may not see it.</summary>
    public static async Task<(int WorkspaceId, WorkspaceRole Role)?> PortfolioRoleAsync(ExposureDbContext db, int userId, int portfolioId, CancellationToken ct)
    {
        var demoVisible = db.DemoWorkspaceVisible;
        var row = await db.Portfolios.AsNoTracking()
            .Where(p => p.Id == portfolioId && p.Workspace != null && ((demoVisible && p.Workspace.IsDemo) || p.Workspace.Members.Any(m => m.UserId == userId)))
            .Select(p => new { WorkspaceId = p.WorkspaceId!.Value, Role = p.Workspace!.Members.Where(m => m.UserId == userId).Select(m => (WorkspaceRole?)m.Role).FirstOrDefault() })
            .FirstOrDefaultAsync(ct);
        // The demo workspace alone makes a non-member a viewer.
        return row is null ? null : (row.WorkspaceId, row.Role ?? WorkspaceRole.Viewer);
    }

    /// <summary>The user's role in a workspace (viewer for the demo workspace), or null when not a member.</summary>
    public static async Task<WorkspaceRole?> WorkspaceRoleAsync(ExposureDbContext db, int userId, int workspaceId, CancellationToken ct)
    {
        var row = await db.Workspaces.AsNoTracking().Where(w => w.Id == workspaceId)
            .Select(w => new { w.IsDemo, Role = w.Members.Where(m => m.UserId == userId).Select(m => (WorkspaceRole?)m.Role).FirstOrDefault() })
            .FirstOrDefaultAsync(ct);
        if (row is null) return null;
        return row.Role ?? (row.IsDemo && db.DemoWorkspaceVisible ? WorkspaceRole.Viewer : null);
    }

    /// <summary>
    /// Locks the workspace for the rest of the transaction and refuses when <paramref name="adding"/> more rules would take it
    /// past its quota; null when they fit.
    /// </summary>
    private async Task<ChangeResult?> OverQuotaAsync(ExposureDbContext db, int workspaceId, int adding, CancellationToken ct)
    {
        if (!await QuotaLocks.WorkspaceAsync(db, workspaceId, ct)) return ChangeResult.Missing;
        var held = await db.AlertRules.CountAsync(r => r.WorkspaceId == workspaceId, ct);
        var limit = quotas.CurrentValue.AlertRulesPerWorkspace;
        if (held + adding <= limit) return null;
        return ChangeResult.OverQuota(adding == 1 || held >= limit ? QuotaMessages.AlertRules(held) : QuotaMessages.AlertRulesImport(held, adding, limit));
    }

    private static AlertRuleSaveResult? Refused(WorkspaceRole role) => role >= WorkspaceRole.Editor ? null
        : new(ChangeResult.Invalid($"your role ({role}) may read alert rules but not change them; ask an editor of the workspace"), null, []);

    private static AlertRuleSaveResult Invalid(IReadOnlyList<FieldError> errors) =>
        new(ChangeResult.Invalid(string.Join(" ", errors.Select(e => e.Message))), null, errors);

    /// <summary>The destinations and mute timings the rule names must be the workspace's.</summary>
    private static async Task<FieldError?> CheckDestinationsAsync(ExposureDbContext db, int workspaceId, AlertRuleDefinition definition, CancellationToken ct)
    {
        var timings = (definition.MuteTimingIds ?? []).ToList();
        if (timings.Count > 0)
        {
            var foundTimings = await db.AlertMuteTimings.AsNoTracking().Where(m => m.WorkspaceId == workspaceId && timings.Contains(m.Id)).Select(m => m.Id).ToListAsync(ct);
            var missingTimings = timings.Except(foundTimings).ToList();
            if (missingTimings.Count > 0)
            {
                return new(AlertRuleField.MuteTimings, $"Mute timing {string.Join(", ", missingTimings)} does not exist in this workspace: choose one from the workspace's alert settings.");
            }
        }
        if (definition.DestinationIds.Count == 0) return null;
        var ids = definition.DestinationIds.ToList();
        var found = await db.AlertDestinations.AsNoTracking().Where(d => d.WorkspaceId == workspaceId && ids.Contains(d.Id)).Select(d => d.Id).ToListAsync(ct);
        var missing = ids.Except(found).ToList();
        return missing.Count == 0 ? null
            : new(AlertRuleField.Destinations, $"Destination {string.Join(", ", missing)} does not exist in this workspace: choose one from the workspace's destinations.");
    }

    private static AlertRuleDefinition Normalize(AlertRuleDefinition d) => d with
    {
        Name = d.Name.Trim(),
        Underlying = d.Scope == AlertScope.Underlying ? d.Underlying?.Trim().ToUpperInvariant() : null,
        PositionId = d.Scope == AlertScope.Position ? d.PositionId?.Trim() : null,
        Level = d.Metric == AlertMetric.HealthFactorTimeToLevel ? d.Level : null,
        MuteTimingIds = d.MuteTimingIds ?? [],
    };

    private static StoredAlertRule Parse(AlertRule rule) => new(rule, AlertRuleJson.Deserialize(rule.DefinitionJson));
}
