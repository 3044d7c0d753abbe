namespace ExposureWeb.Risk.Scenarios;

/// <summary>
/// A historical episode as relative moves per underlying, with where the numbers come from. Presets are configuration
/// (the app binds them from its settings), never constants in code: each states its source and date so a report can
/// say what it replays.
/// </summary>
public sealed record HistoricalShockPreset
{
    /// <summary>Short name, e.g. the episode's usual name.</summary>
    public string Name { get; init; } = "";

    /// <summary>Where the moves come from (data vendor, exchange, article) — shown with the result.</summary>
    public string Source { get; init; } = "";

    /// <summary>Day (or first day) of the episode.</summary>
    public DateOnly Date { get; init; }

    /// <summary>Relative price move per underlying over the episode (−0.3 for −30%), each ≥ −1.</summary>
    public IReadOnlyDictionary<string, double> Moves { get; init; } = new Dictionary<string, double>();

    /// <summary>Relative move of option volatilities over the episode (0.5: σ × 1.5); null: unchanged.</summary>
    public double? VolMove { get; init; }

    /// <summary>Problems with the preset, one sentence each; empty when it is usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        string label = string.IsNullOrWhiteSpace(Name) ? "a historical shock preset" : $"historical shock {Name}";
        if (string.IsNullOrWhiteSpace(Name)) errors.Add($"{label} has no name.");
        if (string.IsNullOrWhiteSpace(Source)) errors.Add($"{label} has no source.");
        if (Date == default) errors.Add($"{label} has no date.");
        if (Moves is null || Moves.Count == 0) errors.Add($"{label} has no moves.");
        else
        {
            foreach (var (underlying, move) in Moves)
            {
                if (!(move >= -1) || double.IsInfinity(move)) errors.Add($"{label}: the move of {underlying} must be finite and at least −100% (was {move}).");
            }
        }
        if (VolMove is { } v && (!(v >= -1) || double.IsInfinity(v))) errors.Add($"{label}: the volatility move must be finite and at least −100% (was {v}).");
        return errors;
    }

    /// <summary>The preset as a scenario; book underlyings it does not name move by <paramref name="defaultMove"/> (0: unchanged).</summary>
    /// <exception cref="ArgumentException">The preset is invalid (all problems in the message).</exception>
    public ShockScenario ToScenario(double defaultMove = 0, ScenarioScope? scope = null)
    {
        var errors = Validate();
        if (errors.Count > 0) throw new ArgumentException(string.Join(" ", errors));
        return new ShockScenario(Name, Moves, defaultMove, VolMove ?? 0, scope, $"{Source}, {Date:yyyy-MM-dd}");
    }
}

/// <summary>Replays historical presets on a book.</summary>
public static class HistoricalShocks
{
    /// <summary>Revalues <paramref name="book"/> under one preset.</summary>
    /// <param name="book">The compiled portfolio.</param>
    /// <param name="preset">The episode.</param>
    /// <param name="defaultMove">Move of the book's non-pegged underlyings the preset does not name (listed in the result); 0 by default.</param>
    /// <exception cref="ArgumentException">The preset is invalid.</exception>
    public static ShockResult Run(ScenarioBook book, HistoricalShockPreset preset, double defaultMove = 0)
    {
        ArgumentNullException.ThrowIfNull(preset);
        return ShockRunner.Run(book, preset.ToScenario(defaultMove));
    }

    /// <summary>Revalues <paramref name="book"/> under every preset, in order.</summary>
    public static IReadOnlyList<ShockResult> Run(ScenarioBook book, IEnumerable<HistoricalShockPreset> presets, double defaultMove = 0)
    {
        ArgumentNullException.ThrowIfNull(presets);
        return presets.Select(p => Run(book, p, defaultMove)).ToList();
    }
}
