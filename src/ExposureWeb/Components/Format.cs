using System.Globalization;

namespace ExposureWeb.Components;

/// <summary>How numbers are shown: every figure carries its unit.</summary>
public static class Format
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    public static string Usd(double? value) => value is { } v ? (v < 0 ? "−$" : "$") + Math.Abs(v).ToString("#,##0.00", Culture) : "—";

    /// <summary>Token quantities: up to 6 decimals, fewer for large amounts.</summary>
    public static string Units(double value, string unit)
    {
        var pattern = Math.Abs(value) >= 1000 ? "#,##0.##" : "#,##0.######";
        return value.ToString(pattern, Culture) + " " + unit;
    }

    public static string Price(double? value) => value is { } v ? "$" + v.ToString(v >= 100 ? "#,##0.00" : "#,##0.0000", Culture) : "—";

    public static string Age(TimeSpan age)
    {
        if (age < TimeSpan.Zero) age = TimeSpan.Zero;
        return age.TotalSeconds < 90 ? $"{age.TotalSeconds:0} s"
            : age.TotalMinutes < 90 ? $"{age.TotalMinutes:0} min"
            : age.TotalHours < 48 ? $"{age.TotalHours:0.#} h"
            : $"{age.TotalDays:0.#} d";
    }

    public static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", Culture) + " UTC";

    /// <summary>An address shortened for display, e.g. <c>0x7099…79C8</c> (the full one goes in a tooltip).</summary>
    public static string Address(string? address) => address is null ? "" : Chain.Primitives.Address.Abbreviate(address);

    public static string Block(ulong number) => "#" + number.ToString("#,##0", Culture);
}
