using System.Numerics;
using ExposureWeb.Chain.Abi;
using ExposureWeb.Chain.Adapters.Uniswap;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Protocols.UniswapV3;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.Risk.Protocols;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Tests.DevChain;

/// <summary>
/// The pool's liquidity profile read at a block and walked by Risk's swap maths gives what the official QuoterV2 quotes
/// on the dev chain's WETH/USDC 0.05% pool (USDC token0, WETH token1): small trades inside one tick range, and trades
/// large enough to cross the demo positions' ticks and the deployer's ±10% range, in both directions.
/// </summary>
public sealed class UniswapLiquidityWalkTests(DemoChain chain) : IsolatedDemoTests(chain)
{
    private const double Tolerance = 1e-6;

    private Task<PoolLiquidityRead> ReadAsync(int words = 10) =>
        new UniswapV3LiquidityReader().ReadAsync(Chain.Eth, Chain.Profile, Chain.Token("WETH"), Chain.Token("USDC"), 500, BlockParameter.Latest, words, CancellationToken.None);

    [Fact]
    public async Task ReadAsync_DemoPool_ProfileOfTheBlock()
    {
        var read = await ReadAsync();
        var slot0 = await Chain.QueryOutputAsync<Slot0Function, Slot0Output>(read.Pool, new Slot0Function(), BlockParameter.FromNumber(read.BlockNumber));
        Assert.Equal(await Chain.UniswapPoolAsync("WETH", "USDC", 500), read.Pool);
        Assert.Equal((Chain.Token("USDC"), Chain.Token("WETH"), 6, 18), (read.Token0, read.Token1, read.Decimals0, read.Decimals1));
        Assert.Equal(slot0.Tick, read.Liquidity.Tick);
        Assert.Equal((double)slot0.SqrtPriceX96 / UniswapV3Math.Q96, read.Liquidity.SqrtPrice);
        Assert.Equal((500, 10, 21), (read.Liquidity.Fee, read.Liquidity.TickSpacing, read.WordsRead));
        // The demo's ranges (2 000–2 800, 2 500–3 600 and the deployer's ±10%) start and end inside ±10 words; the deployer's
        // full range (±887 270) is outside them. Every range's ticks net out to zero only when both ends are read.
        Assert.Equal(6, read.Liquidity.Ticks.Count);
        Assert.All(read.Liquidity.Ticks, t => Assert.NotEqual(0, t.LiquidityNet));
    }

    [Theory]
    [InlineData("WETH", 0.01)]
    [InlineData("WETH", 50)]
    [InlineData("WETH", 8_000)]   // through the deployer's −10% bound and the trader's 2 500
    [InlineData("WETH", 9_000)]   // further down, into the treasury's 2 000–2 800 and below
    [InlineData("USDC", 1_000)]
    [InlineData("USDC", 30_000_000)] // up through 3 300 (the deployer's +10%) and the trader's 3 600
    public async Task ExactInput_DemoPool_AgreesWithQuoterV2(string tokenIn, double amount)
    {
        var read = await ReadAsync();
        bool zeroForOne = Chain.Token(tokenIn) == read.Token0;
        int decimals = zeroForOne ? read.Decimals0 : read.Decimals1;
        var raw = new BigInteger(amount * Math.Pow(10, decimals));
        var quote = SpanAbiDecoder.Decode<QuoteExactInputSingleOutput>(await Chain.Eth.CallAsync(Address.Parse(Chain.Profile.UniswapV3!.Quoter!), new QuoteExactInputSingleFunction
        {
            Params = new QuoteExactInputSingleParams { TokenIn = Chain.Token(tokenIn).ToString(), TokenOut = (zeroForOne ? read.Token1 : read.Token0).ToString(), AmountIn = raw, Fee = 500 },
        }.GetCallData(), BlockParameter.FromNumber(read.BlockNumber)));

        var walk = UniswapV3Swap.ExactInput(read.Liquidity, zeroForOne, (double)raw);

        Assert.False(walk.Stopped);
        Assert.False(walk.LeftReadRange, $"tick after {walk.After.Tick}, read [{read.Liquidity.ReadLowerTick}, {read.Liquidity.ReadUpperTick}], start {read.Liquidity.Tick}, ticks {string.Join(",", read.Liquidity.Ticks)}");
        AssertRelative((double)quote.AmountOut, walk.AmountOut, "amount out");
        AssertRelative((double)quote.SqrtPriceX96After / UniswapV3Math.Q96, walk.After.SqrtPrice, "√price after");
        if (amount >= 8_000) Assert.True(walk.TicksCrossed >= 2, $"crossed {walk.TicksCrossed} ticks");
    }

    [Fact]
    public async Task ExactInput_OnlyTheCurrentWordRead_LeavingItIsFlagged()
    {
        var read = await ReadAsync(words: 0);
        Assert.Equal(1, read.WordsRead);
        var walk = UniswapV3Swap.ExactInput(read.Liquidity, zeroForOne: false, 40_000 * 1e18);
        Assert.True(walk.LeftReadRange);
        var small = UniswapV3Swap.ExactInput(read.Liquidity, zeroForOne: false, 1e18);
        Assert.False(small.LeftReadRange);
    }

    private static void AssertRelative(double expected, double actual, string what) =>
        Assert.True(Math.Abs(actual - expected) <= Tolerance * Math.Abs(expected), $"{what}: QuoterV2 {expected:R}, the walk {actual:R} (relative {(actual - expected) / expected:G3})");
}
