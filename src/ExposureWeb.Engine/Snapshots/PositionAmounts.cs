using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.Protocols;

namespace ExposureWeb.Engine.Snapshots;

/// <summary>The token amounts a position holds, read off its instrument (see <see cref="PositionRow.Amounts"/>).</summary>
public static class PositionAmounts
{
    /// <summary>The amounts of <paramref name="instrument"/>; empty for instruments whose description already says it (options, perps).</summary>
    public static IReadOnlyList<PositionAmount> Of(IInstrument? instrument) => instrument switch
    {
        LendingAccount account =>
        [
            .. account.Supplies.Select(s => new PositionAmount(PositionAmount.Supplied, s.Symbol, s.Quantity)),
            .. account.Debts.Select(d => new PositionAmount(PositionAmount.Borrowed, d.Symbol, d.Quantity)),
        ],
        UniswapV3Position lp => Uniswap(lp),
        SpotHolding spot => [new PositionAmount(PositionAmount.Held, spot.Symbol, spot.Quantity)],
        _ => [],
    };

    private static IReadOnlyList<PositionAmount> Uniswap(UniswapV3Position lp)
    {
        if (lp.PoolRawPrice is not { } raw || !(raw > 0)) return [];
        var amounts = UniswapV3Math.Amounts(lp.Liquidity, Math.Sqrt(raw), UniswapV3Math.TickToSqrtPrice(lp.TickLower), UniswapV3Math.TickToSqrtPrice(lp.TickUpper));
        return
        [
            new PositionAmount(PositionAmount.Principal, lp.Underlying0, amounts.Amount0 / Math.Pow(10, lp.Decimals0)),
            new PositionAmount(PositionAmount.Principal, lp.Underlying1, amounts.Amount1 / Math.Pow(10, lp.Decimals1)),
            new PositionAmount(PositionAmount.Fees, lp.Underlying0, lp.FeesOwed0),
            new PositionAmount(PositionAmount.Fees, lp.Underlying1, lp.FeesOwed1),
        ];
    }
}
