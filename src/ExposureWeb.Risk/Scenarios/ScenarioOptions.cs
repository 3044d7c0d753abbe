namespace ExposureWeb.Risk.Scenarios;

/// <summary>Which underlyings a scenario moves.</summary>
/// <param name="Shocked">Underlyings to move; null: every underlying of the book except the pegged ones.</param>
/// <param name="Pegged">Underlyings held fixed when <paramref name="Shocked"/> is null (USD stablecoins by default).</param>
public sealed record ScenarioScope(IReadOnlySet<string>? Shocked = null, IReadOnlySet<string>? Pegged = null)
{
    /// <summary>USD and the main USD stablecoins: the numeraire does not move against itself.</summary>
    public static IReadOnlySet<string> DefaultPegged { get; } =
        new HashSet<string>(["USD", "USDC", "USDT", "DAI", "USDS", "FRAX", "LUSD", "GHO", "PYUSD"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Moves every non-pegged underlying together.</summary>
    public static ScenarioScope AllRisky { get; } = new();

    /// <summary>Moves only <paramref name="underlying"/>.</summary>
    public static ScenarioScope Only(string underlying) =>
        new(new HashSet<string>([underlying], StringComparer.OrdinalIgnoreCase));

    internal bool Moves(string underlying) =>
        Shocked is not null ? Shocked.Contains(underlying) : !(Pegged ?? DefaultPegged).Contains(underlying);
}
