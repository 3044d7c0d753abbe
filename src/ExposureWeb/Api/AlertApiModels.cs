using ExposureWeb.Data.Alerts;
using ExposureWeb.Data.Entities;
using ExposureWeb.Engine.Alerts;
using ExposureWeb.Risk.Alerts;

namespace ExposureWeb.Api;

/// <summary>One thing wrong with a request body, keyed like the rule builder's fields (e.g. <c>thresholds[0].recovery</c>).</summary>
public sealed record ApiFieldError(string Field, string Message);

/// <summary>The body of a 400: every error found; nothing was saved.</summary>
public sealed record ApiErrors(string Title, IReadOnlyList<ApiFieldError> Errors);

/// <summary>One error of an import: the rule's position in the file (0-based) and the field.</summary>
public sealed record ApiImportError(int Index, string Field, string Message);

/// <summary>The body of a refused import: every rule's errors; no rule was saved.</summary>
public sealed record ApiImportErrors(string Title, IReadOnlyList<ApiImportError> Errors);

/// <summary>A stored rule: its ids and version beside its definition (the export schema).</summary>
public sealed record AlertRuleResource(int Id, int WorkspaceId, int? PortfolioId, int Version, DateTimeOffset UpdatedAt, AlertRuleDefinition Definition)
{
    public static AlertRuleResource Of(StoredAlertRule stored) =>
        new(stored.Rule.Id, stored.Rule.WorkspaceId, stored.Rule.PortfolioId, stored.Rule.Version, stored.Rule.UpdatedAt, stored.Definition);
}

/// <summary>The outcome of an import: how many rules were created, and them.</summary>
public sealed record AlertImportResult(int Imported, IReadOnlyList<AlertRuleResource> Rules);

/// <summary>One change of an instance's state. <c>status</c> "undone" marks a transition whose block a reorg removed.</summary>
public sealed record AlertTransitionDto(
    long Id, long InstanceId, int RuleId, string Kind, AlertState From, AlertSeverity? FromSeverity, AlertState To, AlertSeverity? ToSeverity,
    double? Value, string? Detail, long Block, string BlockHash, DateTimeOffset BlockTime, string Status, bool Notify);

/// <summary>An instance with its state and its history (newest first).</summary>
public sealed record AlertInstanceDto(AlertInstanceView Instance, IReadOnlyList<AlertTransitionDto> History);

/// <summary>One delivery attempt: when, how long, what the receiver answered or what failed.</summary>
public sealed record AlertAttemptDto(int Number, DateTimeOffset StartedAt, int DurationMs, bool Succeeded, int? StatusCode, string? Error);

/// <summary>A notification of a transition on one channel, with its attempts (oldest first).</summary>
public sealed record AlertDeliveryDto(
    long Id, long TransitionId, int RuleId, AlertChannel Channel, int? DestinationId, string? Destination, AlertNotificationStatus Status, int AttemptCount,
    DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, DateTimeOffset? DeliveredAt, string? LastError, string IdempotencyKey, IReadOnlyList<AlertAttemptDto> Attempts);

/// <summary>Maps stored alert rows to what the API, the hub and the pages show: one mapping for all of them.</summary>
public static class AlertViews
{
    public static AlertInstanceView Instance(AlertInstanceRecord record)
    {
        var i = record.Instance;
        return new AlertInstanceView(i.Id, i.RuleId, record.RuleName, i.PortfolioId, i.SeriesKey, i.Label, record.Metric,
            ParseState(i.State), ParseSeverity(i.Severity), i.Value, i.Detail, (ulong)Math.Max(0, i.SinceBlock), i.Since, (ulong)Math.Max(0, i.LastBlock));
    }

    public static AlertTransitionDto Transition(AlertTransitionEntry t) => new(
        t.Id, t.InstanceId, t.RuleId, t.Kind, ParseState(t.FromState), ParseSeverity(t.FromSeverity), ParseState(t.ToState), ParseSeverity(t.ToSeverity),
        t.Value, t.Detail, t.BlockNumber, t.BlockHash, t.BlockTime, t.Status.ToString().ToLowerInvariant(), t.Notify);

    public static AlertDeliveryDto Delivery(AlertDeliveryRecord d)
    {
        var n = d.Notification;
        return new(n.Id, n.TransitionId, n.RuleId, n.Channel, n.DestinationId, d.DestinationName, n.Status, n.Attempts, n.CreatedAt, n.NextAttemptAt,
            n.DeliveredAt, n.LastError, n.IdempotencyKey,
            d.Attempts.Select(a => new AlertAttemptDto(a.Number, a.StartedAt, a.DurationMs, a.Succeeded, a.StatusCode, a.Error)).ToList());
    }

    public static AlertState ParseState(string? state) => Enum.TryParse<AlertState>(state, out var s) ? s : AlertState.Error;

    public static AlertSeverity? ParseSeverity(string? severity) => Enum.TryParse<AlertSeverity>(severity, out var s) ? s : null;
}
