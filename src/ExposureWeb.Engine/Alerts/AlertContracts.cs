using ExposureWeb.Risk.Alerts;

namespace ExposureWeb.Engine.Alerts;

/// <summary>An alert instance as pages, the REST API and hub clients see it.</summary>
/// <param name="InstanceId">Row id.</param>
/// <param name="RuleId">Its rule.</param>
/// <param name="RuleName">The rule's name.</param>
/// <param name="PortfolioId">The portfolio of the series.</param>
/// <param name="SeriesKey">Which series (stable within the rule).</param>
/// <param name="Label">The series in words.</param>
/// <param name="Metric">What is measured (its unit: <see cref="AlertMetrics.Describe"/>).</param>
/// <param name="State">Current state.</param>
/// <param name="Severity">Level while pending, firing or recovering.</param>
/// <param name="Value">Last value, in the metric's unit.</param>
/// <param name="Detail">Why no value, or what failed.</param>
/// <param name="SinceBlock">Block at which the state began.</param>
/// <param name="Since">Block time at which the state began (UTC).</param>
/// <param name="LastBlock">Last block evaluated.</param>
public sealed record AlertInstanceView(
    long InstanceId, int RuleId, string RuleName, int PortfolioId, string SeriesKey, string Label, AlertMetric Metric,
    AlertState State, AlertSeverity? Severity, double? Value, string? Detail, ulong SinceBlock, DateTimeOffset Since, ulong LastBlock);

/// <summary>Where the engine sends alert state changes; the web host implements it with the SignalR hub (group of the portfolio).</summary>
public interface IAlertPublisher
{
    /// <summary>Instances of <paramref name="portfolioId"/> whose state, severity or value changed at the latest evaluation.</summary>
    Task PublishAlertStatesAsync(int portfolioId, IReadOnlyList<AlertInstanceView> changed, CancellationToken ct);

    /// <summary>An in-app notification for the members of <paramref name="toast"/>'s workspace who are looking.</summary>
    Task PublishToastAsync(AlertToast toast, CancellationToken ct);
}

/// <summary>A toast: what an in-app notification shows.</summary>
/// <param name="NotificationId">The outbox row it delivers.</param>
/// <param name="WorkspaceId">Whose members see it.</param>
/// <param name="PortfolioId">The portfolio of the series.</param>
/// <param name="RuleId">The rule.</param>
/// <param name="Title">e.g. "Critical: Health factor of 0x7099…".</param>
/// <param name="Body">e.g. "health factor 1.18 below 1.2 at block 1,234 (firing)".</param>
/// <param name="Severity">Null for a resolution or data back.</param>
/// <param name="Kind">"firing", "resolved", "escalated" … (<see cref="AlertTransition.Kind"/>).</param>
/// <param name="At">When the transition's block was mined (UTC).</param>
public sealed record AlertToast(long NotificationId, int WorkspaceId, int PortfolioId, int RuleId, string Title, string Body, AlertSeverity? Severity, string Kind, DateTimeOffset At);

/// <summary>
/// The body of every notification of a transition: the webhook's JSON, and what e-mail and in-app messages are rendered
/// from. Numbers carry their unit and provenance (block, hash, block time, chain).
/// </summary>
public sealed record AlertNotificationPayload
{
    /// <summary><c>rule:instance:transition</c>: the same for every channel; receivers drop repeats by it.</summary>
    public required string IdempotencyKey { get; init; }
    public required int RuleId { get; init; }
    public required string RuleName { get; init; }
    public required int WorkspaceId { get; init; }
    public required int PortfolioId { get; init; }
    public required string PortfolioName { get; init; }
    public required long InstanceId { get; init; }
    public required string Series { get; init; }
    public required AlertMetric Metric { get; init; }

    /// <summary>Unit of <see cref="Value"/> and <see cref="Threshold"/>, e.g. "USD per 1% move"; empty for a ratio.</summary>
    public required string Unit { get; init; }
    public required string Kind { get; init; }
    public required AlertState FromState { get; init; }
    public required AlertState ToState { get; init; }
    public AlertSeverity? FromSeverity { get; init; }
    public AlertSeverity? Severity { get; init; }
    public double? Value { get; init; }

    /// <summary>The threshold of <see cref="Severity"/> (or of the level left, for a resolution).</summary>
    public double? Threshold { get; init; }
    public string? Detail { get; init; }
    public required string Chain { get; init; }
    public required ulong BlockNumber { get; init; }
    public required string BlockHash { get; init; }
    public required DateTimeOffset BlockTime { get; init; }
    public required DateTimeOffset ConfirmedAt { get; init; }

    /// <summary>One line for toasts and e-mail subjects.</summary>
    public required string Title { get; init; }

    /// <summary>A sentence with the value, its unit, the threshold and the block.</summary>
    public required string Text { get; init; }

    /// <summary>Path of the portfolio's alerts page, relative to the app's base URL.</summary>
    public required string Link { get; init; }

    /// <summary>
    /// For a reminder that the alert is still firing (the workspace's repeat interval), its number (1, 2 …); null for the
    /// transition's own notification.
    /// </summary>
    public int? Repeat { get; init; }
}

/// <summary>The labels of a notification (<see cref="AlertLabels"/>): what silences match and policies group by.</summary>
public static class AlertNotificationLabels
{
    public static IReadOnlyDictionary<string, string> Of(AlertNotificationPayload payload) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [AlertLabels.Rule] = payload.RuleName,
        [AlertLabels.RuleId] = payload.RuleId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [AlertLabels.Portfolio] = payload.PortfolioName,
        [AlertLabels.PortfolioId] = payload.PortfolioId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [AlertLabels.Series] = payload.Series,
        [AlertLabels.Metric] = payload.Metric.ToString(),
        [AlertLabels.Severity] = AlertLabels.SeverityValue(payload.ToState, payload.Severity),
        [AlertLabels.Kind] = payload.Kind,
        [AlertLabels.Chain] = payload.Chain,
    };
}
