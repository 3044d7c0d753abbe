using System.Globalization;
using System.Text.RegularExpressions;
using ExposureWeb.Risk.Instruments;

namespace ExposureWeb.Risk.ManualPositions;

/// <summary>
/// How manual positions are written as text, in the form and in CSV alike: invariant culture, '.' decimal point, no
/// thousands separators, ISO-8601 dates. Reading and writing live together so they cannot drift apart.
/// </summary>
public static partial class ManualPositionText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private const NumberStyles NumberStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    private static readonly string[] DateTimeFormats =
    [
        "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mmK", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
    ];

    /// <summary><c>spot</c>, <c>perp</c> or <c>option</c>; read back by <see cref="TryParseKind"/>.</summary>
    public static string Kind(ManualPositionKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary><c>call</c> or <c>put</c>; read back by <see cref="TryParseRight"/>.</summary>
    public static string Right(ManualOptionRight right) => right.ToString().ToLowerInvariant();

    /// <summary><c>spot</c>, <c>perp</c> or <c>option</c>, any case, white space around ignored.</summary>
    public static bool TryParseKind(string? text, out ManualPositionKind kind)
    {
        kind = default;
        return text?.Trim().ToLowerInvariant() switch
        {
            "spot" => Set(ManualPositionKind.Spot, out kind),
            "perp" => Set(ManualPositionKind.Perp, out kind),
            "option" => Set(ManualPositionKind.Option, out kind),
            _ => false,
        };
    }

    /// <summary><c>call</c>/<c>put</c>, or <c>C</c>/<c>P</c> as option symbols write them; any case.</summary>
    public static bool TryParseRight(string? text, out ManualOptionRight right)
    {
        right = default;
        return text?.Trim().ToLowerInvariant() switch
        {
            "call" or "c" => Set(ManualOptionRight.Call, out right),
            "put" or "p" => Set(ManualOptionRight.Put, out right),
            _ => false,
        };
    }

    /// <summary>Digits, an optional sign, '.' as decimal point, an optional exponent; NaN and infinities parse and are rejected by the validator.</summary>
    public static bool TryParseNumber(string text, out double value) =>
        double.TryParse(text.Trim(), NumberStyle, Invariant, out value);

    /// <summary>Round-trips through <see cref="TryParseNumber"/>.</summary>
    public static string? Number(double? value) => value?.ToString("R", Invariant);

    /// <summary>Why an expiry text is not accepted, or null when <paramref name="expiry"/> (UTC) was read.</summary>
    public static string? TryParseExpiry(string text, out DateTimeOffset expiry)
    {
        expiry = default;
        var s = text.Trim();
        if (DateOnlyPattern().IsMatch(s))
        {
            if (!DateOnly.TryParseExact(s, "yyyy-MM-dd", Invariant, DateTimeStyles.None, out var date))
                return $"expiry '{s}' is not a calendar date: check the month and the day (yyyy-MM-dd).";
            expiry = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return null;
        }
        var upper = s.ToUpperInvariant(); // 't' and 'z' as well as 'T' and 'Z'
        if (!DateTimePattern().IsMatch(upper))
            return $"expiry '{s}' is not an ISO-8601 date: write 2026-12-25 (00:00 UTC) or a date and time such as 2026-12-25T08:00:00Z.";
        if (!ZonePattern().IsMatch(upper))
            return $"expiry '{s}' has a time but no time zone: add Z for UTC (e.g. {upper}Z) or an offset such as +01:00.";
        if (!DateTimeOffset.TryParseExact(upper, DateTimeFormats, Invariant, DateTimeStyles.AdjustToUniversal, out var at))
            return $"expiry '{s}' is not a valid date and time: check the month, day, hour and minute (e.g. 2026-12-25T08:00:00Z).";
        expiry = at.ToUniversalTime();
        return null;
    }

    /// <summary>A date alone when the expiry is at 00:00 UTC, otherwise the UTC date and time; read back by <see cref="TryParseExpiry"/>.</summary>
    public static string? Expiry(DateTimeOffset? expiry)
    {
        if (expiry is not { } e) return null;
        var utc = e.ToUniversalTime();
        if (utc.TimeOfDay == TimeSpan.Zero) return utc.ToString("yyyy-MM-dd", Invariant);
        return utc.ToString(utc.Ticks % TimeSpan.TicksPerMinute == 0 ? "yyyy-MM-dd'T'HH:mm'Z'" : "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", Invariant);
    }

    private static bool Set<T>(T value, out T target)
    {
        target = value;
        return true;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex DateOnlyPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")]
    private static partial Regex DateTimePattern();

    [GeneratedRegex(@"(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex ZonePattern();
}
