namespace ExposureWeb.Risk.Protocols;

/// <summary>
/// Perpetual-futures maths: P&amp;L, maintenance margin and liquidation prices (Hyperliquid's published formula).
/// </summary>
/// <remarks>
/// Sizes are signed in units of the index asset (long &gt; 0). The maintenance margin rate l is the fraction of
/// notional that must remain as equity (Hyperliquid: l = 1 / maintenance leverage, half the initial margin at
/// maximum leverage). A position is liquidated when its equity falls strictly below l·|size|·mark. With
/// side = ±1 and margin_available = equity − maintenance margin at the mark, the liquidation price is
/// liq = mark − side·margin_available / |size| / (1 − l·side); for isolated margin this equals
/// (entry − side·margin/|size|) / (1 − l·side), independent of the mark.
/// </remarks>
public static class PerpMath
{
    /// <summary>Unrealised P&amp;L in USD: size·(mark − entry).</summary>
    public static double UnrealizedPnl(double size, double entryPrice, double markPrice) => size * (markPrice - entryPrice);

    /// <summary>Maintenance margin in USD: l·|size|·mark.</summary>
    public static double MaintenanceMargin(double size, double markPrice, double maintenanceMarginRate) =>
        maintenanceMarginRate * Math.Abs(size) * markPrice;

    /// <summary>
    /// Liquidation price from the margin available above maintenance (Hyperliquid's formula). Use the isolated
    /// margin plus unrealised P&amp;L as equity for isolated positions, the account value for cross margin.
    /// </summary>
    /// <param name="underlying">Index asset, for the result.</param>
    /// <param name="size">Signed size in the index asset; zero has no liquidation price.</param>
    /// <param name="markPrice">Current mark price, USD.</param>
    /// <param name="marginAvailable">Equity minus total maintenance margin at the mark, USD (negative: liquidatable now).</param>
    /// <param name="maintenanceMarginRate">l in [0, 1).</param>
    public static LiquidationPrice LiquidationPrice(string underlying, double size, double markPrice, double marginAvailable, double maintenanceMarginRate)
    {
        if (!(maintenanceMarginRate >= 0 && maintenanceMarginRate < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(maintenanceMarginRate), maintenanceMarginRate, "maintenance margin rate must be in [0, 1).");
        }
        if (!(markPrice > 0) || double.IsInfinity(markPrice)) throw new ArgumentException($"mark price must be positive and finite (was {markPrice}).", nameof(markPrice));
        if (!double.IsFinite(size)) throw new ArgumentException($"size must be finite (was {size}).", nameof(size));
        if (!double.IsFinite(marginAvailable)) throw new ArgumentException($"margin available must be finite (was {marginAvailable}).", nameof(marginAvailable));
        if (size == 0)
        {
            return Protocols.LiquidationPrice.Unreachable(underlying, false, "no position.");
        }

        double side = Math.Sign(size);
        double liq = markPrice - side * marginAvailable / Math.Abs(size) / (1 - maintenanceMarginRate * side);
        bool now = marginAvailable < 0;
        var direction = side > 0 ? LiquidationDirection.PriceFalls : LiquidationDirection.PriceRises;
        if (liq <= 0)
        {
            // A long whose margin covers the whole notional cannot be liquidated by any positive price.
            return Protocols.LiquidationPrice.Unreachable(underlying, now, Protocols.LiquidationPrice.FallToZero);
        }
        return new LiquidationPrice(underlying, liq, direction, now);
    }

    /// <summary>Isolated-margin liquidation price: equity = margin + unrealised P&amp;L.</summary>
    /// <param name="underlying">Index asset.</param>
    /// <param name="size">Signed size in the index asset.</param>
    /// <param name="entryPrice">Average entry price, USD.</param>
    /// <param name="markPrice">Current mark price, USD.</param>
    /// <param name="isolatedMargin">Margin allocated to the position, USD.</param>
    /// <param name="maintenanceMarginRate">l in [0, 1).</param>
    public static LiquidationPrice IsolatedLiquidationPrice(string underlying, double size, double entryPrice, double markPrice,
        double isolatedMargin, double maintenanceMarginRate)
    {
        double equity = isolatedMargin + UnrealizedPnl(size, entryPrice, markPrice);
        double available = equity - MaintenanceMargin(size, markPrice, maintenanceMarginRate);
        return LiquidationPrice(underlying, size, markPrice, available, maintenanceMarginRate);
    }
}
