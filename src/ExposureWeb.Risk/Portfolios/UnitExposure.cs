using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.Pricing.Models;
using ExposureWeb.Risk.Protocols;

namespace ExposureWeb.Risk.Portfolios;

/// <summary>
/// What a position holds in units of each underlying when nothing can price it: a quantity needs no price. Linear
/// instruments (spot, manual, lending, perps) hold exactly their amounts; a Uniswap range holds its amounts at the pool's
/// own price; an option's delta depends on the price, so it has none here.
/// </summary>
public static class UnitExposure
{
    /// <summary>Units per underlying (signed, debts negative), or null when the position's delta needs a price.</summary>
    public static IReadOnlyList<(string Underlying, double Units)>? Of(IInstrument instrument) => instrument switch
    {
        SpotHolding s => [(s.Underlying, s.Quantity)],
        ManualPosition m => [(m.Underlying, m.Quantity)],
        LendingAccount l => [.. l.Supplies.Select(s => (s.Underlying, s.Quantity)), .. l.Debts.Select(d => (d.Underlying, -d.Quantity))],
        PerpPosition p => p.Collateral is { } c ? [(p.Underlying, p.Size), (c.Underlying, c.Quantity)] : [(p.Underlying, p.Size)],
        CrossMarginAccount c => [.. c.Positions.Select(p => (p.Underlying, p.Size))],
        UniswapV3Position u when u.PoolRawPrice is { } raw => Liquidity(u, raw),
        _ => null,
    };

    /// <summary>
    /// True when the position's gamma, vega and theta are zero whatever the prices (spot, manual, lending, perps): leaving
    /// it out of the Greeks totals for want of a price leaves them whole.
    /// </summary>
    public static bool IsLinear(IInstrument instrument) =>
        instrument is SpotHolding or ManualPosition or LendingAccount or PerpPosition or CrossMarginAccount;

    /// <summary>Every underlying the position's value depends on, in the order its terms name them.</summary>
    public static IReadOnlyList<string> Underlyings(IInstrument instrument) => instrument switch
    {
        SpotHolding s => [s.Underlying],
        EuropeanOption o => [o.Underlying],
        ManualPosition m => [m.Underlying],
        PerpPosition p => p.Collateral is { } c ? [p.Underlying, c.Underlying] : [p.Underlying],
        UniswapV3Position u => [u.Underlying0, u.Underlying1],
        LendingAccount l => [.. l.Supplies.Select(s => s.Underlying).Concat(l.Debts.Select(d => d.Underlying)).Distinct(StringComparer.OrdinalIgnoreCase)],
        CrossMarginAccount c => [.. c.Positions.Select(p => p.Underlying).Distinct(StringComparer.OrdinalIgnoreCase)],
        _ => [],
    };

    private static (string, double)[] Liquidity(UniswapV3Position u, double raw)
    {
        var price = UniswapV3Math.HumanPrice(raw, u.Decimals0, u.Decimals1);
        var liquidity = UniswapV3Math.HumanLiquidity(u.Liquidity, u.Decimals0, u.Decimals1);
        var amounts = UniswapV3Math.Amounts(liquidity, Math.Sqrt(price),
            UniswapV3Model.HumanSqrtPriceAtTick(u.TickLower, u.Decimals0, u.Decimals1), UniswapV3Model.HumanSqrtPriceAtTick(u.TickUpper, u.Decimals0, u.Decimals1));
        return [(u.Underlying0, amounts.Amount0 + u.FeesOwed0), (u.Underlying1, amounts.Amount1 + u.FeesOwed1)];
    }
}
