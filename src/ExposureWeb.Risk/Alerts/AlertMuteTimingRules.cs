using System.Globalization;
using ExposureWeb.Risk.ManualPositions;

namespace ExposureWeb.Risk.Alerts;

/// <summary>One weekly window of a mute timing, in the timing's time zone.</summary>
/// <param name="Weekdays">The days it applies to; empty means every day.</param>
/// <param name="Start">Start of day, <c>HH:mm</c> (inclusive).</param>
/// <param name="End">End of day, <c>HH:mm</c> up to <c>24:00</c> (exclusive); after <paramref name="Start"/> (split a window over midnight in two).</param>
public sealed record AlertMuteInterval(IReadOnlyList<DayOfWeek> Weekdays, string Start, string End);

/// <summary>A mute timing as the user defines it: weekly windows in an IANA time zone during which a rule's webhook and e-mail notifications wait.</summary>
public sealed record AlertMuteTimingDefinition
{
    /// <summary>What rules and forms call it, e.g. "Weekend nights".</summary>
    public string Name { get; init; } = "";

    /// <summary>IANA time zone the windows are in, e.g. <c>Europe/Zurich</c>; <c>UTC</c> by default.</summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>One or more windows; a time in any of them is muted.</summary>
    public IReadOnlyList<AlertMuteInterval> Intervals { get; init; } = [];
}

/// <summary>Keys of the errors <see cref="AlertMuteTimingRules.Validate"/> returns.</summary>
public static class AlertMuteTimingField
{
    /// <summary>Name.</summary>
    public const string Name = "name";
    /// <summary>TimeZone.</summary>
    public const string TimeZone = "timeZone";
    /// <summary>The interval list as a whole.</summary>
    public const string Intervals = "intervals";

    /// <summary>The weekdays of interval <paramref name="index"/> (0-based).</summary>
    public static string Weekdays(int index) => $"intervals[{index}].weekdays";
    /// <summary>The start of interval <paramref name="index"/>.</summary>
    public static string Start(int index) => $"intervals[{index}].start";
    /// <summary>The end of interval <paramref name="index"/>.</summary>
    public static string End(int index) => $"intervals[{index}].end";
}

/// <summary>Every rule of a mute timing in one place, and when a muted moment ends. Pure: the caller passes "now".</summary>
public static class AlertMuteTimingRules
{
    /// <summary>Characters of a name; also the column's length.</summary>
    public const int MaxNameLength = 100;
    /// <summary>Windows per timing.</summary>
    public const int MaxIntervals = 20;
    /// <summary>Mute timings per rule.</summary>
    public const int MaxPerRule = 5;

    /// <summary>Every error of the timing; empty when it can be saved.</summary>
    public static IReadOnlyList<FieldError> Validate(AlertMuteTimingDefinition timing)
    {
        ArgumentNullException.ThrowIfNull(timing);
        var errors = new List<FieldError>();
        var name = timing.Name?.Trim() ?? "";
        if (name.Length == 0) errors.Add(new(AlertMuteTimingField.Name, "Name is required, e.g. \"Weekend nights\"."));
        else if (name.Length > MaxNameLength) errors.Add(new(AlertMuteTimingField.Name, $"Name is at most {MaxNameLength} characters."));
        if (FindZone(timing.TimeZone) is null)
        {
            errors.Add(new(AlertMuteTimingField.TimeZone, $"\"{timing.TimeZone}\" is not a time zone: use an IANA name such as UTC, Europe/Zurich or America/New_York."));
        }
        var intervals = timing.Intervals ?? [];
        if (intervals.Count == 0) errors.Add(new(AlertMuteTimingField.Intervals, "Add at least one window, e.g. Saturday and Sunday 00:00–24:00."));
        else if (intervals.Count > MaxIntervals) errors.Add(new(AlertMuteTimingField.Intervals, $"At most {MaxIntervals} windows per mute timing."));
        else
        {
            for (int i = 0; i < intervals.Count; i++)
            {
                var interval = intervals[i];
                if (interval is null) { errors.Add(new(AlertMuteTimingField.Intervals, $"Window {i + 1} is empty.")); continue; }
                var days = interval.Weekdays ?? [];
                if (days.Any(d => !Enum.IsDefined(d))) errors.Add(new(AlertMuteTimingField.Weekdays(i), "Weekdays are Monday … Sunday."));
                else if (days.Distinct().Count() != days.Count) errors.Add(new(AlertMuteTimingField.Weekdays(i), "A weekday is listed twice."));
                var start = ParseTime(interval.Start);
                var end = ParseTime(interval.End);
                if (start == 24 * 60) start = null;
                if (start is null) errors.Add(new(AlertMuteTimingField.Start(i), $"Start \"{interval.Start}\" is not a time of day: write HH:mm, e.g. 22:00."));
                if (end is null) errors.Add(new(AlertMuteTimingField.End(i), $"End \"{interval.End}\" is not a time of day: write HH:mm up to 24:00, e.g. 06:00."));
                else if (start is not null && end <= start)
                {
                    errors.Add(new(AlertMuteTimingField.End(i), $"End {interval.End} must be after start {interval.Start}: split a window over midnight in two (22:00–24:00 and 00:00–06:00 of the next day)."));
                }
            }
        }
        return errors;
    }

    /// <summary>
    /// When the mute that covers <paramref name="now"/> ends (UTC): the end of its window, followed through adjacent or
    /// overlapping windows of any of <paramref name="timings"/>; null when <paramref name="now"/> is not muted. Invalid timings are ignored.
    /// </summary>
    public static DateTimeOffset? MutedUntil(IEnumerable<AlertMuteTimingDefinition> timings, DateTimeOffset now)
    {
        var valid = timings.Where(t => Validate(t).Count == 0).ToList();
        DateTimeOffset? until = null;
        var at = now;
        // Each step moves to a window's end; a week has at most 7 days × windows of them.
        for (int step = 0; step < 7 * MaxIntervals * Math.Max(1, valid.Count) + 1; step++)
        {
            var ends = valid.Select(t => WindowEnd(t, at)).OfType<DateTimeOffset>().ToList();
            if (ends.Count == 0) break;
            at = ends.Max();
            until = at;
        }
        return until;
    }

    /// <summary>The time zone of an IANA (or, on Windows, a Windows) id; null when unknown.</summary>
    public static TimeZoneInfo? FindZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id)) return null;
        return TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone) ? zone : null;
    }

    /// <summary>Minutes since midnight of <c>HH:mm</c> (00:00 to 24:00); null when it is not one.</summary>
    public static int? ParseTime(string? text)
    {
        if (text is null) return null;
        var parts = text.Trim().Split(':');
        if (parts.Length != 2 || parts[0].Length is < 1 or > 2 || parts[1].Length != 2) return null;
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var h)) return null;
        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m)) return null;
        if (h > 24 || m > 59 || (h == 24 && m != 0)) return null;
        return h * 60 + m;
    }

    /// <summary>The end (UTC) of the latest-ending window of <paramref name="timing"/> that contains <paramref name="at"/>, or null.</summary>
    private static DateTimeOffset? WindowEnd(AlertMuteTimingDefinition timing, DateTimeOffset at)
    {
        var zone = FindZone(timing.TimeZone)!;
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var minute = local.Hour * 60 + local.Minute + local.Second / 60.0;
        DateTimeOffset? end = null;
        foreach (var interval in timing.Intervals)
        {
            if (interval.Weekdays is { Count: > 0 } days && !days.Contains(local.DayOfWeek)) continue;
            var start = ParseTime(interval.Start)!.Value;
            var stop = ParseTime(interval.End)!.Value;
            if (minute < start || minute >= stop) continue;
            var endLocal = local.Date.AddMinutes(stop);
            var endUtc = ToUtc(endLocal, zone);
            // Never move backwards (a window ending inside a repeated DST hour).
            if (endUtc <= at) endUtc = at.AddMinutes(1);
            if (end is null || endUtc > end) end = endUtc;
        }
        return end;
    }

    private static DateTimeOffset ToUtc(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        // A window ending in the hour skipped when clocks go forward ends when the clocks have jumped.
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(1);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }
}

/// <summary>A workspace's notification policy: when still-firing alerts are repeated and how webhook and e-mail notifications are grouped.</summary>
public sealed record AlertNotificationPolicy
{
    /// <summary>Minutes after which an instance still firing at the same severity is notified again; 0 never.</summary>
    public int RepeatIntervalMinutes { get; init; } = 240;

    /// <summary>Seconds a webhook or e-mail notification waits for others of its group before it goes out; 0 sends at once.</summary>
    public int GroupWaitSeconds { get; init; }

    /// <summary>The labels (<see cref="AlertLabels"/>) whose values make a group.</summary>
    public IReadOnlyList<string> GroupBy { get; init; } = [AlertLabels.Rule, AlertLabels.Portfolio];

    /// <summary>The policy of a workspace that never set one.</summary>
    public static readonly AlertNotificationPolicy Default = new();
}

/// <summary>Keys and rules of <see cref="AlertNotificationPolicy"/>.</summary>
public static class AlertNotificationPolicyRules
{
    /// <summary>Field key of RepeatIntervalMinutes.</summary>
    public const string RepeatField = "repeatIntervalMinutes";
    /// <summary>Field key of GroupWaitSeconds.</summary>
    public const string GroupWaitField = "groupWaitSeconds";
    /// <summary>Field key of GroupBy.</summary>
    public const string GroupByField = "groupBy";

    /// <summary>Longest repeat interval: 7 days.</summary>
    public const int MaxRepeatMinutes = 7 * 24 * 60;
    /// <summary>Shortest repeat interval: the repeat job runs every minute, and less than five would be noise.</summary>
    public const int MinRepeatMinutes = 5;
    /// <summary>Longest group wait: 1 hour.</summary>
    public const int MaxGroupWaitSeconds = 3600;

    /// <summary>Every error of the policy; empty when it can be saved.</summary>
    public static IReadOnlyList<FieldError> Validate(AlertNotificationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var errors = new List<FieldError>();
        if (policy.RepeatIntervalMinutes != 0 && (policy.RepeatIntervalMinutes < MinRepeatMinutes || policy.RepeatIntervalMinutes > MaxRepeatMinutes))
        {
            errors.Add(new(RepeatField, $"Repeat interval is 0 (never) or {MinRepeatMinutes} to {MaxRepeatMinutes:N0} minutes (7 days), not {policy.RepeatIntervalMinutes}."));
        }
        if (policy.GroupWaitSeconds < 0 || policy.GroupWaitSeconds > MaxGroupWaitSeconds)
        {
            errors.Add(new(GroupWaitField, $"Group wait is 0 to {MaxGroupWaitSeconds:N0} seconds, not {policy.GroupWaitSeconds}."));
        }
        var groupBy = policy.GroupBy ?? [];
        if (groupBy.FirstOrDefault(l => !AlertLabels.All.Contains(l)) is { } bad)
        {
            errors.Add(new(GroupByField, $"\"{bad}\" is not a label; group by any of: {string.Join(", ", AlertLabels.All)}."));
        }
        else if (groupBy.Distinct().Count() != groupBy.Count) errors.Add(new(GroupByField, "A label is listed twice."));
        return errors;
    }

    /// <summary>The group key of a notification's labels: <c>rule="…",portfolio="…"</c> over the policy's labels.</summary>
    public static string GroupKey(AlertNotificationPolicy policy, IReadOnlyDictionary<string, string> labels) =>
        string.Join(",", policy.GroupBy.Select(l => $"{l}=\"{(labels.TryGetValue(l, out var v) ? v : "")}\""));
}
