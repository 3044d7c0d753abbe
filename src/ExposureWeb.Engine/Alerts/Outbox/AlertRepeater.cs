using ExposureWeb.Engine.Alerts.Delivery;
using System.Text.Json;
using ExposureWeb.Data;
using ExposureWeb.Data.Alerts;
using ExposureWeb.Data.Entities;
using ExposureWeb.Risk.Alerts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ExposureWeb.Engine.Alerts.Outbox;

/// <summary>
/// The workspace's repeat interval: an instance still firing at the severity its last confirmed transition notified is
/// notified again once the interval has passed since that transition's newest notification. A repeat is a new set of
/// outbox rows (the channels and destinations of the transition's own notification) with the idempotency key
/// <c>{rule}:{instance}:{transition}:r{n}</c>, so two runs at once write it once (the unique indexes refuse the second).
/// </summary>
/// <remarks>
/// No repeat is written while a notification of the transition is still pending (muted, grouped or retrying): it would only
/// queue up behind it. A run that comes late writes one repeat, not one per interval missed. Silences and mute timings apply
/// to repeats as to any notification. Hangfire runs <see cref="WriteDueRepeatsAsync"/> every minute (the host's AlertRepeatJob).
/// </remarks>
public sealed class AlertRepeater(IDbContextFactory<ExposureDbContext> factory, AlertOutboxSignal outbox, TimeProvider time, ILogger<AlertRepeater> logger)
{
    /// <summary>Writes the repeats that are due; returns how many notification rows were written.</summary>
    public async Task<int> WriteDueRepeatsAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var db = await factory.CreateDbContextAsync(ct);
        var firing = await (from i in db.AlertInstances.AsNoTracking()
                            join r in db.AlertRules.AsNoTracking() on i.RuleId equals r.Id
                            where i.State == nameof(AlertState.Firing) && r.Enabled
                            select new { Instance = i, r.WorkspaceId }).ToListAsync(ct);
        if (firing.Count == 0) return 0;

        var policies = new Dictionary<int, AlertNotificationPolicy>();
        var written = 0;
        foreach (var f in firing)
        {
            if (!policies.TryGetValue(f.WorkspaceId, out var policy)) policies[f.WorkspaceId] = policy = await AlertPolicyStore.OfWorkspaceAsync(db, f.WorkspaceId, ct);
            if (policy.RepeatIntervalMinutes <= 0) continue;
            var instance = f.Instance;
            var transition = await db.AlertTransitions.AsNoTracking()
                .Where(t => t.InstanceId == instance.Id && t.Notify && t.Status == AlertTransitionStatus.Confirmed)
                .OrderByDescending(t => t.BlockNumber).ThenByDescending(t => t.Id).FirstOrDefaultAsync(ct);
            // Still firing at the severity that transition announced; anything else is the evaluator's to notify.
            if (transition is null || transition.ToState != nameof(AlertState.Firing) || transition.ToSeverity != instance.Severity) continue;
            var rows = await db.AlertNotifications.AsNoTracking().Where(n => n.TransitionId == transition.Id).ToListAsync(ct);
            if (rows.Count == 0 || rows.Any(n => n.Status == AlertNotificationStatus.Pending)) continue;
            var last = rows.Max(n => n.DeliveredAt is { } d && d > n.CreatedAt ? d : n.CreatedAt);
            if (now - last < TimeSpan.FromMinutes(policy.RepeatIntervalMinutes)) continue;

            var baseKey = DeliveryIdempotencyKey.Of(transition.RuleId, instance.Id, transition.Id);
            var originals = rows.Where(n => n.IdempotencyKey == baseKey).ToList();
            if (originals.Count == 0) continue;
            var number = rows.Select(n => DeliveryIdempotencyKey.RepeatNumber(n.IdempotencyKey, baseKey)).Max() + 1;
            var key = DeliveryIdempotencyKey.Repeat(baseKey, number);
            var payload = JsonSerializer.Deserialize<AlertNotificationPayload>(originals[0].PayloadJson, AlertRuleJson.Options);
            if (payload is null) continue;
            var since = instance.Since;
            var repeat = payload with
            {
                IdempotencyKey = key,
                Repeat = number,
                Value = instance.Value is { } v && double.IsFinite(v) ? v : payload.Value,
                ConfirmedAt = now,
                Title = $"Still firing: {payload.Title}",
                Text = $"{payload.Text} — still firing (reminder {number}, since {since.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)} UTC)",
            };
            var json = JsonSerializer.Serialize(repeat, AlertRuleJson.Options);
            await using var write = await factory.CreateDbContextAsync(ct);
            write.AlertNotifications.AddRange(originals.Select(o => new AlertNotification
            {
                TransitionId = o.TransitionId,
                RuleId = o.RuleId,
                WorkspaceId = o.WorkspaceId,
                Channel = o.Channel,
                DestinationId = o.DestinationId,
                IdempotencyKey = key,
                PayloadJson = json,
                Status = AlertNotificationStatus.Pending,
                CreatedAt = now,
                NextAttemptAt = now,
            }));
            try
            {
                await write.SaveChangesAsync(ct);
                written += originals.Count;
            }
            catch (DbUpdateException ex)
            {
                // Another run wrote this repeat first (the unique indexes): nothing to do.
                logger.LogDebug(ex, "Alert repeat {Key} already written", key);
            }
        }
        if (written > 0)
        {
            logger.LogInformation("Alerts: {Written} repeat notification(s) of still-firing alerts in the outbox", written);
            outbox.Raise();
        }
        return written;
    }
}
