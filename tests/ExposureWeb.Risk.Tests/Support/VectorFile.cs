using System.Collections.Concurrent;
using System.Globalization;

namespace ExposureWeb.Risk.Tests.Support;

/// <summary>Reads the CSV reference vectors copied next to the test assembly (Vectors/*.csv), once per file.</summary>
internal static class VectorFile
{
    private static readonly ConcurrentDictionary<string, IReadOnlyList<string[]>> Cache = new();

    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Vectors", name);

    /// <summary>Data rows as string fields, header dropped.</summary>
    public static IReadOnlyList<string[]> Rows(string name) => Cache.GetOrAdd(name, n =>
        File.ReadLines(PathOf(n)).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList());

    public static double D(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
}
