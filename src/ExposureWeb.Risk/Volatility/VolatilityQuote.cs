namespace ExposureWeb.Risk.Volatility;

/// <summary>Where a volatility came from.</summary>
public enum VolatilitySourceKind
{
    /// <summary>A flat volatility configured for the underlying.</summary>
    Configured,

    /// <summary>A configured term structure, interpolated in total variance at the option's expiry.</summary>
    TermStructure,

    /// <summary>Realised volatility estimated with EWMA from the underlying's price history.</summary>
    EwmaRealized,
}

/// <summary>A volatility and the source that gave it, carried into every valuation that used it.</summary>
/// <param name="Volatility">Annualised volatility per √year (0.6 = 60%).</param>
/// <param name="Source">Which kind of source priced it.</param>
/// <param name="Detail">Human-readable provenance, e.g. <c>EWMA λ=0.94 over 90 returns, annualised ×√365</c>.</param>
public sealed record VolatilityQuote(double Volatility, VolatilitySourceKind Source, string Detail);

/// <summary>Supplies the volatility to price an option on an underlying at a given term.</summary>
public interface IVolatilitySource
{
    /// <summary>The volatility for <paramref name="underlying"/> at <paramref name="years"/> to expiry, or null when this source has none.</summary>
    VolatilityQuote? Find(string underlying, double years);
}
