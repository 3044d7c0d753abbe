namespace ExposureWeb.Risk.Protocols;

/// <summary>Which way the price of an asset must move for a position to become liquidatable.</summary>
public enum LiquidationDirection
{
    /// <summary>No price of this asset (others fixed) makes the position liquidatable.</summary>
    None,

    /// <summary>Liquidatable once the price is strictly below <see cref="LiquidationPrice.Price"/> (collateral, long perps).</summary>
    PriceFalls,

    /// <summary>Liquidatable once the price is strictly above <see cref="LiquidationPrice.Price"/> (debt, short perps).</summary>
    PriceRises,
}

/// <summary>The price of one asset at which a position crosses into liquidation, all other prices fixed.</summary>
/// <param name="Underlying">The asset whose price moves.</param>
/// <param name="Price">USD per unit at the boundary (health factor exactly 1 / equity equal to maintenance margin); null when unreachable.</param>
/// <param name="Direction">Which side of <paramref name="Price"/> is liquidatable.</param>
/// <param name="LiquidatableNow">True when the position is already past the boundary at current prices.</param>
/// <param name="Note">Why there is no price, or other context for the user; null when none is needed.</param>
public readonly record struct LiquidationPrice(string Underlying, double? Price, LiquidationDirection Direction, bool LiquidatableNow, string? Note = null)
{
    // Notes are constants (the asset is in Underlying): liquidation prices are recomputed for every account on every
    // block, and formatting a sentence each time would cost more than the maths.
    internal const string FallToZero = "the price would have to fall to zero or below.";

    /// <summary>A boundary that no positive price of <paramref name="underlying"/> reaches.</summary>
    public static LiquidationPrice Unreachable(string underlying, bool liquidatableNow, string note) =>
        new(underlying, null, LiquidationDirection.None, liquidatableNow, note);

    /// <summary>
    /// The boundary of a position whose margin, as a function of this price p, is a + b·p against a requirement c + d·p
    /// (liquidatable when a + b·p &lt; c + d·p). Shared by lending (health factor) and cross-margin perps.
    /// </summary>
    internal static LiquidationPrice FromLinear(string underlying, double a, double b, double c, double d, double currentPrice)
    {
        bool now = a + b * currentPrice < c + d * currentPrice;
        double slope = b - d;
        if (slope == 0)
        {
            return Unreachable(underlying, now, now
                ? "liquidatable at any price of this asset: it moves both sides equally."
                : "no price of this asset changes the margin: it moves both sides equally.");
        }
        if (a == c)
        {
            // Margin and requirement are both proportional to this price: their ratio never changes with it.
            return Unreachable(underlying, now, now
                ? "liquidatable at any price of this asset: the health does not depend on it."
                : "no price of this asset changes the health: both sides scale with it.");
        }
        double boundary = (c - a) / slope;
        var direction = slope > 0 ? LiquidationDirection.PriceFalls : LiquidationDirection.PriceRises;
        if (boundary <= 0 || !double.IsFinite(boundary))
        {
            // Falling side: needs a non-positive price, never reached. Rising side: every positive price is past it.
            return direction == LiquidationDirection.PriceFalls
                ? Unreachable(underlying, now, FallToZero)
                : Unreachable(underlying, now, "liquidatable at any price of this asset.");
        }
        return new LiquidationPrice(underlying, boundary, direction, now);
    }
}
