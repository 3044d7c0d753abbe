namespace ExposureWeb.Data.Entities;

/// <summary>Whether a transition still stands.</summary>
public enum AlertTransitionStatus
{
    /// <summary>Its block is not yet deep enough; a reorg can still undo it. Nothing is notified yet.</summary>
    Unconfirmed = 0,

    /// <summary>Its block has the configured confirmations; notifications (if any) are in the outbox.</summary>
    Confirmed = 1,

    /// <summary>A reorg removed its block before it was confirmed; never notified.</summary>
    Undone = 2,
}

/// <summary>One change of an instance's state: the history the alerts page shows.</summary>
public sealed class AlertTransitionEntry
{
    public long Id { get; set; }

    public long InstanceId { get; set; }

    public int RuleId { get; set; }

    public int PortfolioId { get; set; }

    public required string FromState { get; set; }

    public string? FromSeverity { get; set; }

    public required string ToState { get; set; }

    public string? ToSeverity { get; set; }

    /// <summary>"firing", "resolved", "escalated" …</summary>
    public required string Kind { get; set; }

    public double? Value { get; set; }

    public string? Detail { get; set; }

    public long BlockNumber { get; set; }

    public required string BlockHash { get; set; }

    /// <summary>Block time (UTC).</summary>
    public DateTimeOffset BlockTime { get; set; }

    /// <summary>Whether anyone is told when it is confirmed.</summary>
    public bool Notify { get; set; }

    public AlertTransitionStatus Status { get; set; }

    public DateTimeOffset? ConfirmedAt { get; set; }

    /// <summary>The instance's state before it, as JSON, so a reorg can restore it.</summary>
    public required string PreviousStateJson { get; set; }
}
