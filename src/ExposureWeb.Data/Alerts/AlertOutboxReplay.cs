using ExposureWeb.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace ExposureWeb.Data.Alerts;

/// <summary>Puts a notification back in the outbox: due now, its attempt count reset (the attempt log keeps the old ones).</summary>
public static class AlertOutboxReplay
{
    /// <summary>False when no such notification exists. Callers check the user may edit the rule's workspace first.</summary>
    public static async Task<bool> ReplayAsync(IDbContextFactory<ExposureDbContext> factory, long notificationId, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var changed = await db.AlertNotifications.Where(n => n.Id == notificationId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(n => n.Status, AlertNotificationStatus.Pending)
                .SetProperty(n => n.Attempts, 0)
                .SetProperty(n => n.NextAttemptAt, now)
                .SetProperty(n => n.LastError, (string?)null), ct);
        return changed == 1;
    }
}
