namespace ExposureWeb.Risk.Scenarios;

/// <summary>A driver's move and the conditional moves it implies for the other underlyings.</summary>
/// <param name="Driver">The underlying shocked.</param>
/// <param name="DriverMove">Its relative move, e.g. −0.3.</param>
/// <param name="Betas">βᵢ = ρᵢ,d·σᵢ/σ_d per other underlying (log-return betas on the driver).</param>
/// <param name="Moves">Relative move of every underlying, the driver's included.</param>
public sealed record ConditionalShock(string Driver, double DriverMove, IReadOnlyDictionary<string, double> Betas, IReadOnlyDictionary<string, double> Moves)
{
    /// <summary>As a scenario for <see cref="ShockRunner"/>; book underlyings outside the correlation matrix take <paramref name="defaultMove"/>.</summary>
    public ShockScenario ToScenario(double defaultMove = 0, double volMove = 0) =>
        new($"{Driver} {DriverMove:+0.##%;-0.##%;0%} (correlated)", Moves, defaultMove, volMove, null,
            $"conditional expectation of log returns given {Driver}: ln(1 + mᵢ) = βᵢ·ln(1 + m_d), βᵢ = ρᵢ,d·σᵢ/σ_d");
}

/// <summary>
/// Correlated multi-asset shocks: one underlying (the driver) moves by a chosen amount and the others by their
/// conditional expectation given it.
/// </summary>
/// <remarks>
/// Model: log returns rᵢ = ln(Sᵢ'/Sᵢ) jointly normal with zero mean, volatilities σᵢ and correlations ρ. Given the driver's
/// return r_d, E[rᵢ | r_d] = βᵢ·r_d with βᵢ = ρᵢ,d·σᵢ/σ_d (the regression of rᵢ on r_d), so the others move by
/// mᵢ = exp(βᵢ·ln(1 + m_d)) − 1. Working in log returns keeps every price positive however large β or the move (a
/// linear βᵢ·m_d can pass −100%); for small moves the two agree to first order. The volatilities only enter as ratios,
/// so annualised values of any one horizon serve. The conditional spread (σᵢ·√(1 − ρ²)) is not applied: this is the
/// central scenario, not a tail of it.
/// </remarks>
public static class CorrelatedShock
{
    /// <summary>The conditional moves of every underlying of <paramref name="correlation"/> when <paramref name="driver"/> moves by <paramref name="driverMove"/>.</summary>
    /// <param name="driver">The shocked underlying; must have a row in the matrix.</param>
    /// <param name="driverMove">Its relative move, in (−1, ∞).</param>
    /// <param name="correlation">Correlations of log returns.</param>
    /// <param name="volatilities">Annualised volatility of the driver and of every other underlying of the matrix (positive for the driver).</param>
    /// <exception cref="ArgumentException">The driver is not in the matrix, a volatility is missing or invalid, or the move is not above −100%.</exception>
    public static ConditionalShock Conditional(string driver, double driverMove, CorrelationMatrix correlation, IReadOnlyDictionary<string, double> volatilities)
    {
        ArgumentNullException.ThrowIfNull(driver);
        ArgumentNullException.ThrowIfNull(correlation);
        ArgumentNullException.ThrowIfNull(volatilities);
        if (!(driverMove > -1) || double.IsInfinity(driverMove)) throw new ArgumentOutOfRangeException(nameof(driverMove), driverMove, "the driver's move must be finite and above −100%.");
        if (!correlation.Contains(driver)) throw new ArgumentException($"the correlation matrix has no row for the driver {driver} (it covers {string.Join(", ", correlation.Underlyings)}).", nameof(driver));
        var vols = new Dictionary<string, double>(volatilities, StringComparer.OrdinalIgnoreCase);
        double VolOf(string u)
        {
            if (!vols.TryGetValue(u, out double v)) throw new ArgumentException($"no volatility given for {u}.", nameof(volatilities));
            if (!(v >= 0) || double.IsInfinity(v)) throw new ArgumentException($"the volatility of {u} must be non-negative and finite (was {v}).", nameof(volatilities));
            return v;
        }
        double driverVol = VolOf(driver);
        if (!(driverVol > 0)) throw new ArgumentException($"the driver {driver} needs a positive volatility (was {driverVol}).", nameof(volatilities));

        double logMove = Math.Log(1 + driverMove);
        var betas = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        var moves = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase) { [driver] = driverMove };
        foreach (string u in correlation.Underlyings)
        {
            if (string.Equals(u, driver, StringComparison.OrdinalIgnoreCase)) continue;
            double beta = correlation[u, driver] * VolOf(u) / driverVol;
            betas[u] = beta;
            moves[u] = Math.Exp(beta * logMove) - 1;
        }
        return new ConditionalShock(driver, driverMove, betas, moves);
    }
}
