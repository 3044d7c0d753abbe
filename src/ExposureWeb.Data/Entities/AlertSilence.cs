namespace ExposureWeb.Data.Entities;

/// <summary>
/// A workspace's silence: while active (<see cref="StartsAt"/> ≤ now &lt; <see cref="EndsAt"/>) the outbox marks every
/// notification whose labels its matchers match <c>Silenced</c> instead of sending it. Expiring early sets the end to now.
/// </summary>
public sealed class AlertSilence
{
    public int Id { get; set; }

    public int WorkspaceId { get; set; }

    /// <summary>The <c>AlertSilenceMatcher</c> list as JSON.</summary>
    public required string MatchersJson { get; set; }

    public DateTimeOffset StartsAt { get; set; }

    public DateTimeOffset EndsAt { get; set; }

    public required string Comment { get; set; }

    public int CreatedByUserId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Who ended it early, if anyone.</summary>
    public int? ExpiredByUserId { get; set; }
}

/// <summary>A workspace's mute timing: weekly windows in a time zone that rules reference by id.</summary>
public sealed class AlertMuteTiming
{
    public int Id { get; set; }

    public int WorkspaceId { get; set; }

    public required string Name { get; set; }

    /// <summary>IANA time zone id.</summary>
    public required string TimeZone { get; set; }

    /// <summary>The <c>AlertMuteInterval</c> list as JSON.</summary>
    public required string IntervalsJson { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A workspace's notification policy (one row at most; none means the defaults).</summary>
public sealed class AlertPolicyEntry
{
    public int WorkspaceId { get; set; }

    public int RepeatIntervalMinutes { get; set; }

    public int GroupWaitSeconds { get; set; }

    /// <summary>The group-by label names as a JSON array.</summary>
    public required string GroupByJson { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
