using System.Globalization;

namespace ExposureWeb.E2E;

public static class Money
{
    /// <summary>Parses the page's "$3,012.45" / "−$12.00" into a number; null for "—".</summary>
    public static double? Parse(string text)
    {
        var t = text.Trim();
        if (t is "—" or "") return null;
        var negative = t.StartsWith('−') || t.StartsWith('-');
        var digits = t.TrimStart('−', '-').TrimStart('$').Replace(",", "", StringComparison.Ordinal);
        var value = double.Parse(digits, NumberStyles.Float, CultureInfo.InvariantCulture);
        return negative ? -value : value;
    }
}
