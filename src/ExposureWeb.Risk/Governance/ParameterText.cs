using System.Globalization;
using System.Numerics;

namespace ExposureWeb.Risk.Governance;

/// <summary>
/// The one text form of a parameter value in a <see cref="ParameterChange"/>: a detected change and a proposal's
/// decoded call write values the same way, so "the proposal sets 8000" and "the market now has 8000" compare as text.
/// </summary>
public static class ParameterText
{
    /// <summary>An integer, invariant culture, no grouping (<c>8300</c>).</summary>
    public static string Of(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A big integer (rays, base currency units), invariant culture, no grouping.</summary>
    public static string Of(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A flag: <c>true</c> or <c>false</c>.</summary>
    public static string Of(bool value) => value ? "true" : "false";
}
