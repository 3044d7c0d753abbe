namespace ExposureWeb.Risk;

/// <summary>
/// The unit conventions of the risk engine, named once so that no conversion constant is written inline.
/// </summary>
/// <remarks>
/// Time is Actual/365 Fixed calendar time (crypto trades every day, and QuantLib's reference vectors use
/// the same count); volatility and rates are per year, continuously compounded, as fractions (0.2 = 20%).
/// </remarks>
public static class MarketConventions
{
    /// <summary>Days in one year of the Actual/365 Fixed count: years = days / 365.</summary>
    public const double DaysPerYear = 365.0;

    /// <summary>One volatility point, 0.01 = 1% of annualised volatility.</summary>
    public const double VolatilityPoint = 0.01;

    /// <summary>A one-percent relative move of a price, 0.01.</summary>
    public const double OnePercent = 0.01;

    /// <summary>One basis point of rate, 0.0001.</summary>
    public const double BasisPoint = 0.0001;

    /// <summary>Year fraction from <paramref name="from"/> to <paramref name="to"/> (Actual/365 Fixed, fractional days kept); negative when <paramref name="to"/> is earlier.</summary>
    public static double YearFraction(DateTimeOffset from, DateTimeOffset to) => (to - from).TotalDays / DaysPerYear;
}
