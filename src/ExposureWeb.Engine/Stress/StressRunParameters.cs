using System.Globalization;
using System.Text.Json;
using ExposureWeb.Data.Entities;
using ExposureWeb.Risk.Scenarios;

namespace ExposureWeb.Engine.Stress;

/// <summary>
/// What a run of a kind may be given; every field is optional and has its default. The rules live here, once: the API, the
/// page's form and schedules show the same verdict (<see cref="Parse"/>), the store only writes what passed it.
/// </summary>
public sealed record StressRunParameters
{
    /// <summary>Monte Carlo paths (default 10 000).</summary>
    public int? Paths { get; init; }

    /// <summary>Monte Carlo confidence, e.g. 0.99 (default).</summary>
    public double? Confidence { get; init; }

    /// <summary>Monte Carlo horizon in days (default 1).</summary>
    public double? HorizonDays { get; init; }

    /// <summary>Monte Carlo seed (default 1: the same book gives the same numbers).</summary>
    public ulong? Seed { get; init; }

    /// <summary>Correlated and cascade: the underlying that moves (default ETH).</summary>
    public string? Driver { get; init; }

    /// <summary>Correlated and cascade: its relative move (default −20%).</summary>
    public double? DriverMove { get; init; }

    /// <summary>Cascade: the symbol of the token the driver is sold for, from the chain profile (default USDC).</summary>
    public string? Quote { get; init; }

    /// <summary>Cascade: the Uniswap v3 pool's fee tier in hundredths of a basis point (default 500, 0.05%).</summary>
    public int? FeeTier { get; init; }

    /// <summary>Cascade: rounds of liquidations at most (default 50).</summary>
    public int? MaxRounds { get; init; }

    /// <summary>Cascade: whole driver tokens of other borrowers' collateral sold per round with liquidations (default 0).</summary>
    public double? ExtraSoldPerRound { get; init; }

    /// <summary>Correlated and historical: the options' volatility move (default 0, a preset's own for historical).</summary>
    public double? VolMove { get; init; }

    /// <summary>Correlated and Monte Carlo: "configured" or "estimated" (from the engine's price history); default: configured when configuration has correlations.</summary>
    public string? Correlation { get; init; }

    /// <summary>Historical: the presets to apply by name (default: all configured).</summary>
    public IReadOnlyList<string>? Presets { get; init; }

    public const int DefaultPaths = 10_000;
    public const double DefaultConfidence = 0.99;
    public const double DefaultHorizonDays = 1;
    public const ulong DefaultSeed = 1;
    public const string DefaultDriver = "ETH";
    public const double DefaultDriverMove = -0.2;
    public const string DefaultQuote = "USDC";
    public const int DefaultFeeTier = 500;
    public const int DefaultMaxRounds = 50;
    public const int MaxMaxRounds = 200;

    /// <summary>Uniswap v3's fee tiers, hundredths of a basis point.</summary>
    public static readonly IReadOnlyList<int> FeeTiers = [100, 500, 3000, 10000];

    public const string Configured = "configured";
    public const string Estimated = "estimated";

    /// <summary>Reads and checks a run's parameters; errors in words keyed by field, nothing else happens.</summary>
    public static (StressRunParameters? Parameters, IReadOnlyDictionary<string, string> Errors) Parse(StressRunKind kind, string? json, StressOptions options)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        StressRunParameters p;
        try
        {
            p = string.IsNullOrWhiteSpace(json) ? new StressRunParameters() : JsonSerializer.Deserialize<StressRunParameters>(json, StressJson.Options) ?? new StressRunParameters();
        }
        catch (JsonException ex)
        {
            errors["parameters"] = "the parameters are not valid JSON for this kind: " + ex.Message;
            return (null, errors);
        }
        switch (kind)
        {
            case StressRunKind.Cascade:
                CheckDriver(p, errors);
                if (p.Quote is { } q && string.IsNullOrWhiteSpace(q)) errors["quote"] = "name the token the driver is sold for, e.g. USDC.";
                if (p.FeeTier is { } fee && !FeeTiers.Contains(fee)) errors["feeTier"] = $"the fee tier is one of Uniswap v3's: {string.Join(", ", FeeTiers)} (hundredths of a basis point; 500 = 0.05%).";
                if (p.MaxRounds is { } rounds && rounds is < 1 or > MaxMaxRounds) errors["maxRounds"] = $"the rounds must be between 1 and {MaxMaxRounds}.";
                if (p.ExtraSoldPerRound is { } extra && !(extra >= 0 && extra < 1e12)) errors["extraSoldPerRound"] = "the extra amount sold per round is 0 or more whole tokens of the driver (e.g. 100).";
                break;
            case StressRunKind.MonteCarlo:
                if (p.Paths is { } paths && paths is < MonteCarloVarOptions.MinPaths or > MonteCarloVarOptions.MaxPaths)
                {
                    errors["paths"] = string.Create(CultureInfo.InvariantCulture, $"paths must be between {MonteCarloVarOptions.MinPaths:N0} and {MonteCarloVarOptions.MaxPaths:N0}.");
                }
                if (p.Confidence is { } c && !(c > 0.5 && c < 1)) errors["confidence"] = "confidence must be above 0.5 and below 1, e.g. 0.99.";
                if (p.HorizonDays is { } h && !(h > 0 && h <= 365)) errors["horizonDays"] = "the horizon must be more than 0 and at most 365 days.";
                CheckCorrelation(p, options, errors);
                break;
            case StressRunKind.Correlated:
                CheckDriver(p, errors);
                CheckCorrelation(p, options, errors);
                break;
            case StressRunKind.Historical:
                if (options.HistoricalPresets.Count == 0) errors["presets"] = "no historical presets are configured (Stress:HistoricalPresets).";
                foreach (var name in p.Presets ?? [])
                {
                    if (!options.HistoricalPresets.Any(x => string.Equals(x.Name, name, StringComparison.OrdinalIgnoreCase)))
                    {
                        errors["presets"] = $"no preset named \"{name}\"; configured: {string.Join(", ", options.HistoricalPresets.Select(x => x.Name))}.";
                    }
                }
                break;
        }
        if (p.VolMove is { } v && !(v >= -1 && v <= 10)) errors["volMove"] = "the volatility move must be at least −100% and at most +1000%.";
        return (errors.Count == 0 ? p : null, errors);
    }

    private static void CheckDriver(StressRunParameters p, Dictionary<string, string> errors)
    {
        if (p.DriverMove is { } m && !(m > -1 && m <= 10)) errors["driverMove"] = "the driver's move must be above −100% and at most +1000% (e.g. -0.2 for −20%).";
        if (p.Driver is { } d && string.IsNullOrWhiteSpace(d)) errors["driver"] = "name the underlying that moves, e.g. ETH.";
    }

    private static void CheckCorrelation(StressRunParameters p, StressOptions options, Dictionary<string, string> errors)
    {
        if (p.Correlation is null) return;
        if (!string.Equals(p.Correlation, Configured, StringComparison.OrdinalIgnoreCase) && !string.Equals(p.Correlation, Estimated, StringComparison.OrdinalIgnoreCase))
        {
            errors["correlation"] = $"correlation is \"{Configured}\" or \"{Estimated}\".";
        }
        else if (string.Equals(p.Correlation, Configured, StringComparison.OrdinalIgnoreCase) && options.Correlations.Count == 0)
        {
            errors["correlation"] = "no correlations are configured (Stress:Correlations); use \"estimated\".";
        }
    }

    /// <summary>The parameters as stored (camelCase JSON, nulls left out).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, StressJson.Options);
}
