namespace ExposureWeb.Risk.Volatility;

/// <summary>Volatilities configured per underlying: a flat number or a term structure.</summary>
public sealed class ConfiguredVolatilitySource : IVolatilitySource
{
    /// <summary>A curve with what can be prepared once: its quote when flat, its description when not.</summary>
    private sealed record Entry(VolatilityTermStructure Curve, VolatilityQuote? FlatQuote, string Description);

    // One lookup per option: valuations run per block for every option, and extra lookups or formatting per call
    // would cost more than the volatility itself.
    private readonly NameMap<Entry> _entries;

    /// <summary>Creates the source; underlyings are matched case-insensitively.</summary>
    public ConfiguredVolatilitySource(IReadOnlyDictionary<string, VolatilityTermStructure> curves)
    {
        ArgumentNullException.ThrowIfNull(curves);
        _entries = new NameMap<Entry>(curves.Select(c => KeyValuePair.Create(c.Key, c.Value.IsFlat
            ? new Entry(c.Value, new VolatilityQuote(c.Value.VolatilityAt(1), VolatilitySourceKind.Configured, $"configured {c.Key} volatility"), "")
            : new Entry(c.Value, null, $"configured {c.Key} term structure ({c.Value.Count} pillars, total-variance interpolation)"))));
    }

    /// <summary>Flat volatilities per underlying.</summary>
    public static ConfiguredVolatilitySource Flat(IReadOnlyDictionary<string, double> volatilities) =>
        new(volatilities.ToDictionary(p => p.Key, p => VolatilityTermStructure.Flat(p.Value)));

    /// <inheritdoc />
    public VolatilityQuote? Find(string underlying, double years)
    {
        if (!_entries.TryGetValue(underlying, out var entry)) return null;
        return entry.FlatQuote
            ?? new VolatilityQuote(entry.Curve.VolatilityAt(Math.Max(years, 0)), VolatilitySourceKind.TermStructure, entry.Description);
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
