namespace ExposureWeb.Risk.Volatility;

/// <summary>Volatilities configured per underlying: a flat number or a term structure.</summary>
public sealed class ConfiguredVolatilitySource : IVolatilitySource
{
    private readonly NameMap<VolatilityTermStructure> _curves;
    private readonly NameMap<VolatilityQuote> _flatQuotes;
    private readonly NameMap<string> _descriptions;

    /// <summary>Creates the source; underlyings are matched case-insensitively.</summary>
    public ConfiguredVolatilitySource(IReadOnlyDictionary<string, VolatilityTermStructure> curves)
    {
        ArgumentNullException.ThrowIfNull(curves);
        _curves = new NameMap<VolatilityTermStructure>(curves);
        // Quotes are built once: valuations run per block for every option, and formatting per call would dominate.
        _flatQuotes = new NameMap<VolatilityQuote>(curves.Where(c => c.Value.IsFlat).Select(c => KeyValuePair.Create(c.Key,
            new VolatilityQuote(c.Value.VolatilityAt(1), VolatilitySourceKind.Configured, $"configured {c.Key} volatility"))));
        _descriptions = new NameMap<string>(curves.Select(c => KeyValuePair.Create(c.Key,
            $"configured {c.Key} term structure ({c.Value.Count} pillars, total-variance interpolation)")));
    }

    /// <summary>Flat volatilities per underlying.</summary>
    public static ConfiguredVolatilitySource Flat(IReadOnlyDictionary<string, double> volatilities) =>
        new(volatilities.ToDictionary(p => p.Key, p => VolatilityTermStructure.Flat(p.Value)));

    /// <inheritdoc />
    public VolatilityQuote? Find(string underlying, double years)
    {
        if (_flatQuotes.TryGetValue(underlying, out var flat)) return flat;
        if (!_curves.TryGetValue(underlying, out var curve) || !_descriptions.TryGetValue(underlying, out var description)) return null;
        return new VolatilityQuote(curve.VolatilityAt(Math.Max(years, 0)), VolatilitySourceKind.TermStructure, description);
    }
}

/// <summary>Asks several sources in order and takes the first answer (e.g. configured, then realised).</summary>
public sealed class VolatilitySourceChain(params IVolatilitySource[] sources) : IVolatilitySource
{
    /// <inheritdoc />
    public VolatilityQuote? Find(string underlying, double years)
    {
        foreach (var source in sources)
        {
            if (source.Find(underlying, years) is { } quote) return quote;
        }
        return null;
    }
}
