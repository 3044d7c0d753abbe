using System.Globalization;

namespace ExposureWeb.Risk.Strategies;

/// <summary>One underlying's net figures as the evaluator needs them.</summary>
/// <param name="Underlying">Unit of netting.</param>
/// <param name="Quantity">Net delta, units of the underlying.</param>
/// <param name="PriceUsd">Oracle price; null when unusable (a USD band cannot then be evaluated).</param>
/// <param name="DollarGammaPerPercent">Γ·S²·1%, USD; null without a price.</param>
public sealed record UnderlyingFigures(string Underlying, double Quantity, double? PriceUsd, double? DollarGammaPerPercent);

/// <summary>A portfolio's figures at one block, as strategies read them (built from the engine's snapshot).</summary>
/// <param name="Underlyings">Per underlying.</param>
/// <param name="MinHealthFactor">Lowest health factor of its Aave accounts; null without any.</param>
/// <param name="NetDollarGammaPerPercent">Σ dollar gamma per 1% move, USD.</param>
/// <param name="NetVegaPerVolPoint">Σ vega per vol point, USD.</param>
/// <param name="LpInRange">Per Uniswap v3 position: true in range, false out of range.</param>
public sealed record StrategyFigures(
    IReadOnlyList<UnderlyingFigures> Underlyings, double? MinHealthFactor, double NetDollarGammaPerPercent, double NetVegaPerVolPoint,
    IReadOnlyList<bool> LpInRange);

/// <summary>A strategy's verdict at one block.</summary>
/// <param name="Breached">True when the figure is outside its limit.</param>
/// <param name="Value">The figure checked, in <paramref name="Unit"/>; null when it could not be evaluated.</param>
/// <param name="Distance">
/// How far the figure is from the limit that matters, in <paramref name="Unit"/>, never negative: within the limit, the room
/// left to the nearest limit; breached, how far beyond it.
/// </param>
/// <param name="Unit">ETH, USD, HF …</param>
/// <param name="Text">The verdict in words.</param>
public sealed record StrategyVerdict(bool Breached, double? Value, double? Distance, string Unit, string Text)
{
    /// <summary>Not evaluated, with the reason.</summary>
    public static StrategyVerdict Unknown(string why) => new(false, null, null, "", why);
}

/// <summary>Whether a strategy holds at one block. Pure and cheap: the engine runs it on every recompute.</summary>
public static class StrategyEvaluator
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The verdict of <paramref name="definition"/> on <paramref name="figures"/>.</summary>
    public static StrategyVerdict Evaluate(StrategyDefinition definition, StrategyFigures figures)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(figures);
        return definition switch
        {
            DeltaBandDefinition d => DeltaBand(d, figures),
            HealthFactorFloorDefinition h => HealthFloor(h, figures),
            GammaCapDefinition g => Cap(g.ShortOnly ? -figures.NetDollarGammaPerPercent : Math.Abs(figures.NetDollarGammaPerPercent), g.MaxDollarGammaPerPercent,
                figures.NetDollarGammaPerPercent, "USD/1%", g.ShortOnly ? "short dollar gamma" : "|dollar gamma|"),
            VegaCapDefinition v => Cap(v.ShortOnly ? -figures.NetVegaPerVolPoint : Math.Abs(figures.NetVegaPerVolPoint), v.MaxVegaPerVolPoint,
                figures.NetVegaPerVolPoint, "USD/vol pt", v.ShortOnly ? "short vega" : "|vega|"),
            VolatilityHarvestDefinition vh => Harvest(vh, figures),
            LpRangeDefinition lp => LpRange(lp, figures),
            _ => StrategyVerdict.Unknown("not evaluated"),
        };
    }

    /// <summary>Net delta of the band's underlying in the band's unit; null when it cannot be expressed (USD without a price).</summary>
    public static double? BandValue(DeltaBandDefinition d, StrategyFigures figures)
    {
        var row = figures.Underlyings.FirstOrDefault(u => string.Equals(u.Underlying, d.Underlying, StringComparison.OrdinalIgnoreCase));
        var quantity = row?.Quantity ?? 0; // no exposure to it at all is a delta of 0
        if (d.Unit == BandUnit.Units) return quantity;
        return row?.PriceUsd is { } p ? quantity * p : quantity == 0 ? 0 : null;
    }

    private static StrategyVerdict DeltaBand(DeltaBandDefinition d, StrategyFigures figures)
    {
        var unit = d.Unit == BandUnit.Usd ? "USD" : d.Underlying.ToUpperInvariant();
        if (BandValue(d, figures) is not { } value) return StrategyVerdict.Unknown($"no usable {d.Underlying} price: the USD band is not evaluated");
        if (value < d.Low) return new(true, value, d.Low - value, unit, $"net delta {F(value)} {unit} is {F(d.Low - value)} below the band [{F(d.Low)}, {F(d.High)}]");
        if (value > d.High) return new(true, value, value - d.High, unit, $"net delta {F(value)} {unit} is {F(value - d.High)} above the band [{F(d.Low)}, {F(d.High)}]");
        var room = Math.Min(value - d.Low, d.High - value);
        return new(false, value, room, unit, $"net delta {F(value)} {unit} within [{F(d.Low)}, {F(d.High)}], {F(room)} from the nearest limit");
    }

    private static StrategyVerdict HealthFloor(HealthFactorFloorDefinition h, StrategyFigures figures)
    {
        if (figures.MinHealthFactor is not { } hf) return new(false, null, null, "HF", "no borrowing account: nothing to keep above the floor");
        if (double.IsPositiveInfinity(hf)) return new(false, hf, null, "HF", "no debt: the health factor is unbounded");
        return hf < h.Floor
            ? new(true, hf, h.Floor - hf, "HF", $"health factor {F(hf)} is below the floor {F(h.Floor)}")
            : new(false, hf, hf - h.Floor, "HF", $"health factor {F(hf)} is {F(hf - h.Floor)} above the floor {F(h.Floor)}");
    }

    private static StrategyVerdict Cap(double measured, double cap, double value, string unit, string what) =>
        measured > cap
            ? new(true, value, measured - cap, unit, $"{what} {F(measured)} {unit} exceeds the cap {F(cap)} by {F(measured - cap)}")
            : new(false, value, cap - Math.Max(measured, 0), unit, $"{what} {F(Math.Max(measured, 0))} {unit} within the cap {F(cap)}");

    private static StrategyVerdict Harvest(VolatilityHarvestDefinition vh, StrategyFigures figures)
    {
        var gamma = figures.Underlyings.FirstOrDefault(u => string.Equals(u.Underlying, vh.Underlying, StringComparison.OrdinalIgnoreCase))?.DollarGammaPerPercent ?? 0;
        return Cap(-gamma, vh.GammaBudgetPerPercent, gamma, "USD/1%", $"short {vh.Underlying} dollar gamma");
    }

    private static StrategyVerdict LpRange(LpRangeDefinition lp, StrategyFigures figures)
    {
        var outside = figures.LpInRange.Count(r => !r);
        return outside > lp.MaxOutOfRange
            ? new(true, outside, outside - lp.MaxOutOfRange, "positions", $"{outside} of {figures.LpInRange.Count} LP positions out of range (at most {lp.MaxOutOfRange})")
            : new(false, outside, lp.MaxOutOfRange - outside, "positions", $"{outside} of {figures.LpInRange.Count} LP positions out of range");
    }

    private static string F(double v) => v.ToString("#,0.####", Invariant);
}
