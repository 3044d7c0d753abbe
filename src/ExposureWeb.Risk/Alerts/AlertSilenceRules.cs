using System.Text.RegularExpressions;
using ExposureWeb.Risk.ManualPositions;

namespace ExposureWeb.Risk.Alerts;

/// <summary>The labels every notification carries, which silences match and notification policies group by.</summary>
public static class AlertLabels
{
    /// <summary>The rule's name.</summary>
    public const string Rule = "rule";
    /// <summary>The rule's id (decimal).</summary>
    public const string RuleId = "ruleId";
    /// <summary>The portfolio's name.</summary>
    public const string Portfolio = "portfolio";
    /// <summary>The portfolio's id (decimal).</summary>
    public const string PortfolioId = "portfolioId";
    /// <summary>The series in words (e.g. "aave-v3 0x7099…79C8").</summary>
    public const string Series = "series";
    /// <summary>The metric's name, e.g. <c>HealthFactor</c>.</summary>
    public const string Metric = "metric";
    /// <summary><c>info</c>, <c>warning</c> or <c>critical</c> while firing; empty for a resolution, no data or an error.</summary>
    public const string Severity = "severity";
    /// <summary>The transition's kind: <c>firing</c>, <c>resolved</c>, <c>escalated</c>, <c>no data</c> …</summary>
    public const string Kind = "kind";
    /// <summary>The portfolio's chain, e.g. <c>local</c>.</summary>
    public const string Chain = "chain";

    /// <summary>Every label name, in the order forms list them.</summary>
    public static readonly IReadOnlyList<string> All = [Rule, RuleId, Portfolio, PortfolioId, Series, Metric, Severity, Kind, Chain];

    /// <summary>The severity label's value: lower-case while firing, empty otherwise.</summary>
    public static string SeverityValue(AlertState toState, AlertSeverity? severity) =>
        toState == AlertState.Firing && severity is { } s ? s.ToString().ToLowerInvariant() : "";
}

/// <summary>How a matcher compares a label with its value (Alertmanager's four operators).</summary>
public static class AlertMatchOp
{
    /// <summary>Equal.</summary>
    public const string Equal = "=";
    /// <summary>Not equal.</summary>
    public const string NotEqual = "!=";
    /// <summary>Matches the regular expression (anchored at both ends).</summary>
    public const string Regex = "=~";
    /// <summary>Does not match the regular expression (anchored at both ends).</summary>
    public const string NotRegex = "!~";

    /// <summary>The four operators.</summary>
    public static readonly IReadOnlyList<string> All = [Equal, NotEqual, Regex, NotRegex];
}

/// <summary>One condition of a silence on a notification's label; a missing label reads as the empty string.</summary>
/// <param name="Label">One of <see cref="AlertLabels.All"/>.</param>
/// <param name="Op">One of <see cref="AlertMatchOp.All"/>.</param>
/// <param name="Value">The text, or the regular expression (anchored like Alertmanager's: it must match the whole value).</param>
public sealed record AlertSilenceMatcher(string Label, string Op, string Value);

/// <summary>A silence as the user defines it: the REST body. Valid when <see cref="AlertSilenceRules.Validate"/> finds nothing wrong.</summary>
public sealed record AlertSilenceDefinition
{
    /// <summary>Every matcher must match a notification for the silence to apply to it.</summary>
    public IReadOnlyList<AlertSilenceMatcher> Matchers { get; init; } = [];

    /// <summary>From when (UTC); null means now.</summary>
    public DateTimeOffset? StartsAt { get; init; }

    /// <summary>Until when (UTC, exclusive).</summary>
    public DateTimeOffset EndsAt { get; init; }

    /// <summary>Why: required, so whoever sees a silenced notification knows who to ask.</summary>
    public string Comment { get; init; } = "";
}

/// <summary>Keys of the errors <see cref="AlertSilenceRules.Validate"/> returns.</summary>
public static class AlertSilenceField
{
    /// <summary>The matcher list as a whole.</summary>
    public const string Matchers = "matchers";
    /// <summary>StartsAt.</summary>
    public const string StartsAt = "startsAt";
    /// <summary>EndsAt.</summary>
    public const string EndsAt = "endsAt";
    /// <summary>Comment.</summary>
    public const string Comment = "comment";

    /// <summary>The label of matcher <paramref name="index"/> (0-based).</summary>
    public static string Label(int index) => $"matchers[{index}].label";
    /// <summary>The operator of matcher <paramref name="index"/>.</summary>
    public static string Op(int index) => $"matchers[{index}].op";
    /// <summary>The value of matcher <paramref name="index"/>.</summary>
    public static string Value(int index) => $"matchers[{index}].value";
}

/// <summary>
/// Every rule of a silence in one place (the settings page, the REST API and the store ask here) and the matching the
/// outbox applies. Pure: the caller passes the clock's "now".
/// </summary>
public static class AlertSilenceRules
{
    /// <summary>Longest silence.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(90);
    /// <summary>Matchers per silence.</summary>
    public const int MaxMatchers = 20;
    /// <summary>Characters of a matcher's value.</summary>
    public const int MaxValueLength = 300;
    /// <summary>Characters of a comment; also the column's length.</summary>
    public const int MaxCommentLength = 500;

    /// <summary>How long one regular expression may run on one value: a pathological pattern must not stall the outbox.</summary>
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>Every error of the silence; empty when it can be saved. <paramref name="now"/> fills a missing start.</summary>
    public static IReadOnlyList<FieldError> Validate(AlertSilenceDefinition silence, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(silence);
        var errors = new List<FieldError>();
        var matchers = silence.Matchers ?? [];
        if (matchers.Count == 0) errors.Add(new(AlertSilenceField.Matchers, "Add at least one matcher, e.g. rule = \"Health factor\": a silence without one would silence everything."));
        else if (matchers.Count > MaxMatchers) errors.Add(new(AlertSilenceField.Matchers, $"At most {MaxMatchers} matchers per silence."));
        else
        {
            for (int i = 0; i < matchers.Count; i++) ValidateMatcher(matchers[i], i, errors);
        }

        var starts = silence.StartsAt ?? now;
        if (silence.EndsAt <= starts) errors.Add(new(AlertSilenceField.EndsAt, "The end must be after the start."));
        else if (silence.EndsAt - starts > MaxDuration) errors.Add(new(AlertSilenceField.EndsAt, $"A silence lasts at most {MaxDuration.TotalDays:0} days; create a new one when it ends."));
        else if (silence.EndsAt <= now) errors.Add(new(AlertSilenceField.EndsAt, "The end is in the past: the silence would never apply."));

        var comment = silence.Comment?.Trim() ?? "";
        if (comment.Length == 0) errors.Add(new(AlertSilenceField.Comment, "Comment is required: say why, e.g. \"oracle migration, back by 18:00\"."));
        else if (comment.Length > MaxCommentLength) errors.Add(new(AlertSilenceField.Comment, $"Comment is at most {MaxCommentLength} characters."));
        return errors;
    }

    /// <summary>Whether a silence from <paramref name="startsAt"/> to <paramref name="endsAt"/> (exclusive) applies at <paramref name="now"/>.</summary>
    public static bool IsActive(DateTimeOffset startsAt, DateTimeOffset endsAt, DateTimeOffset now) => startsAt <= now && now < endsAt;

    /// <summary>
    /// Whether every matcher matches <paramref name="labels"/> (a missing label is the empty string). A regular expression
    /// that does not compile or times out matches nothing: a broken silence lets notifications through rather than hiding them.
    /// </summary>
    public static bool Matches(IReadOnlyList<AlertSilenceMatcher> matchers, IReadOnlyDictionary<string, string> labels)
    {
        if (matchers.Count == 0) return false;
        foreach (var m in matchers)
        {
            var value = labels.TryGetValue(m.Label, out var v) ? v : "";
            var ok = m.Op switch
            {
                AlertMatchOp.Equal => string.Equals(value, m.Value, StringComparison.Ordinal),
                AlertMatchOp.NotEqual => !string.Equals(value, m.Value, StringComparison.Ordinal),
                AlertMatchOp.Regex => RegexMatch(m.Value, value) == true,
                AlertMatchOp.NotRegex => RegexMatch(m.Value, value) == false,
                _ => false,
            };
            if (!ok) return false;
        }
        return true;
    }

    /// <summary>The matchers in words: <c>rule="Health factor", severity=~"warning|critical"</c>.</summary>
    public static string Describe(IReadOnlyList<AlertSilenceMatcher> matchers) =>
        string.Join(", ", matchers.Select(m => $"{m.Label}{m.Op}\"{m.Value}\""));

    /// <summary>Anchored like Alertmanager's: the expression must match the whole value.</summary>
    public static Regex Compile(string pattern) => new($"^(?:{pattern})$", RegexOptions.CultureInvariant, RegexTimeout);

    private static bool? RegexMatch(string pattern, string value)
    {
        try
        {
            return Compile(pattern).IsMatch(value);
        }
        catch (Exception ex) when (ex is ArgumentException or RegexMatchTimeoutException)
        {
            return null;
        }
    }

    private static void ValidateMatcher(AlertSilenceMatcher? m, int i, List<FieldError> errors)
    {
        if (m is null) { errors.Add(new(AlertSilenceField.Label(i), "The matcher is empty.")); return; }
        if (string.IsNullOrEmpty(m.Label) || !AlertLabels.All.Contains(m.Label))
        {
            errors.Add(new(AlertSilenceField.Label(i), $"Label \"{m.Label}\" is not one of: {string.Join(", ", AlertLabels.All)}."));
        }
        if (string.IsNullOrEmpty(m.Op) || !AlertMatchOp.All.Contains(m.Op))
        {
            errors.Add(new(AlertSilenceField.Op(i), $"Operator \"{m.Op}\" is not one of: {string.Join(" ", AlertMatchOp.All)}."));
            return;
        }
        var value = m.Value ?? "";
        if (value.Length > MaxValueLength) { errors.Add(new(AlertSilenceField.Value(i), $"Value is at most {MaxValueLength} characters.")); return; }
        if (m.Op is AlertMatchOp.Regex or AlertMatchOp.NotRegex)
        {
            try
            {
                Compile(value);
            }
            catch (ArgumentException ex)
            {
                errors.Add(new(AlertSilenceField.Value(i), $"\"{value}\" is not a regular expression: {ex.Message}"));
            }
        }
        else if (m.Op == AlertMatchOp.Equal && value.Length == 0 && m.Label is not AlertLabels.Severity)
        {
            // Only severity is legitimately empty (resolutions); an empty rule or series name matches nothing.
            errors.Add(new(AlertSilenceField.Value(i), $"Give the {m.Label} to match; an empty value matches no notification."));
        }
    }
}
