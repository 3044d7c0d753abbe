namespace ExposureWeb.Data.Entities;

/// <summary>Where a notification goes.</summary>
public enum AlertChannel
{
    InApp = 0,
    Webhook = 1,
    Email = 2,
}

/// <summary>Where a notification is in its delivery.</summary>
public enum AlertNotificationStatus
{
    /// <summary>Waiting for its next attempt (<see cref="AlertNotification.NextAttemptAt"/>).</summary>
    Pending = 0,

    Delivered = 1,

    /// <summary>Failed past the attempt limit, or failed for good; a replay from the UI puts it back to pending.</summary>
    DeadLetter = 2,

    /// <summary>An active silence matched it: not sent on any channel; <see cref="AlertNotification.LastError"/> names the silence.</summary>
    Silenced = 3,
}

/// <summary>
/// The durable outbox: one row per confirmed transition and channel (destination), written in the same transaction that
/// confirms the transition and delivered by a Hangfire job at least once; the idempotency key lets receivers drop repeats.
/// </summary>
public sealed class AlertNotification
{
    public long Id { get; set; }

    public long TransitionId { get; set; }

    public int RuleId { get; set; }

    public int WorkspaceId { get; set; }

    public AlertChannel Channel { get; set; }

    /// <summary>The webhook or e-mail destination; null for in-app.</summary>
    public int? DestinationId { get; set; }

    /// <summary>
    /// <c>rule:instance:transition</c>, the same for every channel of one transition; a repeat of a still-firing alert adds
    /// <c>:r{n}</c>.
    /// </summary>
    public required string IdempotencyKey { get; set; }

    /// <summary>The message as JSON (the webhook body; e-mail and in-app render from it).</summary>
    public required string PayloadJson { get; set; }

    public AlertNotificationStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public string? LastError { get; set; }
}

/// <summary>One delivery attempt, for the per-attempt delivery log.</summary>
public sealed class AlertDeliveryAttempt
{
    public long Id { get; set; }

    public long NotificationId { get; set; }

    public int Number { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public int DurationMs { get; set; }

    public bool Succeeded { get; set; }

    public int? StatusCode { get; set; }

    public string? Error { get; set; }
}

/// <summary>An in-app notification in one member's inbox.</summary>
public sealed class AlertInboxEntry
{
    public long Id { get; set; }

    public int UserId { get; set; }

    public int WorkspaceId { get; set; }

    public long NotificationId { get; set; }

    public int RuleId { get; set; }

    public int PortfolioId { get; set; }

    public required string Title { get; set; }

    public required string Body { get; set; }

    /// <summary>An <c>AlertSeverity</c> name, or null for a resolution.</summary>
    public string? Severity { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? AcknowledgedAt { get; set; }
}
