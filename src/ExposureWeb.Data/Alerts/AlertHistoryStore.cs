using ExposureWeb.Data.Accounts;
using ExposureWeb.Data.Entities;
using ExposureWeb.Risk.Alerts;
using Microsoft.EntityFrameworkCore;

namespace ExposureWeb.Data.Alerts;

/// <summary>An alert instance as stored, with its rule's name and metric.</summary>
public sealed record AlertInstanceRecord(AlertInstanceEntry Instance, string RuleName, AlertMetric Metric);

/// <summary>A notification with its delivery log (oldest attempt first) and its destination's name (null for in-app or a deleted one).</summary>
public sealed record AlertDeliveryRecord(AlertNotification Notification, IReadOnlyList<AlertDeliveryAttempt> Attempts, string? DestinationName);

/// <summary>What a replay request came to.</summary>
public enum ReplayOutcome
{
    Replayed,
    /// <summary>No such notification, or another workspace's (the same answer).</summary>
    Missing,
    /// <summary>The user may read the workspace but not change it.</summary>
    Forbidden,
    /// <summary>Pending or delivered: nothing to replay.</summary>
    NotDeadLettered,
}

/// <summary>
/// What alerts did: instances with their state, the history of transitions (undone ones included, marked), and the
/// outbox's deliveries with every attempt. Reads follow the rule store's access (members read; any other workspace
/// answers as missing); a replay is an editor's change.
/// </summary>
/// <remarks>
/// Instances are read from the table the engine's evaluator writes; once the evaluator serves them live
/// (<c>AlertEvaluator.Current</c>) the page's live updates come over the hub and this stays the REST and history source.
/// </remarks>
public sealed class AlertHistoryStore(IDbContextFactory<ExposureDbContext> factory, TimeProvider time, AlertOutboxSignal outbox)
{
    public const int MaxTransitions = 500;
    public const int MaxDeliveries = 500;

    /// <summary>The instances of a portfolio (every rule's), or null when the user may not see the portfolio.</summary>
    public async Task<IReadOnlyList<AlertInstanceRecord>?> InstancesAsync(int userId, int portfolioId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await AlertRuleStore.PortfolioRoleAsync(db, userId, portfolioId, ct) is null) return null;
        return await InstancesAsync(db, portfolioId, ct);
    }

    /// <summary>
    /// The instances of a portfolio a share link shows: the caller has checked that the link is live and that its dashboard
    /// shows this portfolio (the viewer has no account to check).
    /// </summary>
    public async Task<IReadOnlyList<AlertInstanceRecord>> InstancesForShareLinkAsync(int portfolioId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await InstancesAsync(db, portfolioId, ct);
    }

    private static async Task<IReadOnlyList<AlertInstanceRecord>> InstancesAsync(ExposureDbContext db, int portfolioId, CancellationToken ct)
    {
        var rows = await (from i in db.AlertInstances.AsNoTracking()
                          join r in db.AlertRules.AsNoTracking() on i.RuleId equals r.Id
                          where i.PortfolioId == portfolioId
                          orderby i.RuleId, i.Label
                          select new { i, r.Name, r.DefinitionJson }).ToListAsync(ct);
        return rows.Select(x => new AlertInstanceRecord(x.i, x.Name, AlertRuleJson.Deserialize(x.DefinitionJson).Metric)).ToList();
    }

    /// <summary>The newest transitions of a portfolio's instances (newest first), or null when the user may not see it.</summary>
    public async Task<IReadOnlyList<AlertTransitionEntry>?> TransitionsOfPortfolioAsync(int userId, int portfolioId, int take = MaxTransitions, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await AlertRuleStore.PortfolioRoleAsync(db, userId, portfolioId, ct) is null) return null;
        return await Newest(db.AlertTransitions.Where(t => t.PortfolioId == portfolioId), take, ct);
    }

    /// <summary>The transitions of one instance (newest first), or null when missing or not the user's to see.</summary>
    public async Task<IReadOnlyList<AlertTransitionEntry>?> TransitionsOfInstanceAsync(int userId, long instanceId, int take = MaxTransitions, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var portfolioId = await db.AlertInstances.AsNoTracking().Where(i => i.Id == instanceId).Select(i => (int?)i.PortfolioId).FirstOrDefaultAsync(ct);
        if (portfolioId is null || await AlertRuleStore.PortfolioRoleAsync(db, userId, portfolioId.Value, ct) is null) return null;
        return await Newest(db.AlertTransitions.Where(t => t.InstanceId == instanceId), take, ct);
    }

    /// <summary>The transitions of every instance of a rule (newest first), or null when missing or not the user's to see.</summary>
    public async Task<IReadOnlyList<AlertTransitionEntry>?> TransitionsOfRuleAsync(int userId, int ruleId, int take = MaxTransitions, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await RuleRoleAsync(db, userId, ruleId, ct) is null) return null;
        return await Newest(db.AlertTransitions.Where(t => t.RuleId == ruleId), take, ct);
    }

    /// <summary>A rule's notifications (newest first) with their attempts, or null when missing or not the user's to see.</summary>
    public async Task<IReadOnlyList<AlertDeliveryRecord>?> DeliveriesOfRuleAsync(int userId, int ruleId, int take = MaxDeliveries, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await RuleRoleAsync(db, userId, ruleId, ct) is null) return null;
        var notifications = await db.AlertNotifications.AsNoTracking().Where(n => n.RuleId == ruleId)
            .OrderByDescending(n => n.Id).Take(Math.Clamp(take, 1, MaxDeliveries)).ToListAsync(ct);
        var ids = notifications.Select(n => n.Id).ToList();
        var attempts = (await db.AlertDeliveryAttempts.AsNoTracking().Where(a => ids.Contains(a.NotificationId)).ToListAsync(ct))
            .ToLookup(a => a.NotificationId);
        var destinationIds = notifications.Where(n => n.DestinationId is not null).Select(n => n.DestinationId!.Value).Distinct().ToList();
        var names = await db.AlertDestinations.AsNoTracking().Where(d => destinationIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Name, ct);
        return notifications.Select(n => new AlertDeliveryRecord(
            n, attempts[n.Id].OrderBy(a => a.Number).ThenBy(a => a.Id).ToList(),
            n.DestinationId is { } d && names.TryGetValue(d, out var name) ? name : null)).ToList();
    }

    /// <summary>
    /// Puts a dead-lettered notification back in the outbox (pending, due now, attempts counted from zero; the log of
    /// the earlier attempts stays). Editors only; anything but a dead letter is refused.
    /// </summary>
    public async Task<(ReplayOutcome Outcome, string? Error)> ReplayAsync(int userId, long notificationId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var notification = await db.AlertNotifications.FirstOrDefaultAsync(n => n.Id == notificationId, ct);
        if (notification is null) return (ReplayOutcome.Missing, ChangeResult.Missing.Error);
        var role = await AlertRuleStore.WorkspaceRoleAsync(db, userId, notification.WorkspaceId, ct);
        if (role is null) return (ReplayOutcome.Missing, ChangeResult.Missing.Error);
        if (role < WorkspaceRole.Editor) return (ReplayOutcome.Forbidden, $"your role ({role}) may read deliveries but not replay them; ask an editor of the workspace");
        if (notification.Status != AlertNotificationStatus.DeadLetter)
        {
            return (ReplayOutcome.NotDeadLettered, $"only a dead-lettered notification can be replayed; this one is {notification.Status.ToString().ToLowerInvariant()}");
        }
        notification.Status = AlertNotificationStatus.Pending;
        notification.NextAttemptAt = time.GetUtcNow();
        notification.Attempts = 0;
        notification.LastError = null;
        await db.SaveChangesAsync(ct);
        outbox.Raise();
        return (ReplayOutcome.Replayed, null);
    }

    /// <summary>The rule with the user's role, or null when missing or not theirs.</summary>
    public async Task<(AlertRule Rule, WorkspaceRole Role)?> RuleAsync(int userId, int ruleId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rule = await db.AlertRules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == ruleId, ct);
        if (rule is null) return null;
        var role = await AlertRuleStore.WorkspaceRoleAsync(db, userId, rule.WorkspaceId, ct);
        return role is null ? null : (rule, role.Value);
    }

    private static async Task<WorkspaceRole?> RuleRoleAsync(ExposureDbContext db, int userId, int ruleId, CancellationToken ct)
    {
        var workspaceId = await db.AlertRules.AsNoTracking().Where(r => r.Id == ruleId).Select(r => (int?)r.WorkspaceId).FirstOrDefaultAsync(ct);
        return workspaceId is null ? null : await AlertRuleStore.WorkspaceRoleAsync(db, userId, workspaceId.Value, ct);
    }

    private static Task<List<AlertTransitionEntry>> Newest(IQueryable<AlertTransitionEntry> query, int take, CancellationToken ct) =>
        query.AsNoTracking().OrderByDescending(t => t.BlockNumber).ThenByDescending(t => t.Id).Take(Math.Clamp(take, 1, MaxTransitions)).ToListAsync(ct);
}
