namespace ExposureWeb.Risk.Strategies;

/// <summary>A short option position whose buy-back lowers short gamma.</summary>
/// <param name="Id">The position's id.</param>
/// <param name="Description">What it is, in words.</param>
/// <param name="Quantity">Options held, negative (short).</param>
/// <param name="DollarGammaPerPercent">The whole position's dollar gamma per 1%, USD, negative.</param>
/// <param name="ValueUsd">The whole position's value at the model price, USD, negative (what buying all of it back costs).</param>
/// <param name="VegaPerVolPoint">The whole position's vega per vol point, USD.</param>
public sealed record ShortOption(string Id, string Description, double Quantity, double DollarGammaPerPercent, double ValueUsd, double VegaPerVolPoint);

/// <summary>Part of one short position bought back.</summary>
/// <param name="Id">The position's id.</param>
/// <param name="Description">What it is.</param>
/// <param name="Options">Options bought back, positive.</param>
/// <param name="Fraction">Of the position, in (0, 1].</param>
/// <param name="GammaReducedPerPercent">Short dollar gamma removed, USD per 1%, positive.</param>
/// <param name="CostUsd">Premium paid at the model price, USD.</param>
/// <param name="VegaChangePerVolPoint">Change of vega, USD per vol point (positive: less short vega).</param>
public sealed record BuybackLeg(string Id, string Description, double Options, double Fraction, double GammaReducedPerPercent, double CostUsd, double VegaChangePerVolPoint);

/// <summary>The buy-backs that bring short gamma within a budget, and what no short option can cover.</summary>
/// <param name="Legs">Cheapest gamma first.</param>
/// <param name="UncoveredPerPercent">Excess short gamma left when every short option is bought back (0 when covered).</param>
public sealed record BuybackPlan(IReadOnlyList<BuybackLeg> Legs, double UncoveredPerPercent)
{
    /// <summary>Premium paid, USD.</summary>
    public double CostUsd => Legs.Sum(l => l.CostUsd);

    /// <summary>Short dollar gamma removed, USD per 1%.</summary>
    public double GammaReducedPerPercent => Legs.Sum(l => l.GammaReducedPerPercent);
}

/// <summary>
/// A volatility-harvest breach's fix: buy back short options until short dollar gamma is within the budget, paying the
/// least premium. Buying back a fraction of a position removes that fraction of its gamma at that fraction of its
/// value, so taking positions by gamma per dollar, best first, is the cheapest (a fractional knapsack). Pure.
/// </summary>
public static class GammaBuyback
{
    /// <summary>Options are bought in steps of this size (oTokens carry 8 decimals; venues trade far coarser).</summary>
    public const double OptionStep = 1e-6;

    /// <summary>The plan removing at least <paramref name="excessPerPercent"/> USD/1% of short gamma.</summary>
    public static BuybackPlan Plan(IEnumerable<ShortOption> shorts, double excessPerPercent)
    {
        ArgumentNullException.ThrowIfNull(shorts);
        if (!(excessPerPercent >= 0) || double.IsInfinity(excessPerPercent)) throw new ArgumentOutOfRangeException(nameof(excessPerPercent), excessPerPercent, "the excess must be a non-negative number.");
        var legs = new List<BuybackLeg>();
        double remaining = excessPerPercent;
        var ranked = shorts.Where(s => s.Quantity < 0 && s.DollarGammaPerPercent < 0)
            .OrderByDescending(s => -s.DollarGammaPerPercent / Math.Max(Math.Abs(s.ValueUsd), 1e-12));
        foreach (var s in ranked)
        {
            if (remaining <= 0) break;
            double whole = -s.DollarGammaPerPercent, held = -s.Quantity;
            double options = Math.Min(held, Math.Ceiling(held * Math.Min(1, remaining / whole) / OptionStep) * OptionStep);
            double fraction = options / held;
            legs.Add(new BuybackLeg(s.Id, s.Description, options, fraction, whole * fraction, Math.Abs(s.ValueUsd) * fraction, -s.VegaPerVolPoint * fraction));
            remaining -= whole * fraction;
        }
        return new BuybackPlan(legs, Math.Max(0, remaining));
    }
}
