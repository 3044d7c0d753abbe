using System.Globalization;
using ExposureWeb.Data.Entities;
using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.ManualPositions;

namespace ExposureWeb.Components.Manual;

/// <summary>How a manual position reads on screen; every figure with its unit (see <see cref="Format"/>).</summary>
public static class ManualPositionDisplay
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    /// <summary>Signed units, e.g. "−2.5 ETH (short)".</summary>
    public static string Quantity(ManualPositionEntry entry)
    {
        var units = Format.Units(Math.Abs(entry.Quantity), entry.Underlying);
        return (entry.Quantity < 0 ? "−" : "") + units + (entry.Quantity < 0 ? " (short)" : " (long)");
    }

    /// <summary>"put 90,000 USD · 2027-03-26 08:00 UTC" for options, "—" otherwise.</summary>
    public static string Option(ManualPositionEntry entry)
    {
        if (entry.Kind != ManualPositionKind.Option) return "—";
        var right = entry.Right is { } r ? ManualPositionText.Right(r) : "?";
        var strike = entry.Strike is { } s ? Format.Price(s) : "—";
        var expiry = entry.Expiry is { } e ? e.UtcDateTime.ToString("yyyy-MM-dd HH:mm", Culture) + " UTC" : "—";
        return $"{right} {strike} · {expiry}";
    }

    /// <summary>One line naming the position, for confirmations and messages, e.g. "perp −2.5 ETH (Binance ETH short)".</summary>
    public static string Describe(ManualPositionEntry entry)
    {
        var quantity = (entry.Quantity < 0 ? "−" : "") + Format.Units(Math.Abs(entry.Quantity), entry.Underlying);
        return $"{ManualPositionText.Kind(entry.Kind)} {quantity}" + (entry.Label is { } label ? $" ({label})" : "");
    }
}
