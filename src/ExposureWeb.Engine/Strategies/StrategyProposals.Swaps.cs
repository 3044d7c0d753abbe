using System.Globalization;
using System.Numerics;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Protocols.UniswapV3;

namespace ExposureWeb.Engine.Strategies;

// Uniswap v3 swaps shared by the delta band's hedge and the health floor's collateral swap: the pool and its mid price,
// QuoterV2's quote at the proposal's block, its cost against the mid, and the SwapRouter transactions.
public sealed partial class StrategyProposals
{
    /// <summary>A token as a swap needs it; an Aave reserve need not be in the chain profile's token list.</summary>
    private sealed record SwapToken(Address Address, string Symbol, int Decimals)
    {
        public static SwapToken Of(TokenProfile token) => new(Address.Parse(token.Address), token.Symbol, token.Decimals);
    }

    /// <summary>The quote of one size through one pool, with what it costs against the pool's mid price.</summary>
    private sealed record QuotedSwap(Address Pool, int Fee, SwapToken In, SwapToken Out, BigInteger AmountIn, QuoteExactInputSingleOutput Quote, double Mid)
    {
        public BigInteger Minimum => MinimumOf(Quote.AmountOut);

        public SwapQuote Describe(double? inPriceUsd)
        {
            var inUnits = FromBase(AmountIn, In.Decimals);
            var outUnits = FromBase(Quote.AmountOut, Out.Decimals);
            var execution = outUnits / inUnits;
            var slippage = 1 - execution / Mid;
            var feeFraction = Fee / 1e6;
            return new SwapQuote(Pool.ToString(), Fee, In.Symbol, Out.Symbol, AmountIn.ToString(CultureInfo.InvariantCulture), inUnits,
                Quote.AmountOut.ToString(CultureInfo.InvariantCulture), outUnits, Minimum.ToString(CultureInfo.InvariantCulture),
                Quote.SqrtPriceX96After.ToString(CultureInfo.InvariantCulture), Quote.InitializedTicksCrossed, (long)Quote.GasEstimate, Mid, execution,
                slippage, feeFraction, slippage - feeFraction, inPriceUsd is { } p ? inUnits * p * slippage : null, inPriceUsd is { } q ? inUnits * q * feeFraction : null);
        }
    }

    /// <summary>The swap's amountOutMinimum: the quote less <see cref="SlippageToleranceBps"/>.</summary>
    private static BigInteger MinimumOf(BigInteger quoted) => quoted * (10_000 - SlippageToleranceBps) / 10_000;

    /// <summary>The pair's pool at a fee tier, or <see cref="Address.Zero"/> when the factory has none.</summary>
    private static async Task<Address> PoolOfAsync(Context c, UniswapV3Profile uniswap, SwapToken a, SwapToken b, int fee, CancellationToken ct) =>
        Address.Parse((await CallAsync<GetPoolFunction, PoolAddressOutput>(c, Address.Parse(uniswap.Factory),
            new GetPoolFunction { TokenA = a.Address.ToString(), TokenB = b.Address.ToString(), Fee = (uint)fee }, ct).ConfigureAwait(false)).Pool);

    /// <summary>Token out per token in at the pool's price (slot0) at the proposal's block.</summary>
    private static async Task<double> MidOfAsync(Context c, Address pool, SwapToken tokenIn, SwapToken tokenOut, CancellationToken ct)
    {
        var slot0 = await CallAsync<Slot0Function, Slot0Output>(c, pool, new Slot0Function(), ct).ConfigureAwait(false);
        return MidPrice(slot0.SqrtPriceX96, tokenIn.Address, tokenIn.Decimals, tokenOut.Address, tokenOut.Decimals);
    }

    private static async Task<QuotedSwap> QuoteAsync(Context c, Address quoter, Address pool, int fee, SwapToken tokenIn, SwapToken tokenOut, double mid, BigInteger amountIn, CancellationToken ct)
    {
        var quote = await CallAsync<QuoteExactInputSingleFunction, QuoteExactInputSingleOutput>(c, quoter, new QuoteExactInputSingleFunction
        {
            Params = new QuoteExactInputSingleParams { TokenIn = tokenIn.Address.ToString(), TokenOut = tokenOut.Address.ToString(), AmountIn = amountIn, Fee = (uint)fee, SqrtPriceLimitX96 = 0 },
        }, ct).ConfigureAwait(false);
        return new QuotedSwap(pool, fee, tokenIn, tokenOut, amountIn, quote, mid);
    }

    /// <summary>
    /// The SwapRouter's <c>exactInputSingle</c> of the quoted size to <paramref name="from"/>, at least the quote less the
    /// tolerance, after an approve when <paramref name="from"/>'s allowance at the block is short; with their gas.
    /// </summary>
    private static async Task<(List<UnsignedTransaction> Transactions, long Gas)> SwapTransactionsAsync(Context c, Address from, Address router, QuotedSwap swap, CancellationToken ct)
    {
        var transactions = new List<UnsignedTransaction>();
        var inUnits = FromBase(swap.AmountIn, swap.In.Decimals);
        long gas = await ApproveIfShortAsync(c, transactions, swap.In.Address, from, router, "SwapRouter", swap.AmountIn, $"{inUnits:0.######} {swap.In.Symbol}", ct).ConfigureAwait(false);
        var swapGas = (long)swap.Quote.GasEstimate + SwapGasMargin;
        transactions.Add(Tx($"swap {inUnits:0.######} {swap.In.Symbol} for at least {FromBase(swap.Minimum, swap.Out.Decimals):0.######} {swap.Out.Symbol}", from, router,
            new ExactInputSingleFunction
            {
                Params = new ExactInputSingleParams
                {
                    TokenIn = swap.In.Address.ToString(), TokenOut = swap.Out.Address.ToString(), Fee = (uint)swap.Fee, Recipient = from.ToString(), Deadline = NoDeadline,
                    AmountIn = swap.AmountIn, AmountOutMinimum = swap.Minimum, SqrtPriceLimitX96 = 0,
                },
            }, swapGas));
        return (transactions, gas + swapGas);
    }
}
