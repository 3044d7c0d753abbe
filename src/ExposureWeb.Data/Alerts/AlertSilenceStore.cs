using System.Text.Json;
using ExposureWeb.Data.Accounts;
using ExposureWeb.Data.Entities;
using ExposureWeb.Risk.Alerts;
using ExposureWeb.Risk.ManualPositions;
using Microsoft.EntityFrameworkCore;

namespace ExposureWeb.Data.Alerts;

/// <summary>
/// The outcome of a change to a silence, mute timing or policy: done (with the value), invalid (every field error, nothing
/// written), forbidden (a viewer) or missing (absent, or another workspace's: the same answer).
/// </summary>
public sealed record AlertSettingResult<T>(ChangeResult Result, T? Value, IReadOnlyList<FieldError> Errors)
{
    public bool Ok => Result.Ok;

    /// <summary>The user may see the workspace but their role does not allow the change.</summary>
    public bool Forbidden => !Result.Ok && !Result.NotFound && Errors.Count == 0;

    public static AlertSettingResult<T> Missing { get; } = new(ChangeResult.Missing, default, []);

    public static AlertSettingResult<T> Done(T value) => new(ChangeResult.Done, value, []);

    public static AlertSettingResult<T> Invalid(IReadOnlyList<FieldError> errors) =>
        new(ChangeResult.Invalid(string.Join(" ", errors.Select(e => e.Message))), default, errors);

    public static AlertSettingResult<T> Refused(WorkspaceRole role, string what) =>
        new(ChangeResult.Invalid($"your role ({role}) may read {what} but not change them; ask an editor of the workspace"), default, []);
}

/// <summary>A silence as pages and the API show it.</summary>
/// <param name="State"><c>pending</c> (starts later), <c>active</c> or <c>expired</c>, at the time it was read.</param>
/// <param name="CreatedBy">The creator's address.</param>
public sealed record AlertSilenceView(
    int Id, int WorkspaceId, IReadOnlyList<AlertSilenceMatcher> Matchers, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Comment,
    string CreatedBy, DateTimeOffset CreatedAt, string State);

/// <summary>
/// A workspace's silences: members read, editors create and expire, any other workspace answers as missing. Definitions are
/// checked by <see cref="AlertSilenceRules"/> before anything is written. Silences are never deleted, only expired, so the
/// deliveries they silenced keep pointing at them.
/// </summary>
public sealed class AlertSilenceStore(IDbContextFactory<ExposureDbContext> factory, TimeProvider time)
{
    /// <summary>Silences listed: every one not ended, and the ones ended within this long.</summary>
    public static readonly TimeSpan ExpiredShownFor = TimeSpan.FromDays(7);

    /// <summary>The workspace's silences (not ended, or ended in the last 7 days; newest first), or null when the user may not see the workspace.</summary>
    public async Task<IReadOnlyList<AlertSilenceView>?> ListAsync(int userId, int workspaceId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await AlertRuleStore.WorkspaceRoleAsync(db, userId, workspaceId, ct) is null) return null;
        var since = time.GetUtcNow() - ExpiredShownFor;
        var rows = await db.AlertSilences.AsNoTracking().Where(s => s.WorkspaceId == workspaceId && s.EndsAt > since).OrderByDescending(s => s.Id).ToListAsync(ct);
        return await ViewsAsync(db, rows, ct);
    }

    /// <summary>One silence, or null when missing or not the user's to see.</summary>
    public async Task<AlertSilenceView?> FindAsync(int userId, int silenceId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await db.AlertSilences.AsNoTracking().FirstOrDefaultAsync(s => s.Id == silenceId, ct);
        if (row is null || await AlertRuleStore.WorkspaceRoleAsync(db, userId, row.WorkspaceId, ct) is null) return null;
        return (await ViewsAsync(db, [row], ct))[0];
    }

    /// <summary>Creates a silence (from now when no start is given); editors only.</summary>
    public async Task<AlertSettingResult<AlertSilenceView>> CreateAsync(int userId, int workspaceId, AlertSilenceDefinition definition, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var role = await AlertRuleStore.WorkspaceRoleAsync(db, userId, workspaceId, ct);
        if (role is null) return AlertSettingResult<AlertSilenceView>.Missing;
        if (role < WorkspaceRole.Editor) return AlertSettingResult<AlertSilenceView>.Refused(role.Value, "silences");
        var now = time.GetUtcNow();
        if (AlertSilenceRules.Validate(definition, now) is { Count: > 0 } errors) return AlertSettingResult<AlertSilenceView>.Invalid(errors);
        var row = new AlertSilence
        {
            WorkspaceId = workspaceId,
            MatchersJson = JsonSerializer.Serialize(definition.Matchers.Select(m => m with { Value = m.Value ?? "" }).ToList(), AlertRuleJson.Options),
            StartsAt = definition.StartsAt ?? now,
            EndsAt = definition.EndsAt,
            Comment = definition.Comment.Trim(),
            CreatedByUserId = userId,
            CreatedAt = now,
        };
        db.AlertSilences.Add(row);
        await db.SaveChangesAsync(ct);
        return AlertSettingResult<AlertSilenceView>.Done((await ViewsAsync(db, [row], ct))[0]);
    }

    /// <summary>Ends a silence now (a pending one never starts); editors only. An ended silence stays as it was.</summary>
    public async Task<AlertSettingResult<AlertSilenceView>> ExpireAsync(int userId, int silenceId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await db.AlertSilences.FirstOrDefaultAsync(s => s.Id == silenceId, ct);
        if (row is null) return AlertSettingResult<AlertSilenceView>.Missing;
        var role = await AlertRuleStore.WorkspaceRoleAsync(db, userId, row.WorkspaceId, ct);
        if (role is null) return AlertSettingResult<AlertSilenceView>.Missing;
        if (role < WorkspaceRole.Editor) return AlertSettingResult<AlertSilenceView>.Refused(role.Value, "silences");
        var now = time.GetUtcNow();
        if (row.EndsAt > now)
        {
            row.EndsAt = now;
            if (row.StartsAt > now) row.StartsAt = now;
            row.ExpiredByUserId = userId;
            await db.SaveChangesAsync(ct);
        }
        return AlertSettingResult<AlertSilenceView>.Done((await ViewsAsync(db, [row], ct))[0]);
    }

    /// <summary>The matchers of a stored silence.</summary>
    public static IReadOnlyList<AlertSilenceMatcher> Matchers(AlertSilence row) =>
        JsonSerializer.Deserialize<List<AlertSilenceMatcher>>(row.MatchersJson, AlertRuleJson.Options) ?? [];

    private async Task<IReadOnlyList<AlertSilenceView>> ViewsAsync(ExposureDbContext db, IReadOnlyList<AlertSilence> rows, CancellationToken ct)
    {
        var userIds = rows.Select(r => r.CreatedByUserId).Distinct().ToList();
        var addresses = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Address, ct);
        var now = time.GetUtcNow();
        return rows.Select(r => new AlertSilenceView(
            r.Id, r.WorkspaceId, Matchers(r), r.StartsAt, r.EndsAt, r.Comment, addresses.GetValueOrDefault(r.CreatedByUserId, $"user {r.CreatedByUserId}"), r.CreatedAt,
            r.EndsAt <= now ? "expired" : r.StartsAt > now ? "pending" : "active")).ToList();
    }
}
