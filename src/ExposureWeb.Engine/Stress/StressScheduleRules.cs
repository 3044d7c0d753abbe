using Cronos;
using ExposureWeb.Data.Entities;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Engine.Stress;

/// <summary>A schedule as entered: what to run, when (five-field cron) and in which IANA time zone.</summary>
public sealed record StressScheduleInput(string? Name, StressRunKind Kind, string? ParametersJson, string? Cron, string? TimeZone, bool Enabled = true);

/// <summary>
/// What makes a stress schedule valid, decided once: the API and the page show this verdict inline; nothing is saved
/// unless it is empty. The cron is parsed with Cronos (the parser Hangfire itself uses) and must fire at least once in the
/// next years in its time zone ("0 0 30 2 *", 30 February, never does).
/// </summary>
public sealed class StressScheduleRules(IOptions<StressOptions> options, TimeProvider time)
{
    public const int MaxNameLength = 100;

    /// <summary>How far ahead a cron must fire at least once (covers 29 February and once-a-year schedules).</summary>
    public static readonly TimeSpan FiresWithin = TimeSpan.FromDays(5 * 366);

    public IReadOnlyDictionary<string, string> Validate(StressScheduleInput input)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(input.Name)) errors["name"] = "give the schedule a name.";
        else if (input.Name.Trim().Length > MaxNameLength) errors["name"] = $"a name has at most {MaxNameLength} characters.";
        if (!Enum.IsDefined(input.Kind)) errors["kind"] = "unknown kind.";
        else
        {
            var (_, parameterErrors) = StressRunParameters.Parse(input.Kind, input.ParametersJson, options.Value);
            foreach (var (key, message) in parameterErrors) errors[key] = message;
        }
        TimeZoneInfo? zone = null;
        if (string.IsNullOrWhiteSpace(input.TimeZone)) errors["timeZone"] = "give a time zone, e.g. UTC or Europe/Paris.";
        else if (!TimeZoneInfo.TryFindSystemTimeZoneById(input.TimeZone.Trim(), out zone)) errors["timeZone"] = $"unknown time zone \"{input.TimeZone}\"; use an IANA id such as UTC or Europe/Paris.";
        if (string.IsNullOrWhiteSpace(input.Cron)) errors["cron"] = "give a five-field cron, e.g. \"0 6 * * *\" for 06:00 every day.";
        else
        {
            try
            {
                var cron = CronExpression.Parse(input.Cron.Trim(), CronFormat.Standard);
                var now = time.GetUtcNow();
                var next = cron.GetNextOccurrence(now, zone ?? TimeZoneInfo.Utc);
                if (next is null || next.Value - now > FiresWithin)
                {
                    errors["cron"] = $"\"{input.Cron.Trim()}\" never fires (no date matches it in the next five years); check the day and month fields.";
                }
            }
            catch (CronFormatException ex)
            {
                errors["cron"] = $"\"{input.Cron.Trim()}\" is not a five-field cron (minute hour day month weekday): {ex.Message}";
            }
        }
        return errors;
    }

    /// <summary>The next time the schedule fires, or null (disabled or never).</summary>
    public static DateTimeOffset? NextRun(StressSchedule schedule, DateTimeOffset now)
    {
        if (!schedule.Enabled || !TimeZoneInfo.TryFindSystemTimeZoneById(schedule.TimeZone, out var zone)) return null;
        try
        {
            return CronExpression.Parse(schedule.Cron, CronFormat.Standard).GetNextOccurrence(now, zone);
        }
        catch (CronFormatException)
        {
            return null;
        }
    }
}
