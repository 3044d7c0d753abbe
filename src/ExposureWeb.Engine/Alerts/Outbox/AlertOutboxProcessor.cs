using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ExposureWeb.Data;
using ExposureWeb.Data.Alerts;
using ExposureWeb.Data.Entities;
using ExposureWeb.Engine.Alerts.Delivery;
using ExposureWeb.Risk.Alerts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Engine.Alerts.Outbox;

/// <summary>
/// Delivers the outbox (<see cref="AlertNotification"/> rows): each due row is claimed, sent on its channel, logged as an
/// <see cref="AlertDeliveryAttempt"/> and marked delivered, scheduled again with backoff and full jitter, or dead-lettered
/// past the attempt limit. At least once: a claim is a lease (the row's next attempt moved past the send's timeout), so a
/// process that dies mid-send leaves the row to be sent again, and receivers drop the repeat by its idempotency key.
/// </summary>
/// <remarks>
/// Before sending, the workspace's policy applies: an active silence that matches the notification's labels marks it
/// <see cref="AlertNotificationStatus.Silenced"/>; a mute timing of its rule holds webhook and e-mail until the window ends
/// (in-app goes to the inbox without a toast); a group wait holds webhook and e-mail until <c>CreatedAt</c> + wait, then
/// every pending notification of the same destination and group key goes out as one message, each row marked alike.
/// Hangfire runs <see cref="DeliverDueAsync"/> (the web host's AlertOutboxJob); it is safe to run concurrently and twice.</remarks>
public sealed class AlertOutboxProcessor(
    IDbContextFactory<ExposureDbContext> factory,
    WebhookSender webhooks,
    EmailSender email,
    WebhookUrlGuard guard,
    IAlertPublisher publisher,
    IOptions<AlertDeliveryOptions> options,
    TimeProvider time,
    ILogger<AlertOutboxProcessor> logger)
{
    /// <summary>Rows claimed per query.</summary>
    public const int BatchSize = 50;

    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>Rows this run claimed (under <see cref="_oneAtATime"/>): a group may take them along before their turn.</summary>
    private readonly HashSet<long> _claimedThisRun = [];
    private readonly DeliveryRetryPolicy _policy = DeliveryRetryPolicy.From(options.Value, Random.Shared);

    /// <summary>How long a claimed row is hidden from other runs: longer than any send can take.</summary>
    private TimeSpan Lease => TimeSpan.FromSeconds(options.Value.TimeoutSeconds * 3 + 30);

    /// <summary>Delivers every due notification; returns when the next pending one falls due, or null when none is pending.</summary>
    public async Task<DateTimeOffset?> DeliverDueAsync(CancellationToken ct)
    {
        await _oneAtATime.WaitAsync(ct);
        try
        {
            var handled = new HashSet<long>();
            _claimedThisRun.Clear();
            while (await ClaimAsync(ct) is { Count: > 0 } claimed)
            {
                foreach (var notification in claimed) await DeliverAsync(notification, handled, ct);
            }
            await using var db = await factory.CreateDbContextAsync(ct);
            var next = await db.AlertNotifications.AsNoTracking()
                .Where(n => n.Status == AlertNotificationStatus.Pending)
                .OrderBy(n => n.NextAttemptAt).Select(n => (DateTimeOffset?)n.NextAttemptAt).FirstOrDefaultAsync(ct);
            return next;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task<List<AlertNotification>> ClaimAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var db = await factory.CreateDbContextAsync(ct);
        var due = await db.AlertNotifications.AsNoTracking()
            .Where(n => n.Status == AlertNotificationStatus.Pending && n.NextAttemptAt <= now)
            .OrderBy(n => n.NextAttemptAt).ThenBy(n => n.Id)
            .Take(BatchSize).ToListAsync(ct);
        var claimed = new List<AlertNotification>(due.Count);
        var leaseUntil = now + Lease;
        foreach (var n in due)
        {
            // Conditional on the row being as read: another process that claimed it first has moved NextAttemptAt.
            var seen = n.NextAttemptAt;
            var won = await db.AlertNotifications
                .Where(x => x.Id == n.Id && x.Status == AlertNotificationStatus.Pending && x.NextAttemptAt == seen)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.NextAttemptAt, leaseUntil), ct);
            if (won == 1)
            {
                claimed.Add(n);
                _claimedThisRun.Add(n.Id);
            }
            // The row as it now is: a hold is saved only while the row is still ours.
            n.NextAttemptAt = leaseUntil;
        }
        return claimed;
    }

    private async Task DeliverAsync(AlertNotification notification, HashSet<long> handled, CancellationToken ct)
    {
        // Sent already as part of an earlier notification's group in this run.
        if (!handled.Add(notification.Id)) return;
        var started = time.GetUtcNow();
        var clock = time.GetTimestamp();
        DeliveryOutcome? outcome = null;
        Hold? hold = null;
        List<(AlertNotification Row, AlertNotificationPayload Payload)> group = [];
        try
        {
            var payload = Payload(notification);
            group = [(notification, payload)];
            hold = await HoldAsync(notification, payload, ct);
            if (hold is null && notification.Channel != AlertChannel.InApp)
            {
                // Group wait: the first notification of a group waits for the others; then the group goes out as one.
                // With no group wait nothing is grouped: each notification goes out as it comes, as before policies existed.
                var policy = await PolicyAsync(notification.WorkspaceId, ct);
                var waitUntil = notification.CreatedAt + TimeSpan.FromSeconds(policy.GroupWaitSeconds);
                if (policy.GroupWaitSeconds > 0)
                {
                    if (notification.Attempts == 0 && waitUntil > time.GetUtcNow()) hold = new Hold.Grouping(waitUntil, policy.GroupWaitSeconds);
                    else group.AddRange(await ClaimGroupAsync(notification, payload, policy, handled, ct));
                }
            }
            if (hold is not Hold.Silenced && (hold is null || notification.Channel == AlertChannel.InApp))
            {
                outcome = notification.Channel switch
                {
                    // Muted: the inbox gets it (it is where people look afterwards), but no toast interrupts anyone.
                    AlertChannel.InApp => await DeliverInAppAsync(notification, payload, toast: hold is null, ct),
                    AlertChannel.Webhook => await DeliverWebhookAsync(group, ct),
                    AlertChannel.Email => await DeliverEmailAsync(group, ct),
                    _ => DeliveryOutcome.Permanent($"unknown channel {notification.Channel}", time.GetElapsedTime(clock)),
                };
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // A bug or a database hiccup while delivering one row must not stop the others; it is retried like a network error.
            logger.LogError(ex, "Alert notification {Id} ({Channel}): delivery failed unexpectedly", notification.Id, notification.Channel);
            outcome = DeliveryOutcome.Transient($"{ex.GetType().Name}: {ex.Message}", time.GetElapsedTime(clock));
        }
        if (outcome is null)
        {
            await SaveHoldAsync(notification, hold!);
            return;
        }
        if (group.Count == 0) group = [(notification, null!)];

        // One decision for the whole group (the lead's attempt count), so its rows stay together on a retry.
        var decision = _policy.Decide(notification.Attempts + 1, outcome);
        var now = time.GetUtcNow();
        var (status, next, deliveredAt, error) = decision switch
        {
            DeliveryDecision.Delivered => (AlertNotificationStatus.Delivered, now, (DateTimeOffset?)now, (string?)null),
            DeliveryDecision.Retry r => (AlertNotificationStatus.Pending, now + r.Delay, null, outcome.Error),
            DeliveryDecision.DeadLetter d => (AlertNotificationStatus.DeadLetter, now, null, d.Reason),
            _ => throw new InvalidOperationException(),
        };
        if (group.Count > 1 && error is not null) error = $"{error} (sent as one message with {group.Count - 1} other notification(s) of its group)";
        await using var db = await factory.CreateDbContextAsync(CancellationToken.None);
        await using var tx = await db.Database.BeginTransactionAsync(CancellationToken.None);
        foreach (var (row, _) in group)
        {
            var attempt = row.Attempts + 1;
            db.AlertDeliveryAttempts.Add(new AlertDeliveryAttempt
            {
                NotificationId = row.Id,
                Number = attempt,
                StartedAt = started,
                DurationMs = (int)Math.Min(int.MaxValue, outcome.Duration.TotalMilliseconds),
                Succeeded = outcome.Succeeded,
                StatusCode = outcome.StatusCode,
                Error = AlertMessages.Truncate(group.Count > 1 && outcome.Error is null && outcome.Succeeded ? $"sent in a group of {group.Count}" : outcome.Error, 2000),
            });
            // Saved even if the caller is stopping: a sent notification must not be sent again because its row was not updated.
            await db.AlertNotifications.Where(x => x.Id == row.Id).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Attempts, attempt)
                .SetProperty(x => x.Status, status)
                .SetProperty(x => x.NextAttemptAt, next)
                .SetProperty(x => x.DeliveredAt, deliveredAt)
                .SetProperty(x => x.LastError, AlertMessages.Truncate(error, 2000)), CancellationToken.None);
        }
        await db.SaveChangesAsync(CancellationToken.None);
        await tx.CommitAsync(CancellationToken.None);
        if (status == AlertNotificationStatus.DeadLetter)
        {
            logger.LogWarning("Alert notification {Id} ({Channel}, key {Key}) dead-lettered: {Reason}", notification.Id, notification.Channel, notification.IdempotencyKey, error);
        }
    }

    private static AlertNotificationPayload Payload(AlertNotification n) =>
        JsonSerializer.Deserialize<AlertNotificationPayload>(n.PayloadJson, AlertRuleJson.Options) ?? throw new JsonException("empty payload");

    private async Task<AlertNotificationPolicy> PolicyAsync(int workspaceId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await AlertPolicyStore.OfWorkspaceAsync(db, workspaceId, ct);
    }

    /// <summary>
    /// The other pending notifications of the lead's group (same workspace, channel, destination and group-by label values)
    /// that are due or still in their group wait, claimed like <see cref="ClaimAsync"/> so no other process sends them too.
    /// Ones a silence or mute timing holds are left to be held on their own.
    /// </summary>
    private async Task<List<(AlertNotification Row, AlertNotificationPayload Payload)>> ClaimGroupAsync(
        AlertNotification lead, AlertNotificationPayload leadPayload, AlertNotificationPolicy policy, HashSet<long> handled, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var wait = TimeSpan.FromSeconds(policy.GroupWaitSeconds);
        var key = AlertNotificationPolicyRules.GroupKey(policy, AlertNotificationLabels.Of(leadPayload));
        await using var db = await factory.CreateDbContextAsync(ct);
        var candidates = await db.AlertNotifications.AsNoTracking()
            .Where(n => n.Status == AlertNotificationStatus.Pending && n.Id != lead.Id && n.WorkspaceId == lead.WorkspaceId
                && n.Channel == lead.Channel && n.DestinationId == lead.DestinationId)
            .OrderBy(n => n.Id).Take(BatchSize).ToListAsync(ct);
        var members = new List<(AlertNotification, AlertNotificationPayload)>();
        var leaseUntil = now + Lease;
        foreach (var n in candidates)
        {
            // Due, or fresh and waiting for its group wait, or claimed by this run; a row another process leased is none of them.
            var waiting = n.Attempts == 0 && n.NextAttemptAt <= n.CreatedAt + wait;
            if (n.NextAttemptAt > now && !waiting && !_claimedThisRun.Contains(n.Id)) continue;
            AlertNotificationPayload payload;
            try
            {
                payload = Payload(n);
            }
            catch (JsonException)
            {
                continue;
            }
            if (AlertNotificationPolicyRules.GroupKey(policy, AlertNotificationLabels.Of(payload)) != key) continue;
            if (await HoldAsync(n, payload, ct) is Hold.Silenced or Hold.Muted) continue;
            var seen = n.NextAttemptAt;
            var won = await db.AlertNotifications
                .Where(x => x.Id == n.Id && x.Status == AlertNotificationStatus.Pending && x.NextAttemptAt == seen)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.NextAttemptAt, leaseUntil), ct);
            if (won == 1 && handled.Add(n.Id)) members.Add((n, payload));
        }
        return members;
    }

    /// <summary>
    /// Why a notification is not sent now: an active silence of its workspace matches its labels (it never will be), or a
    /// mute timing of its rule covers now (webhook and e-mail wait for the window's end; attempts are not counted).
    /// </summary>
    private abstract record Hold
    {
        public sealed record Silenced(int SilenceId, string Comment) : Hold;

        public sealed record Muted(DateTimeOffset Until, string Names) : Hold;

        public sealed record Grouping(DateTimeOffset Until, int Seconds) : Hold;
    }

    private async Task<Hold?> HoldAsync(AlertNotification notification, AlertNotificationPayload payload, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var db = await factory.CreateDbContextAsync(ct);
        var silences = await db.AlertSilences.AsNoTracking()
            .Where(s => s.WorkspaceId == notification.WorkspaceId && s.EndsAt > now && s.StartsAt <= now).OrderBy(s => s.Id).ToListAsync(ct);
        if (silences.Count > 0)
        {
            var labels = AlertNotificationLabels.Of(payload);
            if (silences.FirstOrDefault(s => AlertSilenceRules.Matches(AlertSilenceStore.Matchers(s), labels)) is { } silence) return new Hold.Silenced(silence.Id, silence.Comment);
        }
        var definitionJson = await db.AlertRules.AsNoTracking().Where(r => r.Id == notification.RuleId).Select(r => r.DefinitionJson).FirstOrDefaultAsync(ct);
        var ids = definitionJson is null ? [] : (AlertRuleJson.Deserialize(definitionJson).MuteTimingIds ?? []).ToList();
        if (ids.Count == 0) return null;
        var timings = (await db.AlertMuteTimings.AsNoTracking().Where(m => m.WorkspaceId == notification.WorkspaceId && ids.Contains(m.Id)).ToListAsync(ct))
            .Select(AlertMuteTimingView.Of).ToList();
        var covering = timings.Where(t => AlertMuteTimingRules.MutedUntil([t.Definition], now) is not null).ToList();
        if (covering.Count == 0) return null;
        var until = AlertMuteTimingRules.MutedUntil(timings.Select(t => t.Definition), now)!.Value;
        return new Hold.Muted(until, string.Join(", ", covering.Select(t => $"\"{t.Name}\"")));
    }

    private async Task SaveHoldAsync(AlertNotification notification, Hold hold)
    {
        var now = time.GetUtcNow();
        var (status, next, reason) = hold switch
        {
            Hold.Silenced s => (AlertNotificationStatus.Silenced, now, $"silenced by silence {s.SilenceId}: {s.Comment}"),
            Hold.Muted m => (AlertNotificationStatus.Pending, m.Until,
                $"{AlertMuteTimingStore.MutedPrefix}{m.Names} until {m.Until.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)} UTC"),
            Hold.Grouping g => (AlertNotificationStatus.Pending, g.Until, $"group wait: held {g.Seconds} s for other notifications of its group"),
            _ => throw new InvalidOperationException(),
        };
        await using var db = await factory.CreateDbContextAsync(CancellationToken.None);
        // Attempts stay as they are: nothing was tried.
        var ours = notification.NextAttemptAt;
        await db.AlertNotifications.Where(x => x.Id == notification.Id && x.Status == AlertNotificationStatus.Pending && x.NextAttemptAt == ours).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.Status, status)
            .SetProperty(x => x.NextAttemptAt, next)
            .SetProperty(x => x.LastError, AlertMessages.Truncate(reason, 2000)), CancellationToken.None);
        logger.LogInformation("Alert notification {Id} ({Channel}, key {Key}): {Reason}", notification.Id, notification.Channel, notification.IdempotencyKey, reason);
    }

    private async Task<DeliveryOutcome> DeliverInAppAsync(AlertNotification notification, AlertNotificationPayload payload, bool toast, CancellationToken ct)
    {
        var clock = time.GetTimestamp();
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            var members = await db.WorkspaceMembers.AsNoTracking().Where(m => m.WorkspaceId == notification.WorkspaceId).Select(m => m.UserId).ToListAsync(ct);
            var already = await db.AlertInbox.AsNoTracking().Where(i => i.NotificationId == notification.Id).Select(i => i.UserId).ToListAsync(ct);
            foreach (var userId in members.Except(already))
            {
                db.AlertInbox.Add(new AlertInboxEntry
                {
                    UserId = userId,
                    WorkspaceId = notification.WorkspaceId,
                    NotificationId = notification.Id,
                    RuleId = payload.RuleId,
                    PortfolioId = payload.PortfolioId,
                    Title = AlertMessages.Truncate(payload.Title, 300)!,
                    Body = AlertMessages.Truncate(payload.Text, 2000)!,
                    Severity = payload.ToState == Risk.Alerts.AlertState.Firing ? payload.Severity?.ToString() : null,
                    CreatedAt = time.GetUtcNow(),
                });
            }
            await db.SaveChangesAsync(ct);
        }
        if (!toast) return DeliveryOutcome.Success(null, time.GetElapsedTime(clock));
        await publisher.PublishToastAsync(new AlertToast(notification.Id, notification.WorkspaceId, payload.PortfolioId, payload.RuleId,
            payload.Title, payload.Text, payload.ToState == Risk.Alerts.AlertState.Firing ? payload.Severity : null, payload.Kind, payload.BlockTime), ct);
        return DeliveryOutcome.Success(null, time.GetElapsedTime(clock));
    }

    private async Task<DeliveryOutcome> DeliverWebhookAsync(List<(AlertNotification Row, AlertNotificationPayload Payload)> group, CancellationToken ct)
    {
        var notification = group[0].Row;
        var destination = await DestinationAsync(notification, ct);
        if (destination is null) return DeliveryOutcome.Permanent("the webhook destination was deleted", TimeSpan.Zero);
        if (guard.Validate(destination.Target) is { } refused) return DeliveryOutcome.Permanent(refused, TimeSpan.Zero);
        var secrets = new[] { destination.Secret, destination.SecondarySecret }.OfType<string>().Where(s => s.Length > 0).ToList();
        if (secrets.Count == 0) return DeliveryOutcome.Permanent("the webhook destination has no signing secret: rotate its secret", TimeSpan.Zero);
        if (group.Count == 1)
        {
            return await webhooks.SendAsync(new WebhookRequest(destination.Target, secrets, notification.IdempotencyKey, Encoding.UTF8.GetBytes(notification.PayloadJson)), ct);
        }
        // A group: {"groupKey": …, "alerts": [payload, …]}; its idempotency key is the first notification's with "+N" (the others' count).
        var body = new JsonObject
        {
            ["groupKey"] = await GroupKeyAsync(notification, group[0].Payload, ct),
            ["alerts"] = new JsonArray(group.Select(g => JsonNode.Parse(g.Row.PayloadJson)).ToArray()),
        };
        var key = $"{notification.IdempotencyKey}+{group.Count - 1}";
        return await webhooks.SendAsync(new WebhookRequest(destination.Target, secrets, key, Encoding.UTF8.GetBytes(body.ToJsonString())), ct);
    }

    private async Task<DeliveryOutcome> DeliverEmailAsync(List<(AlertNotification Row, AlertNotificationPayload Payload)> group, CancellationToken ct)
    {
        var notification = group[0].Row;
        var destination = await DestinationAsync(notification, ct);
        if (destination is null) return DeliveryOutcome.Permanent("the e-mail destination was deleted", TimeSpan.Zero);
        var to = destination.Target.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var baseUrl = options.Value.PublicBaseUrl;
        if (group.Count == 1)
        {
            var payload = group[0].Payload;
            return await email.SendAsync(new EmailMessage(to, $"[ExposureWeb] {payload.Title}", AlertEmailText.Render(payload, baseUrl), null, notification.IdempotencyKey), ct);
        }
        var subject = $"[ExposureWeb] {group.Count} alerts: {group[0].Payload.Title} …";
        var text = string.Join("\n----------------------------------------\n\n", group.Select(g => AlertEmailText.Render(g.Payload, baseUrl)));
        return await email.SendAsync(new EmailMessage(to, subject, text, null, $"{notification.IdempotencyKey}+{group.Count - 1}"), ct);
    }

    private async Task<string> GroupKeyAsync(AlertNotification notification, AlertNotificationPayload payload, CancellationToken ct) =>
        AlertNotificationPolicyRules.GroupKey(await PolicyAsync(notification.WorkspaceId, ct), AlertNotificationLabels.Of(payload));

    private async Task<AlertDestination?> DestinationAsync(AlertNotification notification, CancellationToken ct)
    {
        if (notification.DestinationId is not { } id) return null;
        await using var db = await factory.CreateDbContextAsync(ct);
        // The workspace check again: a destination moved or re-used by another workspace is not delivered to.
        return await db.AlertDestinations.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id && d.WorkspaceId == notification.WorkspaceId, ct);
    }

}
