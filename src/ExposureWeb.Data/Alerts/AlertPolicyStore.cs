using System.Text.Json;
using ExposureWeb.Data.Entities;
using ExposureWeb.Risk.Alerts;
using Microsoft.EntityFrameworkCore;

namespace ExposureWeb.Data.Alerts;

/// <summary>
/// A workspace's notification policy (repeat interval, group wait, group-by labels): members read, editors change, any other
/// workspace answers as missing; a workspace that never set one has <see cref="AlertNotificationPolicy.Default"/>.
/// </summary>
public sealed class AlertPolicyStore(IDbContextFactory<ExposureDbContext> factory, TimeProvider time)
{
    /// <summary>The workspace's policy, or null when the user may not see the workspace.</summary>
    public async Task<AlertNotificationPolicy?> GetAsync(int userId, int workspaceId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await AlertRuleStore.WorkspaceRoleAsync(db, userId, workspaceId, ct) is null) return null;
        return await OfWorkspaceAsync(db, workspaceId, ct);
    }

    /// <summary>Replaces the workspace's policy; editors only.</summary>
    public async Task<AlertSettingResult<AlertNotificationPolicy>> SetAsync(int userId, int workspaceId, AlertNotificationPolicy policy, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var role = await AlertRuleStore.WorkspaceRoleAsync(db, userId, workspaceId, ct);
        if (role is null) return AlertSettingResult<AlertNotificationPolicy>.Missing;
        if (role < WorkspaceRole.Editor) return AlertSettingResult<AlertNotificationPolicy>.Refused(role.Value, "the notification policy");
        if (AlertNotificationPolicyRules.Validate(policy) is { Count: > 0 } errors) return AlertSettingResult<AlertNotificationPolicy>.Invalid(errors);
        var row = await db.AlertPolicies.FirstOrDefaultAsync(p => p.WorkspaceId == workspaceId, ct);
        if (row is null) db.AlertPolicies.Add(row = new AlertPolicyEntry { WorkspaceId = workspaceId, GroupByJson = "[]" });
        row.RepeatIntervalMinutes = policy.RepeatIntervalMinutes;
        row.GroupWaitSeconds = policy.GroupWaitSeconds;
        row.GroupByJson = JsonSerializer.Serialize(policy.GroupBy ?? [], AlertRuleJson.Options);
        row.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return AlertSettingResult<AlertNotificationPolicy>.Done(Of(row));
    }

    /// <summary>The policy of a workspace, no access check: what the outbox and the repeat job read.</summary>
    public static async Task<AlertNotificationPolicy> OfWorkspaceAsync(ExposureDbContext db, int workspaceId, CancellationToken ct)
    {
        var row = await db.AlertPolicies.AsNoTracking().FirstOrDefaultAsync(p => p.WorkspaceId == workspaceId, ct);
        return row is null ? AlertNotificationPolicy.Default : Of(row);
    }

    public static AlertNotificationPolicy Of(AlertPolicyEntry row) => new()
    {
        RepeatIntervalMinutes = row.RepeatIntervalMinutes,
        GroupWaitSeconds = row.GroupWaitSeconds,
        GroupBy = JsonSerializer.Deserialize<List<string>>(row.GroupByJson, AlertRuleJson.Options) ?? [],
    };
}
