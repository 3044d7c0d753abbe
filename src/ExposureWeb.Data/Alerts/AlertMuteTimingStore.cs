using System.Text.Json;
using ExposureWeb.Data.Entities;
using ExposureWeb.Risk.Alerts;
using Microsoft.EntityFrameworkCore;

namespace ExposureWeb.Data.Alerts;

/// <summary>A mute timing as pages and the API show it.</summary>
public sealed record AlertMuteTimingView(int Id, int WorkspaceId, string Name, string TimeZone, IReadOnlyList<AlertMuteInterval> Intervals, DateTimeOffset UpdatedAt)
{
    public static AlertMuteTimingView Of(AlertMuteTiming row) =>
        new(row.Id, row.WorkspaceId, row.Name, row.TimeZone, AlertMuteTimingStore.Intervals(row), row.UpdatedAt);

    /// <summary>As the domain validates and evaluates it.</summary>
    public AlertMuteTimingDefinition Definition => new() { Name = Name, TimeZone = TimeZone, Intervals = Intervals };
}

/// <summary>
/// A workspace's mute timings: members read, editors change, any other workspace answers as missing. Definitions are
/// checked by <see cref="AlertMuteTimingRules"/>; one a rule references cannot be deleted. A change lets notifications
/// the timing held wait no longer than the new windows say.
/// </summary>
public sealed class AlertMuteTimingStore(IDbContextFactory<ExposureDbContext> factory, TimeProvider time, AlertOutboxSignal outbox)
{
    /// <summary>Prefix of <see cref="AlertNotification.LastError"/> of a notification a mute timing holds.</summary>
    public const string MutedPrefix = "muted by ";

    /// <summary>The workspace's mute timings, or null when the user may not see the workspace.</summary>
    public async Task<IReadOnlyList<AlertMuteTimingView>?> ListAsync(int userId, int workspaceId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await AlertRuleStore.WorkspaceRoleAsync(db, userId, workspaceId, ct) is null) return null;
        var rows = await db.AlertMuteTimings.AsNoTracking().Where(m => m.WorkspaceId == workspaceId).OrderBy(m => m.Name).ThenBy(m => m.Id).ToListAsync(ct);
        return rows.Select(AlertMuteTimingView.Of).ToList();
    }

    /// <summary>One mute timing, or null when missing or not the user's to see.</summary>
    public async Task<AlertMuteTimingView?> FindAsync(int userId, int muteTimingId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await db.AlertMuteTimings.AsNoTracking().FirstOrDefaultAsync(m => m.Id == muteTimingId, ct);
        if (row is null || await AlertRuleStore.WorkspaceRoleAsync(db, userId, row.WorkspaceId, ct) is null) return null;
        return AlertMuteTimingView.Of(row);
    }

    /// <summary>Creates a mute timing; editors only.</summary>
    public async Task<AlertSettingResult<AlertMuteTimingView>> CreateAsync(int userId, int workspaceId, AlertMuteTimingDefinition definition, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var role = await AlertRuleStore.WorkspaceRoleAsync(db, userId, workspaceId, ct);
        if (role is null) return AlertSettingResult<AlertMuteTimingView>.Missing;
        if (role < WorkspaceRole.Editor) return AlertSettingResult<AlertMuteTimingView>.Refused(role.Value, "mute timings");
        if (AlertMuteTimingRules.Validate(definition) is { Count: > 0 } errors) return AlertSettingResult<AlertMuteTimingView>.Invalid(errors);
        var now = time.GetUtcNow();
        var row = new AlertMuteTiming { WorkspaceId = workspaceId, Name = "", TimeZone = "", IntervalsJson = "", CreatedAt = now };
        Apply(row, definition, now);
        db.AlertMuteTimings.Add(row);
        await db.SaveChangesAsync(ct);
        return AlertSettingResult<AlertMuteTimingView>.Done(AlertMuteTimingView.Of(row));
    }

    /// <summary>Replaces a mute timing's name, zone and windows; editors only.</summary>
    public async Task<AlertSettingResult<AlertMuteTimingView>> UpdateAsync(int userId, int muteTimingId, AlertMuteTimingDefinition definition, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await db.AlertMuteTimings.FirstOrDefaultAsync(m => m.Id == muteTimingId, ct);
        if (row is null) return AlertSettingResult<AlertMuteTimingView>.Missing;
        var role = await AlertRuleStore.WorkspaceRoleAsync(db, userId, row.WorkspaceId, ct);
        if (role is null) return AlertSettingResult<AlertMuteTimingView>.Missing;
        if (role < WorkspaceRole.Editor) return AlertSettingResult<AlertMuteTimingView>.Refused(role.Value, "mute timings");
        if (AlertMuteTimingRules.Validate(definition) is { Count: > 0 } errors) return AlertSettingResult<AlertMuteTimingView>.Invalid(errors);
        Apply(row, definition, time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        await ReleaseHeldAsync(db, row.WorkspaceId, ct);
        return AlertSettingResult<AlertMuteTimingView>.Done(AlertMuteTimingView.Of(row));
    }

    /// <summary>Deletes a mute timing no rule references; editors only.</summary>
    public async Task<AlertSettingResult<AlertMuteTimingView>> DeleteAsync(int userId, int muteTimingId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await db.AlertMuteTimings.FirstOrDefaultAsync(m => m.Id == muteTimingId, ct);
        if (row is null) return AlertSettingResult<AlertMuteTimingView>.Missing;
        var role = await AlertRuleStore.WorkspaceRoleAsync(db, userId, row.WorkspaceId, ct);
        if (role is null) return AlertSettingResult<AlertMuteTimingView>.Missing;
        if (role < WorkspaceRole.Editor) return AlertSettingResult<AlertMuteTimingView>.Refused(role.Value, "mute timings");
        var rules = await db.AlertRules.AsNoTracking().Where(r => r.WorkspaceId == row.WorkspaceId).ToListAsync(ct);
        var users = rules.Where(r => (AlertRuleJson.Deserialize(r.DefinitionJson).MuteTimingIds ?? []).Contains(muteTimingId)).Select(r => $"\"{r.Name}\"").ToList();
        if (users.Count > 0)
        {
            return AlertSettingResult<AlertMuteTimingView>.Invalid([new(AlertMuteTimingField.Name, $"Rule {string.Join(", ", users)} uses this mute timing: remove it from the rule first.")]);
        }
        db.AlertMuteTimings.Remove(row);
        await db.SaveChangesAsync(ct);
        await ReleaseHeldAsync(db, row.WorkspaceId, ct);
        return AlertSettingResult<AlertMuteTimingView>.Done(AlertMuteTimingView.Of(row));
    }

    /// <summary>The windows of a stored mute timing.</summary>
    public static IReadOnlyList<AlertMuteInterval> Intervals(AlertMuteTiming row) =>
        JsonSerializer.Deserialize<List<AlertMuteInterval>>(row.IntervalsJson, AlertRuleJson.Options) ?? [];

    private static void Apply(AlertMuteTiming row, AlertMuteTimingDefinition d, DateTimeOffset now)
    {
        row.Name = d.Name.Trim();
        row.TimeZone = d.TimeZone.Trim();
        var intervals = d.Intervals.Select(i => new AlertMuteInterval((i.Weekdays ?? []).Order().ToList(), i.Start.Trim(), i.End.Trim())).ToList();
        row.IntervalsJson = JsonSerializer.Serialize(intervals, AlertRuleJson.Options);
        row.UpdatedAt = now;
    }

    /// <summary>Notifications held by a mute timing become due now: the outbox checks them against the timings as they are now.</summary>
    private async Task ReleaseHeldAsync(ExposureDbContext db, int workspaceId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var released = await db.AlertNotifications
            .Where(n => n.WorkspaceId == workspaceId && n.Status == AlertNotificationStatus.Pending && n.LastError != null && n.LastError.StartsWith(MutedPrefix) && n.NextAttemptAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.NextAttemptAt, now), ct);
        if (released > 0) outbox.Raise();
    }
}
