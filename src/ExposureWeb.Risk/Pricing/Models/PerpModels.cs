using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.Market;
using ExposureWeb.Risk.Protocols;

namespace ExposureWeb.Risk.Pricing.Models;

/// <summary>
/// A perp on its own: delta = signed size, marked at the oracle price. Isolated: value = margin + unrealised P&amp;L,
/// liquidation price by Hyperliquid's formula. Without isolated margin: value = unrealised P&amp;L and no liquidation
/// price (that needs the cross-margin account, <see cref="CrossMarginModel"/>).
/// </summary>
/// <remarks>
/// Margin held in an asset (<see cref="PerpPosition.Collateral"/>, quantity q of underlying C) is worth q·price(C) and
/// adds a delta of q on C (summed with the size when C is the index). Its liquidation price: when C is the index,
/// equity(p) = q·p + size·(p − entry) against l·|size|·p, solved exactly; otherwise the collateral's value at its
/// current price is the margin, as for USD margin.
/// </remarks>
public sealed class PerpModel : IPricingModel<PerpPosition>
{
    /// <inheritdoc />
    public string Name => "perp (mark to oracle)";

    internal static void Validate(PerpPosition p)
    {
        ModelSupport.RequireFinite(p.Size, "size");
        if (!(p.EntryPrice > 0) || double.IsInfinity(p.EntryPrice)) throw new ArgumentException($"entry price must be positive and finite (was {p.EntryPrice}).", nameof(p.EntryPrice));
        if (!(p.MaintenanceMarginRate >= 0 && p.MaintenanceMarginRate < 1)) throw new ArgumentException($"maintenance margin rate must be in [0, 1) (was {p.MaintenanceMarginRate}).", nameof(p.MaintenanceMarginRate));
        if (p.IsolatedMarginUsd is { } m && (!(m >= 0) || double.IsInfinity(m))) throw new ArgumentException($"isolated margin must be non-negative and finite (was {m}).", nameof(p.IsolatedMarginUsd));
        if (p.Collateral is { } c)
        {
            if (string.IsNullOrWhiteSpace(c.Underlying)) throw new ArgumentException("collateral underlying must be named.", "Collateral.Underlying");
            if (!(c.Quantity >= 0) || double.IsInfinity(c.Quantity)) throw new ArgumentException($"collateral quantity must be non-negative and finite (was {c.Quantity}).", "Collateral.Quantity");
        }
    }

    /// <inheritdoc />
    public PricingResult Value(PerpPosition instrument, MarketSnapshot market)
    {
        Validate(instrument);
        if (!market.TryGetPrice(instrument.Underlying, out double mark, out var quote, out string? problem)) return PricingResult.Unpriced(problem!);
        double pnl = PerpMath.UnrealizedPnl(instrument.Size, instrument.EntryPrice, mark);
        double maintenance = PerpMath.MaintenanceMargin(instrument.Size, mark, instrument.MaintenanceMarginRate);
        if (instrument.Collateral is { } collateral) return WithCollateral(instrument, collateral, market, mark, quote, pnl, maintenance);
        var liquidation = instrument.IsolatedMarginUsd is { } margin
            ? PerpMath.IsolatedLiquidationPrice(instrument.Underlying, instrument.Size, instrument.EntryPrice, mark, margin, instrument.MaintenanceMarginRate)
            : LiquidationPrice.Unreachable(instrument.Underlying, false, "cross-margin perp outside its account: the liquidation price needs the account.");
        return PricingResult.Priced(new Valuation(
            (instrument.IsolatedMarginUsd ?? 0) + pnl,
            [new Sensitivity(instrument.Underlying, Greeks.Linear(instrument.Size))],
            Name, new PerpDetail(mark, pnl, maintenance, liquidation), ModelSupport.FlagsFor(instrument.Underlying, quote)));
    }

    /// <summary>Isolated margin held in an asset: it moves with that asset's price.</summary>
    private PricingResult WithCollateral(PerpPosition instrument, PerpCollateral collateral, MarketSnapshot market, double mark,
        Exposure.PriceQuote? quote, double pnl, double maintenance)
    {
        bool sameAsset = string.Equals(collateral.Underlying, instrument.Underlying, StringComparison.OrdinalIgnoreCase);
        double q = collateral.Quantity;
        if (sameAsset)
        {
            // equity(p) = q·p + size·(p − entry) = −size·entry + (q + size)·p; liquidatable below l·|size|·p.
            var liquidation = instrument.Size == 0
                ? LiquidationPrice.Unreachable(instrument.Underlying, false, "no position.")
                : LiquidationPrice.FromLinear(instrument.Underlying, -instrument.Size * instrument.EntryPrice, q + instrument.Size,
                    0, instrument.MaintenanceMarginRate * Math.Abs(instrument.Size), mark);
            return PricingResult.Priced(new Valuation(
                q * mark + pnl,
                [new Sensitivity(instrument.Underlying, Greeks.Linear(instrument.Size + q))],
                Name, new PerpDetail(mark, pnl, maintenance, liquidation), ModelSupport.FlagsFor(instrument.Underlying, quote)));
        }

        if (!market.TryGetPrice(collateral.Underlying, out double collateralPrice, out var collateralQuote, out string? problem))
        {
            return PricingResult.Unpriced(problem!);
        }
        // Another asset: its value at the current price is the margin against moves of the index (others fixed).
        double margin = q * collateralPrice;
        var indexLiquidation = PerpMath.IsolatedLiquidationPrice(instrument.Underlying, instrument.Size, instrument.EntryPrice, mark, margin,
            instrument.MaintenanceMarginRate);
        var indexFlags = ModelSupport.FlagsFor(instrument.Underlying, quote);
        var collateralFlags = ModelSupport.FlagsFor(collateral.Underlying, collateralQuote);
        return PricingResult.Priced(new Valuation(
            margin + pnl,
            [new Sensitivity(instrument.Underlying, Greeks.Linear(instrument.Size)), new Sensitivity(collateral.Underlying, Greeks.Linear(q))],
            Name, new PerpDetail(mark, pnl, maintenance, indexLiquidation),
            indexFlags.Count == 0 ? collateralFlags : collateralFlags.Count == 0 ? indexFlags : [.. indexFlags, .. collateralFlags]));
    }
}

/// <summary>
/// A cross-margin account: value = collateral + Σ unrealised P&amp;L; liquidated when that falls below Σ l·|size|·mark.
/// The liquidation price of each underlying (others fixed) solves account value = maintenance margin — for a single
/// perp in an underlying this is Hyperliquid's cross formula, mark − side·(value − maintenance)/|size|/(1 − l·side).
/// </summary>
public sealed class CrossMarginModel : IPricingModel<CrossMarginAccount>
{
    /// <inheritdoc />
    public string Name => "perp cross margin";

    /// <inheritdoc />
    public PricingResult Value(CrossMarginAccount instrument, MarketSnapshot market)
    {
        ModelSupport.RequireFinite(instrument.CollateralUsd, "collateral");
        // Per underlying: mark, B = Σ size (equity slope), D = Σ l·|size| (requirement slope). Few underlyings per
        // account, so a list searched linearly.
        var legs = new List<(string Underlying, double Mark, double B, double D)>(instrument.Positions.Count);
        List<string>? flags = null;
        double value = instrument.CollateralUsd, maintenance = 0;
        foreach (var p in instrument.Positions)
        {
            PerpModel.Validate(p);
            int at = -1;
            for (int i = 0; i < legs.Count; i++)
            {
                if (string.Equals(legs[i].Underlying, p.Underlying, StringComparison.OrdinalIgnoreCase)) { at = i; break; }
            }
            if (at < 0)
            {
                if (!market.TryGetPrice(p.Underlying, out double m, out var quote, out string? problem)) return PricingResult.Unpriced(problem!);
                if (quote?.Issue is not null) (flags ??= []).AddRange(ModelSupport.FlagsFor(p.Underlying, quote));
                legs.Add((p.Underlying, m, 0, 0));
                at = legs.Count - 1;
            }
            double mark = legs[at].Mark;
            value += PerpMath.UnrealizedPnl(p.Size, p.EntryPrice, mark);
            maintenance += PerpMath.MaintenanceMargin(p.Size, mark, p.MaintenanceMarginRate);
            legs[at] = legs[at] with { B = legs[at].B + p.Size, D = legs[at].D + p.MaintenanceMarginRate * Math.Abs(p.Size) };
        }

        var liquidations = new LiquidationPrice[legs.Count];
        var sensitivities = new Sensitivity[legs.Count];
        for (int i = 0; i < legs.Count; i++)
        {
            var (underlying, mark, b, d) = legs[i];
            liquidations[i] = b == 0 && d == 0
                ? LiquidationPrice.Unreachable(underlying, value < maintenance, "no open size.")
                : LiquidationPrice.FromLinear(underlying, value - b * mark, b, maintenance - d * mark, d, mark);
            sensitivities[i] = new Sensitivity(underlying, Greeks.Linear(b));
        }
        return PricingResult.Priced(new Valuation(value, sensitivities, Name,
            new CrossMarginDetail(value, maintenance, liquidations), flags ?? (IReadOnlyList<string>)[]));
    }
}
