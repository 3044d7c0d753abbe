namespace ExposureWeb.Risk.Scenarios;

/// <summary>One scenario: a relative move of the shocked underlyings' prices and of option volatilities.</summary>
/// <param name="PriceMove">Relative price move, e.g. −0.16 for −16% (≥ −1).</param>
/// <param name="VolMove">Relative volatility move, e.g. +0.5 for vol × 1.5, −0.25 for vol × 0.75 (≥ −1).</param>
/// <param name="Extended">True for the extended (tail) moves outside the ±16% grid.</param>
public readonly record struct ScenarioCell(double PriceMove, double VolMove, bool Extended = false)
{
    /// <summary>Label such as <c>-16% / vol +50%</c>.</summary>
    public override string ToString() => $"{PriceMove:+0.##%;-0.##%;0%} / vol {VolMove:+0.##%;-0.##%;unchanged}";
}

/// <summary>Scenario grids: Deribit's portfolio-margin stress grid and plain price ladders.</summary>
/// <remarks>
/// Deribit's published parameters: price range ±16% in 9 steps including 0, each with volatility up 50%,
/// unchanged and down 25% (27 cells), plus the extended moves −66%, −33%, +50%, +100%, +200%, +300%, +400% and +500%
/// with volatility up (8 cells); margin is the worst cell. Here volatility moves are multiplicative on each option's
/// own volatility (σ × 1.5, σ × 0.75) for every expiry — Deribit scales the shock by term, which this simpler grid does not.
/// </remarks>
public static class StressGrid
{
    /// <summary>Deribit price range: ±16%.</summary>
    public const double DeribitPriceRange = 0.16;

    /// <summary>Number of price steps across the range, including 0.</summary>
    public const int DeribitPriceSteps = 9;

    /// <summary>Deribit volatility shock up: +50%.</summary>
    public const double DeribitVolUp = 0.5;

    /// <summary>Deribit volatility shock down: −25%.</summary>
    public const double DeribitVolDown = 0.25;

    /// <summary>Deribit's extended price moves, each taken with volatility up.</summary>
    public static IReadOnlyList<double> DeribitExtendedMoves { get; } = [-0.66, -0.33, 0.5, 1.0, 2.0, 3.0, 4.0, 5.0];

    /// <summary>The 35 cells: 9 price steps × (vol up, unchanged, down), then the 8 extended moves with vol up.</summary>
    public static IReadOnlyList<ScenarioCell> Deribit(
        double priceRange = DeribitPriceRange, int priceSteps = DeribitPriceSteps, double volUp = DeribitVolUp, double volDown = DeribitVolDown,
        IReadOnlyList<double>? extendedMoves = null)
    {
        var cells = new List<ScenarioCell>(priceSteps * 3 + 8);
        foreach (double move in Ladder(-priceRange, priceRange, priceSteps))
        {
            cells.Add(new ScenarioCell(move, volUp));
            cells.Add(new ScenarioCell(move, 0));
            cells.Add(new ScenarioCell(move, -volDown));
        }
        foreach (double move in extendedMoves ?? DeribitExtendedMoves)
        {
            cells.Add(new ScenarioCell(move, volUp, Extended: true));
        }
        return cells;
    }

    /// <summary><paramref name="steps"/> evenly spaced relative moves from <paramref name="from"/> to <paramref name="to"/> inclusive.</summary>
    public static IReadOnlyList<double> Ladder(double from, double to, int steps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 2);
        var moves = new double[steps];
        for (int i = 0; i < steps; i++)
        {
            // Computed from the index (not accumulated) so that the middle step is exactly 0 on symmetric ladders.
            moves[i] = from + (to - from) * i / (steps - 1);
        }
        return moves;
    }
}
