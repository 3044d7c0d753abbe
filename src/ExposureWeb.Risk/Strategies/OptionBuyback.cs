namespace ExposureWeb.Risk.Strategies;

/// <summary>A short option position whose buy-back lowers short gamma and short vega.</summary>
/// <param name="Id">The position's id.</param>
/// <param name="Description">What it is, in words.</param>
/// <param name="Quantity">Options held, negative (short).</param>
/// <param name="DollarGammaPerPercent">The whole position's dollar gamma per 1%, USD (negative for a short option).</param>
/// <param name="ValueUsd">The whole position's value at the model price, USD, negative (what buying all of it back costs).</param>
/// <param name="VegaPerVolPoint">The whole position's vega per vol point, USD (negative for a short option).</param>
public sealed record ShortOption(string Id, string Description, double Quantity, double DollarGammaPerPercent, double ValueUsd, double VegaPerVolPoint);

/// <summary>The Greek a buy-back is sized on.</summary>
public enum BuybackGreek
{
    /// <summary>Dollar gamma per 1% move.</summary>
    DollarGamma,

    /// <summary>Vega per volatility point.</summary>
    Vega,
}

/// <summary>Part of one short position bought back.</summary>
/// <param name="Id">The position's id.</param>
/// <param name="Description">What it is.</param>
/// <param name="Options">Options bought back, positive.</param>
/// <param name="Fraction">Of the position, in (0, 1].</param>
/// <param name="CostUsd">Premium paid at the model price, USD.</param>
/// <param name="GammaChangePerPercent">Change of dollar gamma, USD per 1% (positive: less short gamma).</param>
/// <param name="VegaChangePerVolPoint">Change of vega, USD per vol point (positive: less short vega).</param>
public sealed record BuybackLeg(string Id, string Description, double Options, double Fraction, double CostUsd, double GammaChangePerPercent, double VegaChangePerVolPoint);

/// <summary>The buy-backs that bring a short Greek within a limit, and what no short option can cover.</summary>
/// <param name="Greek">What was sized.</param>
/// <param name="Legs">Cheapest first.</param>
/// <param name="Uncovered">Excess left when every short option is bought back (0 when covered), in the Greek's unit.</param>
public sealed record BuybackPlan(BuybackGreek Greek, IReadOnlyList<BuybackLeg> Legs, double Uncovered)
{
    /// <summary>Premium paid, USD.</summary>
    public double CostUsd => Legs.Sum(l => l.CostUsd);

    /// <summary>Change of dollar gamma, USD per 1%.</summary>
    public double GammaChangePerPercent => Legs.Sum(l => l.GammaChangePerPercent);

    /// <summary>Change of vega, USD per vol point.</summary>
    public double VegaChangePerVolPoint => Legs.Sum(l => l.VegaChangePerVolPoint);

    /// <summary>How much of the sized Greek's short side was removed, in its unit.</summary>
    public double Reduced => Greek == BuybackGreek.DollarGamma ? GammaChangePerPercent : VegaChangePerVolPoint;
}

/// <summary>
/// Fixes for a short-Greek limit (a gamma or vega cap, a volatility-harvest budget): buy back short options until the
/// short side is within the limit, paying the least premium. Buying back a fraction of a position removes that fraction of
/// its Greek at that fraction of its value, so taking positions by Greek per dollar, best first, is the cheapest (a
/// fractional knapsack). Pure.
/// </summary>
public static class OptionBuyback
{
    /// <summary>Options are bought in steps of this size (oTokens carry 8 decimals; venues trade far coarser).</summary>
    public const double OptionStep = 1e-6;

    /// <summary>The plan removing at least <paramref name="excess"/> of short <paramref name="greek"/> (USD per 1% or per vol point).</summary>
    public static BuybackPlan Plan(IEnumerable<ShortOption> shorts, double excess, BuybackGreek greek = BuybackGreek.DollarGamma)
    {
        ArgumentNullException.ThrowIfNull(shorts);
        if (!(excess >= 0) || double.IsInfinity(excess)) throw new ArgumentOutOfRangeException(nameof(excess), excess, "the excess must be a non-negative number.");
        Func<ShortOption, double> measure = greek == BuybackGreek.DollarGamma ? s => s.DollarGammaPerPercent : s => s.VegaPerVolPoint;
        var legs = new List<BuybackLeg>();
        double remaining = excess;
        var ranked = shorts.Where(s => s.Quantity < 0 && measure(s) < 0)
            .OrderByDescending(s => -measure(s) / Math.Max(Math.Abs(s.ValueUsd), 1e-12));
        foreach (var s in ranked)
        {
            if (remaining <= 0) break;
            double whole = -measure(s), held = -s.Quantity;
            double options = Math.Min(held, Math.Ceiling(held * Math.Min(1, remaining / whole) / OptionStep) * OptionStep);
            double fraction = options / held;
            legs.Add(new BuybackLeg(s.Id, s.Description, options, fraction, Math.Abs(s.ValueUsd) * fraction, -s.DollarGammaPerPercent * fraction, -s.VegaPerVolPoint * fraction));
            remaining -= whole * fraction;
        }
        return new BuybackPlan(greek, legs, Math.Max(0, remaining));
    }
}
