using System.Globalization;
using System.Numerics;
using ExposureWeb.Chain.Adapters;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Protocols.Aave;
using ExposureWeb.Risk.Governance;
using ExposureWeb.Risk.Strategies;

namespace ExposureWeb.Engine.Strategies;

// The health floor's third fix: move part of a collateral into one with a higher liquidation threshold through a
// Uniswap v3 pool (withdraw → approve → exactInputSingle → approve → supply), for when the wallet holds nothing to repay
// or supply, or when that is cheaper.
public sealed partial class StrategyProposals
{
    /// <summary>The lowest health factor the account may pass through between the withdrawal and the supply.</summary>
    /// <remarks>Aave refuses a withdrawal that leaves it below 1; the margin covers prices and interest moving before the wallet's transactions land.</remarks>
    public const double SwapWithdrawFloor = 1.02;

    /// <summary>The fee tiers tried for a collateral pair, the pool quoting the most for the size wins.</summary>
    private static readonly int[] SwapFeeTiers = [100, 500, 3000, 10_000];

    // The quoter's rate falls as the size grows: re-size at the last quote's rate until it holds, at most this often.
    private const int SwapSizingRounds = 8;

    private const string SwapAction = "swap collateral";

    private async Task<List<FixCandidate>> CollateralSwapsAsync(Context c, PortfolioPositions positions, IReadOnlyList<AaveAccountLeg> legs, Address owner,
        BigInteger target, double? usdPerGas, CancellationToken ct)
    {
        var found = new List<FixCandidate>();
        var uniswap = c.Chain.UniswapV3;
        if (uniswap?.Quoter is null || uniswap.SwapRouter is null) return found;
        var pool = Address.Parse(c.Chain.AaveV3!.Pool);
        var collaterals = legs.Where(l => l.UsedAsCollateral && !l.Supplied.IsZero && l.LiquidationThreshold != 0).ToList();
        var zeroLtv = collaterals.Where(l => l.Ltv == 0).Select(l => SymbolOf(c.Chain, positions, l.Asset)).ToList();
        foreach (var from in collaterals)
        {
            foreach (var reserve in positions.AaveReserves)
            {
                var config = reserve.Configuration;
                var asset = reserve.Asset.ToString();
                if (config.LiquidationThreshold <= from.LiquidationThreshold || !config.Active || config.Frozen || config.Paused || reserve.Price is not { } price) continue;
                var existing = legs.FirstOrDefault(l => string.Equals(l.Asset, asset, StringComparison.OrdinalIgnoreCase));
                var newLeg = existing == default ? new AaveAccountLeg(asset, 0, 0, config.Decimals, price, config.Ltv, config.LiquidationThreshold, config.Ltv != 0) : (AaveAccountLeg?)null;
                if (!(newLeg ?? existing).UsedAsCollateral) continue;
                var tokenIn = new SwapToken(Address.Parse(from.Asset), SymbolOf(c.Chain, positions, from.Asset), from.Decimals);
                var tokenOut = new SwapToken(reserve.Asset, reserve.Symbol ?? asset, config.Decimals);
                found.Add(await CollateralSwapAsync(c, uniswap, pool, legs, from, newLeg, tokenIn, tokenOut, owner, target, usdPerGas, zeroLtv, ct).ConfigureAwait(false));
            }
        }
        return found;
    }

    private static async Task<FixCandidate> CollateralSwapAsync(Context c, Chain.Profiles.UniswapV3Profile uniswap, Address pool, IReadOnlyList<AaveAccountLeg> legs,
        AaveAccountLeg from, AaveAccountLeg? newLeg, SwapToken tokenIn, SwapToken tokenOut, Address owner, BigInteger target, double? usdPerGas,
        IReadOnlyList<string> zeroLtv, CancellationToken ct)
    {
        FixCandidate Refused(string why, QuotedSwap? at = null) => new(new FixOption(SwapAction, tokenIn.Symbol, at?.AmountIn.ToString(CultureInfo.InvariantCulture) ?? "",
            at is null ? 0 : FromBase(at.AmountIn, tokenIn.Decimals), at is null ? 0 : ValueUsd(at.AmountIn, from), null, false, why, IntoToken: tokenOut.Symbol,
            Quote: at?.Describe(PriceUsd(from))), []);

        if (from.Ltv != 0 && zeroLtv.Count > 0)
        {
            return Refused($"Aave refuses to withdraw {tokenIn.Symbol} while the account holds a collateral with LTV 0 ({string.Join(", ", zeroLtv)}): withdraw or swap that one first");
        }
        // A first size at the oracles' rate, fee and slippage aside: the quote's rate at a size is never better.
        var oracle = HedgeSizing.CollateralSwapToReach(legs, from.Asset, tokenOut.Address.ToString(), target,
            from.Price * BigInteger.Pow(10, tokenOut.Decimals), (newLeg ?? legs.First(l => string.Equals(l.Asset, tokenOut.Address.ToString(), StringComparison.OrdinalIgnoreCase))).Price * BigInteger.Pow(10, from.Decimals), newLeg);
        if (oracle is not { } first || first.IsZero) return Refused($"swapping all the {tokenIn.Symbol} into {tokenOut.Symbol}, even at the oracles' prices, falls short of the target");

        var quoter = Address.Parse(uniswap.Quoter!);
        QuotedSwap? swap = null;
        foreach (var fee in SwapFeeTiers)
        {
            var pair = await PoolOfAsync(c, uniswap, tokenIn, tokenOut, fee, ct).ConfigureAwait(false);
            if (pair == Address.Zero) continue;
            var mid = await MidOfAsync(c, pair, tokenIn, tokenOut, ct).ConfigureAwait(false);
            var quoted = await QuoteAsync(c, quoter, pair, fee, tokenIn, tokenOut, mid, first, ct).ConfigureAwait(false);
            if (swap is null || quoted.Quote.AmountOut > swap.Quote.AmountOut) swap = quoted;
        }
        if (swap is null) return Refused($"no Uniswap v3 pool of {tokenIn.Symbol}/{tokenOut.Symbol} at fee tiers {string.Join(", ", SwapFeeTiers.Select(f => $"{f / 10_000.0:0.##}%"))}");

        // The account is sized with the swap's minimum supplied: the transactions guarantee it, whatever the fill.
        BigInteger HfWith(QuotedSwap s) => AaveAccountFormula.Compute(HedgeSizing.WithSwapped(legs, from.Asset, tokenOut.Address.ToString(), s.AmountIn, s.Minimum, newLeg)!).HealthFactorWad;
        for (int round = 0; HfWith(swap) < target; round++)
        {
            if (round == SwapSizingRounds || swap.Minimum.IsZero) return Refused("the pool's slippage grows faster than the higher liquidation threshold gains", swap);
            var next = HedgeSizing.CollateralSwapToReach(legs, from.Asset, tokenOut.Address.ToString(), target, swap.Minimum, swap.AmountIn, newLeg);
            if (next is not { } size) return Refused($"at the pool's rate (fee and slippage included), swapping all the {tokenIn.Symbol} falls short of the target", swap);
            // Rounding can ask for the size just quoted: step past it.
            if (size <= swap.AmountIn) size = BigInteger.Min(from.Supplied, swap.AmountIn + BigInteger.Max(1, swap.AmountIn / 100_000));
            swap = await QuoteAsync(c, quoter, swap.Pool, swap.Fee, tokenIn, tokenOut, swap.Mid, size, ct).ConfigureAwait(false);
        }

        var between = HedgeSizing.HealthFactorAfterWithdraw(legs, from.Asset, swap.AmountIn);
        var betweenHf = (double)between / 1e18;
        if (between < HedgeSizing.Wad(SwapWithdrawFloor))
        {
            return Refused($"withdrawing {FromBase(swap.AmountIn, tokenIn.Decimals):0.######} {tokenIn.Symbol} first would leave a health factor of {betweenHf:0.####} "
                + $"before the {tokenOut.Symbol} is supplied, below {SwapWithdrawFloor} (Aave refuses a withdrawal under 1): repay or add collateral instead", swap);
        }

        var transactions = new List<UnsignedTransaction>();
        var inUnits = FromBase(swap.AmountIn, tokenIn.Decimals);
        var outMinimum = FromBase(swap.Minimum, tokenOut.Decimals);
        transactions.Add(Tx($"withdraw {inUnits:0.######} {tokenIn.Symbol} from Aave", owner, pool,
            new WithdrawFunction { Asset = tokenIn.Address.ToString(), Amount = swap.AmountIn, To = owner.ToString() }, AaveWithdrawGas));
        transactions.AddRange((await SwapTransactionsAsync(c, owner, Address.Parse(uniswap.SwapRouter!), swap, ct).ConfigureAwait(false)).Transactions);
        await ApproveIfShortAsync(c, transactions, tokenOut.Address, owner, pool, "Aave Pool", swap.Minimum, $"{outMinimum:0.######} {tokenOut.Symbol}", ct).ConfigureAwait(false);
        transactions.Add(Tx($"supply {outMinimum:0.######} {tokenOut.Symbol} as collateral", owner, pool,
            new SupplyFunction { Asset = tokenOut.Address.ToString(), Amount = swap.Minimum, OnBehalfOf = owner.ToString() }, SupplyGas));

        var quote = swap.Describe(PriceUsd(from));
        var gas = GasOf(transactions);
        var cost = usdPerGas is { } perGas ? perGas * gas + (quote.SlippageUsd ?? 0) : quote.SlippageUsd;
        var after = AaveAccountFormula.Compute(HedgeSizing.WithSwapped(legs, from.Asset, tokenOut.Address.ToString(), swap.AmountIn, swap.Minimum, newLeg)!).HealthFactor;
        return new FixCandidate(new FixOption(SwapAction, tokenIn.Symbol, swap.AmountIn.ToString(CultureInfo.InvariantCulture), inUnits, ValueUsd(swap.AmountIn, from),
            after, false, null, cost, gas, tokenOut.Symbol, quote, betweenHf), transactions);
    }

    /// <summary>A reserve's USD price per whole token at the Aave oracle (8-decimal USD base currency).</summary>
    private static double PriceUsd(AaveAccountLeg leg) => (double)leg.Price / 1e8;
}
