using ExposureWeb.Data;
using ExposureWeb.Data.Entities;
using ExposureWeb.Web.Tests.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ExposureWeb.Web.Tests.Alerts;

/// <summary>Rules as JSON bodies, and rows the engine and the outbox would write (instance, transitions, notification, inbox).</summary>
public static class AlertTestData
{
    /// <summary>A valid health-factor rule: warning 1.5 / critical 1.2, recovery 1.6 / 1.3.</summary>
    public static string HealthFactorRule(string name = "Health factor of the demo account", string? extra = null) => $$"""
        {
          "name": "{{name}}", "metric": "HealthFactor", "scope": "Portfolio", "condition": "Below",
          "thresholds": [
            { "severity": "Warning", "value": 1.5, "recovery": 1.6 },
            { "severity": "Critical", "value": 1.2, "recovery": 1.3 }
          ],
          "pendingFor": { "blocks": 2, "seconds": 0 }, "keepFiringFor": { "blocks": 0, "seconds": 30 },
          "noData": "NoData", "inApp": true, "destinationIds": [], "enabled": true{{extra}}
        }
        """;

    public static async Task<ExposureDbContext> DbAsync(AuthApp app) =>
        await app.Factory.Services.GetRequiredService<IDbContextFactory<ExposureDbContext>>().CreateDbContextAsync();

    /// <summary>Makes <paramref name="member"/> a member of <paramref name="workspaceId"/> with <paramref name="role"/>.</summary>
    public static async Task AddMemberAsync(AuthApp app, int workspaceId, int member, WorkspaceRole role)
    {
        await using var db = await DbAsync(app);
        if (await db.WorkspaceMembers.AnyAsync(m => m.WorkspaceId == workspaceId && m.UserId == member)) return;
        db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = workspaceId, UserId = member, Role = role, AddedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
    }

    /// <summary>What an evaluation and the outbox leave behind for a rule: an instance, two transitions (one undone by a reorg) and a notification.</summary>
    public static async Task<(AlertInstanceEntry Instance, AlertNotification Notification)> SeedFiringAsync(
        AuthApp app, int ruleId, int workspaceId, int portfolioId, AlertNotificationStatus status = AlertNotificationStatus.DeadLetter)
    {
        await using var db = await DbAsync(app);
        var at = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        var instance = new AlertInstanceEntry
        {
            RuleId = ruleId, PortfolioId = portfolioId, SeriesKey = $"{portfolioId}:hf:aave-v3:local:0x70997970", Label = "aave-v3 0x7099… (ETH/USDC)",
            State = "Firing", Severity = "Warning", Value = 1.31, SinceBlock = 120, Since = at, LastBlock = 125, UpdatedAt = at,
        };
        db.AlertInstances.Add(instance);
        await db.SaveChangesAsync();
        var undone = Transition(instance, "Normal", null, "Firing", "Critical", "firing", 1.1, 118, AlertTransitionStatus.Undone, at);
        var firing = Transition(instance, "Normal", null, "Firing", "Warning", "firing", 1.31, 120, AlertTransitionStatus.Confirmed, at.AddSeconds(24));
        db.AlertTransitions.AddRange(undone, firing);
        await db.SaveChangesAsync();
        var notification = new AlertNotification
        {
            TransitionId = firing.Id, RuleId = ruleId, WorkspaceId = workspaceId, Channel = AlertChannel.Webhook, DestinationId = null,
            IdempotencyKey = $"{ruleId}:{instance.Id}:{firing.Id}", PayloadJson = "{}", Status = status, Attempts = 8,
            CreatedAt = at, NextAttemptAt = at.AddHours(1), LastError = "connection refused",
        };
        db.AlertNotifications.Add(notification);
        await db.SaveChangesAsync();
        db.AlertDeliveryAttempts.AddRange(
            new AlertDeliveryAttempt { NotificationId = notification.Id, Number = 1, StartedAt = at, DurationMs = 12, Succeeded = false, StatusCode = 503, Error = "503 Service Unavailable" },
            new AlertDeliveryAttempt { NotificationId = notification.Id, Number = 2, StartedAt = at.AddSeconds(3), DurationMs = 3000, Succeeded = false, Error = "connection refused" });
        await db.SaveChangesAsync();
        return (instance, notification);
    }

    /// <summary>An unread inbox entry of <paramref name="userId"/> for <paramref name="notification"/>.</summary>
    public static async Task<AlertInboxEntry> AddInboxEntryAsync(AuthApp app, int userId, AlertNotification notification, int portfolioId, string title = "Warning: health factor")
    {
        await using var db = await DbAsync(app);
        var entry = new AlertInboxEntry
        {
            UserId = userId, WorkspaceId = notification.WorkspaceId, NotificationId = notification.Id, RuleId = notification.RuleId, PortfolioId = portfolioId,
            Title = title, Body = "health factor 1.31 below 1.5 at block 120 (firing)", Severity = "Warning", CreatedAt = DateTimeOffset.UtcNow,
        };
        db.AlertInbox.Add(entry);
        await db.SaveChangesAsync();
        return entry;
    }

    private static AlertTransitionEntry Transition(AlertInstanceEntry i, string from, string? fromSeverity, string to, string? toSeverity, string kind, double value, long block, AlertTransitionStatus status, DateTimeOffset at) => new()
    {
        InstanceId = i.Id, RuleId = i.RuleId, PortfolioId = i.PortfolioId, FromState = from, FromSeverity = fromSeverity, ToState = to, ToSeverity = toSeverity,
        Kind = kind, Value = value, BlockNumber = block, BlockHash = "0x" + block.ToString("x64", System.Globalization.CultureInfo.InvariantCulture), BlockTime = at,
        Notify = true, Status = status, PreviousStateJson = "{}",
    };
}
