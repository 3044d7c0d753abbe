namespace ExposureWeb.Risk.Scenarios;

/// <summary>
/// A scenario with its own move per underlying (a historical episode, a correlated shock), as opposed to the one move
/// of a <see cref="ScenarioCell"/> for every shocked underlying.
/// </summary>
/// <param name="Name">Label for the report.</param>
/// <param name="Moves">Relative price move per underlying (−0.3 for −30%, ≥ −1), matched case-insensitively. A named
/// pegged asset moves too (a depeg is a move).</param>
/// <param name="DefaultMove">Move of the book's underlyings that are not named, are in <paramref name="Scope"/> and not
/// pegged; the result lists them. Pegged underlyings that are not named stay at their price.</param>
/// <param name="VolMove">Relative move of option volatilities (0.5: σ × 1.5) on every moved or in-scope underlying.</param>
/// <param name="Scope">Which unnamed underlyings take <paramref name="DefaultMove"/>; every non-pegged one by default.</param>
/// <param name="Description">Where the scenario comes from (source, date, model), for the report.</param>
public sealed record ShockScenario(
    string Name, IReadOnlyDictionary<string, double> Moves, double DefaultMove = 0, double VolMove = 0, ScenarioScope? Scope = null, string? Description = null);

/// <summary>Full revaluation of a book under a <see cref="ShockScenario"/>.</summary>
/// <param name="Name">The scenario's name.</param>
/// <param name="Description">The scenario's description.</param>
/// <param name="ValueUsd">Book value after the moves, USD.</param>
/// <param name="PnlUsd">ValueUsd − base value, USD.</param>
/// <param name="MinHealthFactor">Lowest lending health factor after the moves; null without lending accounts.</param>
/// <param name="HealthFactors">Health factor per lending account, aligned with <see cref="ScenarioBook.LendingPositionIds"/>.</param>
/// <param name="Liquidated">Positions liquidatable after the moves.</param>
/// <param name="AppliedMoves">The move applied to every underlying of the book (named, defaulted, or 0 for pegged).</param>
/// <param name="DefaultedUnderlyings">Book underlyings the scenario does not name, moved by <paramref name="DefaultMove"/>.</param>
/// <param name="DefaultMove">The move they took.</param>
/// <param name="UnusedMoves">Underlyings the scenario names that the book does not hold.</param>
public sealed record ShockResult(
    string Name, string? Description, double ValueUsd, double PnlUsd, double? MinHealthFactor, IReadOnlyList<double> HealthFactors,
    IReadOnlyList<string> Liquidated, IReadOnlyDictionary<string, double> AppliedMoves, IReadOnlyList<string> DefaultedUnderlyings,
    double DefaultMove, IReadOnlyList<string> UnusedMoves);

/// <summary>Applies per-underlying shocks to a book through its full revaluation.</summary>
public static class ShockRunner
{
    /// <summary>Revalues <paramref name="book"/> under <paramref name="scenario"/>.</summary>
    /// <param name="book">The compiled portfolio.</param>
    /// <param name="scenario">Moves to apply.</param>
    /// <param name="horizonYears">Time elapsed before the move (options lose it); 0 = instantaneous.</param>
    /// <exception cref="ArgumentException">A move below −100% or not finite, or a negative horizon.</exception>
    public static ShockResult Run(ScenarioBook book, ShockScenario scenario, double horizonYears = 0)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(scenario.Moves);
        CheckMove(scenario.DefaultMove, "the default move", nameof(scenario));
        CheckMove(scenario.VolMove, "the volatility move", nameof(scenario));
        if (!(horizonYears >= 0) || double.IsInfinity(horizonYears)) throw new ArgumentOutOfRangeException(nameof(horizonYears), horizonYears, "the horizon must be non-negative.");
        var moves = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (var (underlying, move) in scenario.Moves)
        {
            CheckMove(move, $"the move of {underlying}", nameof(scenario));
            if (!moves.TryAdd(underlying, move)) throw new ArgumentException($"{underlying} is named twice in {scenario.Name}.", nameof(scenario));
        }

        var scope = scenario.Scope ?? ScenarioScope.AllRisky;
        var basePrice = book.BasePrices;
        var price = new double[book.Underlyings.Count];
        var vol = new double[price.Length];
        var applied = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        var defaulted = new List<string>();
        for (int u = 0; u < price.Length; u++)
        {
            string name = book.Underlyings[u];
            bool inScope = scope.Moves(name);
            double move;
            if (moves.TryGetValue(name, out double named)) move = named;
            else if (inScope) { move = scenario.DefaultMove; defaulted.Add(name); }
            else move = 0;
            applied[name] = move;
            // A −100% move would put the price at zero, where nothing is defined: stop just short of it (as Run does).
            price[u] = Math.Max(basePrice[u] * (1 + move), double.Epsilon);
            vol[u] = inScope || moves.ContainsKey(name) ? 1 + scenario.VolMove : 1;
        }

        var (value, minHealth, health, liquidated) = book.RevalueAt(price, vol, horizonYears);
        var unused = moves.Keys.Where(u => book.IndexOf(u) < 0).ToList();
        return new ShockResult(scenario.Name, scenario.Description, value, value - book.BaseValueUsd, minHealth, health, liquidated,
            applied, defaulted, scenario.DefaultMove, unused);
    }

    private static void CheckMove(double move, string what, string parameter)
    {
        if (!(move >= -1) || double.IsInfinity(move)) throw new ArgumentOutOfRangeException(parameter, move, $"{what} must be finite and at least −100% (was {move}).");
    }
}
