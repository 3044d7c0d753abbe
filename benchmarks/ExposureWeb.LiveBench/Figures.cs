using System.Globalization;

namespace ExposureWeb.LiveBench;

/// <summary>The benchmarks' machine-readable output: one "name value" line per figure.</summary>
internal static class Figures
{
    /// <summary>Prints <paramref name="value"/> rounded to whole units ("0") or to two decimals (any other format).</summary>
    public static void Print(string name, double value, string format = "0") =>
        Console.WriteLine($"{name} {Math.Round(value, format == "0" ? 0 : 2).ToString(format, CultureInfo.InvariantCulture)}");
}
