using System.Globalization;
using System.Numerics;
using ExposureWeb.Chain.Adapters;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Protocols.UniswapV3;
using ExposureWeb.Risk;
using ExposureWeb.Risk.Exposure;
using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.Market;
using ExposureWeb.Risk.Pricing.Models;
using ExposureWeb.Risk.Protocols;
using ExposureWeb.Risk.Strategies;
using Nethereum.Contracts;
using ExposureWeb.Engine.Snapshots;

namespace ExposureWeb.Engine.Strategies;

// The LP range policy's proposal: the largest position out of range is moved back around the price.
public sealed partial class StrategyProposals
{
    // Typical gas: decreaseLiquidity + collect + burn in one multicall; a mint into an initialised pool.
    private const long WithdrawGas = 300_000, MintGas = 550_000;

    /// <summary>Quote rounds at most, solving the swap for the range's ratio at the price the swap itself leaves.</summary>
    private const int RatioRounds = 5;

    /// <summary>
    /// Withdraw the largest out-of-range position (decreaseLiquidity, collect, burn: one multicall), swap the one-sided
    /// amounts into the ratio a range of the same width around the pool's price takes (quoted by QuoterV2, solved again
    /// at the price the swap leaves), and mint that range. One position per proposal: after it lands, the next block's
    /// verdict says whether another must move.
    /// </summary>
    private async Task<StrategyProposal> LpRangeAsync(Context c, LpRangeDefinition lp, CancellationToken ct)
    {
        var uniswap = c.Chain.UniswapV3 ?? throw new InvalidOperationException($"chain {c.Chain.Name} has no Uniswap v3");
        if (uniswap.Quoter is null || uniswap.SwapRouter is null) return Empty(c, "Uniswap v3", "the chain profile names no QuoterV2 or SwapRouter", "Add uniswapV3.quoter and swapRouter to the chain profile.");
        var positions = await ReadPositionsAsync(c, ct).ConfigureAwait(false);
        var outside = positions.Of(PositionProtocols.UniswapV3)
            .Where(r => r.Error is null && r.Markers.Any(m => m is PositionMarkers.BelowRange or PositionMarkers.AboveRange))
            .OrderByDescending(r => LpValueUsd(c.Snapshot, r) ?? 0).ToList();
        if (outside.Count <= lp.MaxOutOfRange) return Empty(c, "Uniswap v3", "no more LP positions out of range than allowed at this block");

        var reading = outside[0];
        var owner = reading.Owner;
        var manager = Address.Parse(uniswap.PositionManager);
        var tokenId = BigInteger.Parse(reading.Id[(reading.Id.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
        var position = await CallAsync<PositionsFunction, PositionOutput>(c, manager, new PositionsFunction { TokenId = tokenId }, ct).ConfigureAwait(false);
        var token0 = TokenAt(c.Chain, position.Token0);
        var token1 = TokenAt(c.Chain, position.Token1);
        int fee = (int)position.Fee;
        var pool = Address.Parse(reading.Raw["pool"]);
        var slot0 = await CallAsync<Slot0Function, Slot0Output>(c, pool, new Slot0Function(), ct).ConfigureAwait(false);
        var spacing = (await CallAsync<TickSpacingFunction, PoolTickSpacingOutput>(c, pool, new TickSpacingFunction(), ct).ConfigureAwait(false)).TickSpacing;
        var poolName = $"Uniswap v3 {token0.Symbol}/{token1.Symbol} {fee / 10_000.0:0.##}%";

        // What withdrawing pays, to the wei: the manager's own calls, run as the owner at the snapshot's block.
        var decrease = new DecreaseLiquidityFunction { Params = new DecreaseLiquidityParams { TokenId = tokenId, Liquidity = position.Liquidity, Deadline = NoDeadline } };
        var collect = new CollectFunction { Params = new CollectParams { TokenId = tokenId, Recipient = owner.ToString() } };
        var burn = new BurnPositionFunction { TokenId = tokenId };
        var dry = new MulticallResultsOutput().DecodeOutput(Hex.Encode(await c.Eth.CallAsync(manager,
            new PositionManagerMulticallFunction { Data = [decrease.GetCallData(), collect.GetCallData(), burn.GetCallData()] }.GetCallData(), c.At, owner, ct).ConfigureAwait(false)));
        var principal = new TokenAmountsOutput().DecodeOutput(Hex.Encode(dry.Results[0]));
        var collected = new TokenAmountsOutput().DecodeOutput(Hex.Encode(dry.Results[1]));
        decrease.Params.Amount0Min = MinimumOf(principal.Amount0);
        decrease.Params.Amount1Min = MinimumOf(principal.Amount1);

        // The swap, solved for the new range's ratio at the price it leaves behind.
        double x = (double)collected.Amount0, y = (double)collected.Amount1;
        double sqrt = (double)slot0.SqrtPriceX96 / UniswapV3Math.Q96, f = fee / 1e6;
        int tick = slot0.Tick;
        double rate01 = sqrt * sqrt * (1 - f), rate10 = (1 - f) / (sqrt * sqrt);
        var range = LpRecentering.CentredRange(tick, position.TickLower, position.TickUpper, spacing);
        RatioSwap swap;
        try
        {
            var (sa, sb) = SqrtBounds(range);
            swap = LpRecentering.SwapToFit(x, y, sqrt, sa, sb, rate01, rate10);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            return Empty(c, poolName, "no range around the pool's price could be sized", ex.Message);
        }
        var mid = sqrt * sqrt;
        QuotedSwap? quoted = null;
        BigInteger amountIn = BigInteger.Zero;
        for (int round = 0; round < RatioRounds; round++)
        {
            amountIn = new BigInteger(Math.Floor(swap.AmountIn));
            if (amountIn.IsZero) { quoted = null; break; }
            var (inToken, outToken) = swap.ZeroForOne ? (token0, token1) : (token1, token0);
            var midUnits = (swap.ZeroForOne ? mid : 1 / mid) * Math.Pow(10, inToken.Decimals - outToken.Decimals); // out per in, token units
            quoted = await QuoteAsync(c, Address.Parse(uniswap.Quoter), pool, fee, SwapToken.Of(inToken), SwapToken.Of(outToken), midUnits, amountIn, ct).ConfigureAwait(false);
            var quote = quoted.Quote;
            double rate = (double)quote.AmountOut / (double)amountIn;
            if (swap.ZeroForOne) rate01 = rate; else rate10 = rate;
            sqrt = (double)quote.SqrtPriceX96After / UniswapV3Math.Q96;
            tick = UniswapV3Math.PriceToTick(sqrt * sqrt);
            range = LpRecentering.CentredRange(tick, position.TickLower, position.TickUpper, spacing);
            var (nextLower, nextUpper) = SqrtBounds(range);
            var next = LpRecentering.SwapToFit(x, y, sqrt, nextLower, nextUpper, rate01, rate10);
            if (next.ZeroForOne == swap.ZeroForOne && Math.Abs(next.AmountIn - (double)amountIn) <= 1e-4 * (double)amountIn) break;
            swap = next;
        }

        var outAmount = quoted?.Quote.AmountOut ?? BigInteger.Zero;
        var desired0 = swap.ZeroForOne ? collected.Amount0 - amountIn : collected.Amount0 + outAmount;
        var desired1 = swap.ZeroForOne ? collected.Amount1 + outAmount : collected.Amount1 - amountIn;
        var (sqrtLower, sqrtUpper) = SqrtBounds(range);
        var mint = LpRecentering.Mint((double)desired0, (double)desired1, sqrt, sqrtLower, sqrtUpper);
        var min0 = MinimumOf(new BigInteger(Math.Floor(mint.Used0)));
        var min1 = MinimumOf(new BigInteger(Math.Floor(mint.Used1)));

        var transactions = new List<UnsignedTransaction>
        {
            Tx($"withdraw position #{tokenId} ({FromBase(collected.Amount0, token0.Decimals):0.######} {token0.Symbol} + {FromBase(collected.Amount1, token1.Decimals):0.######} {token1.Symbol}, fees included) and burn it",
                owner, manager, new PositionManagerMulticallFunction { Data = [decrease.GetCallData(), collect.GetCallData(), burn.GetCallData()] }, WithdrawGas),
        };
        long gas = WithdrawGas;
        SwapQuote? swapQuote = null;
        if (quoted is not null)
        {
            var (swapTransactions, swapGas) = await SwapTransactionsAsync(c, owner, Address.Parse(uniswap.SwapRouter), quoted, ct).ConfigureAwait(false);
            transactions.AddRange(swapTransactions);
            gas += swapGas;
            swapQuote = quoted.Describe(UsdPrice(c.Snapshot, (swap.ZeroForOne ? token0 : token1).Underlying));
        }
        foreach (var (token, desired) in new[] { (token0, desired0), (token1, desired1) })
        {
            gas += await ApproveIfShortAsync(c, transactions, Address.Parse(token.Address), owner, manager, "position manager", desired,
                $"{FromBase(desired, token.Decimals):0.######} {token.Symbol}", ct).ConfigureAwait(false);
        }
        string lowText = RangePrice(range.Lower, token0, token1), highText = RangePrice(range.Upper, token0, token1);
        transactions.Add(Tx($"mint {token0.Symbol}/{token1.Symbol} range {lowText}–{highText} {token1.Symbol} per {token0.Symbol} with up to {FromBase(desired0, token0.Decimals):0.######} {token0.Symbol} and {FromBase(desired1, token1.Decimals):0.######} {token1.Symbol}",
            owner, manager, new MintPositionFunction
            {
                Params = new MintParams
                {
                    Token0 = token0.Address, Token1 = token1.Address, Fee = (uint)fee, TickLower = range.Lower, TickUpper = range.Upper,
                    Amount0Desired = desired0, Amount1Desired = desired1, Amount0Min = min0, Amount1Min = min1, Recipient = owner.ToString(), Deadline = NoDeadline,
                },
            }, MintGas));
        gas += MintGas;

        var notes = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"The new range keeps the old width ({position.TickUpper - position.TickLower} ticks) on the pool's tick spacing ({spacing}), centred on tick {tick}: the pool's tick after the swap."),
            $"Minimums: {SlippageToleranceBps / 100.0:0.##}% below the quoted amounts for the withdrawal, the swap and the mint; a price that moves more before the transactions land makes them revert, and nothing is lost.",
        };
        if (outside.Count - 1 > lp.MaxOutOfRange) notes.Add($"{outside.Count - 1} other position(s) stay out of range: the next proposal, after this one lands, moves the next largest.");
        double left0 = ((double)desired0 - mint.Used0) / Math.Pow(10, token0.Decimals), left1 = ((double)desired1 - mint.Used1) / Math.Pow(10, token1.Decimals);
        if (left0 >= 5e-7 || left1 >= 5e-7)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"Left in the wallet after the mint (rounding of the ratio): {left0:0.######} {token0.Symbol}, {left1:0.######} {token1.Symbol}."));
        }

        var gasUsd = await GasUsdAsync(c, gas, ct).ConfigureAwait(false);
        var gammaAfter = c.Snapshot.NetDollarGamma + NewRangeDollarGamma(c, token0, token1, mint.Liquidity, range, sqrt * sqrt);
        var side = reading.Markers.Contains(PositionMarkers.BelowRange) ? "below" : "above";
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"move position #{tokenId} ({poolName}, price {side} its range) to {lowText}–{highText} {token1.Symbol} per {token0.Symbol}: {FromBase(new BigInteger(mint.Used0), token0.Decimals):0.####} {token0.Symbol} + {FromBase(new BigInteger(mint.Used1), token1.Decimals):0.####} {token1.Symbol}");
        return new StrategyProposal(c.Strategy.Row.Id, c.Strategy.Row.Version, c.Status.Kind, c.Chain.Name, c.Snapshot.BlockNumber, c.Snapshot.BlockHash,
            c.Status.Text, poolName, summary, owner.ToString(), swapQuote, [], transactions, gas, gasUsd,
            (swapQuote?.SlippageUsd ?? 0) + (gasUsd ?? 0),
            new ProposalAfter(null, null, c.Snapshot.MinHealthFactor, gammaAfter, c.Snapshot.NetVegaPerVolPoint), notes);
    }

    /// <summary>√price at a range's two ticks.</summary>
    private static (double Lower, double Upper) SqrtBounds((int Lower, int Upper) range) =>
        (UniswapV3Math.TickToSqrtPrice(range.Lower), UniswapV3Math.TickToSqrtPrice(range.Upper));

    /// <summary>Σ dollar gamma per 1% of the new range at the pool's price, valued with the snapshot's oracle prices.</summary>
    private double NewRangeDollarGamma(Context c, TokenProfile token0, TokenProfile token1, double liquidity, (int Lower, int Upper) range, double rawPrice)
    {
        var prices = new Dictionary<string, PriceQuote>(StringComparer.OrdinalIgnoreCase);
        foreach (var u in new[] { token0.Underlying, token1.Underlying })
        {
            if (UsdPrice(c.Snapshot, u) is not { } p) return 0;
            prices[u] = new PriceQuote(u, p, time.GetUtcNow(), null);
        }
        var instrument = new UniswapV3Position(token0.Underlying, token1.Underlying, token0.Decimals, token1.Decimals, liquidity, range.Lower, range.Upper, rawPrice);
        var valued = PricingModels.Default.Value(instrument, new MarketSnapshot(time.GetUtcNow(), prices));
        return valued.Valuation is { } v ? v.Sensitivities.Sum(s => s.Greeks.DollarGammaPerPercent(prices[s.Underlying].PriceUsd)) : 0;
    }

    private static double? LpValueUsd(ExposureSnapshot s, PositionReading r)
    {
        if (r.Underlyings.Count < 2 || UsdPrice(s, r.Underlyings[0]) is not { } p0 || UsdPrice(s, r.Underlyings[1]) is not { } p1) return null;
        return r.Decoded.GetValueOrDefault("amount0") * p0 + r.Decoded.GetValueOrDefault("amount1") * p1;
    }

    private static TokenProfile TokenAt(ChainProfile chain, string address) =>
        chain.Tokens.FirstOrDefault(t => string.Equals(t.Address, address, StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidOperationException($"token {address} is not in chain {chain.Name}'s profile");

    /// <summary>A tick's price in token1 per token0, whole tokens, to 6 significant digits.</summary>
    private static string RangePrice(int tick, TokenProfile token0, TokenProfile token1) =>
        UniswapV3Math.HumanPrice(UniswapV3Math.TickToPrice(tick), token0.Decimals, token1.Decimals).ToString("G6", CultureInfo.InvariantCulture);
}
