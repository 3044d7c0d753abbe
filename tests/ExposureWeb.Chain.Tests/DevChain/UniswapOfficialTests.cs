using System.Numerics;
using ExposureWeb.Chain.Abi;
using ExposureWeb.Chain.Adapters;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Protocols.UniswapV3;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.DevChain.Deployment;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Tests.DevChain;

/// <summary>
/// The dev chain runs Uniswap v3's official builds, and the adapter's reading of a position agrees with what the
/// protocol itself would pay its owner: the principal (a static <c>decreaseLiquidity</c> of all of it) and the
/// uncollected fees (a static <c>collect</c>), after trades through the official router that cross the range's ticks.
/// </summary>
public sealed class UniswapOfficialTests(DemoChain chain) : IsolatedDemoTests(chain)
{
    private Address Manager => Address.Parse(Chain.Profile.UniswapV3!.PositionManager);

    [Fact]
    public async Task Code_EveryOfficialUniswapContract_IsTheNpmArtifactsRuntimeCode()
    {
        var uniswap = Chain.Official.Where(o => o.Artifact is "UniswapV3Factory" or "UniswapV3Pool" or "NonfungiblePositionManager"
            or "NonfungibleTokenPositionDescriptor" or "NFTDescriptor" or "SwapRouter" or "QuoterV2").ToList();
        Assert.Equal(8, uniswap.Count); // factory, two pools, library, descriptor, manager, router, quoter
        foreach (var deployed in uniswap)
        {
            var code = Hex.Decode(await Chain.Eth.RequestAsync<string>("eth_getCode", [deployed.Address.ToString(), "latest"]));
            Assert.True(OfficialArtifact.Load(deployed.Artifact).SameCodeAsDeployed(code, deployed.Libraries),
                $"{deployed.Artifact} at {deployed.Address}: the code on chain is not the npm artifact's");
        }
    }

    [Fact]
    public void SameCodeAsDeployed_OneByteChangedOutsideImmutables_Refused()
    {
        var artifact = OfficialArtifact.Load("SwapRouter");
        var code = artifact.DeployedCode();
        code[0] ^= 0x01; // an opcode, not an immutable
        Assert.False(artifact.SameCodeAsDeployed(code));
        Assert.False(artifact.SameCodeAsDeployed(code[..^1]));
    }

    [Fact]
    public async Task QuoteExactInputSingle_OneMillionUsdcIntoWeth_RealisticSlippage()
    {
        var quote = SpanAbiDecoder.Decode<QuoteExactInputSingleOutput>(await Chain.Eth.CallAsync(Address.Parse(Chain.Profile.UniswapV3!.Quoter!), new QuoteExactInputSingleFunction
        {
            Params = new QuoteExactInputSingleParams { TokenIn = Chain.Token("USDC").ToString(), TokenOut = Chain.Token("WETH").ToString(), AmountIn = 1_000_000_000_000, Fee = 500 },
        }.GetCallData(), BlockParameter.Latest));

        // At ETH = 3 000 USDC a million buys 333.33 WETH before costs: the 0.05% fee plus the price impact of the pool's depth.
        double weth = (double)quote.AmountOut / 1e18, cost = 1 - weth / (1_000_000 / 3_000.0);
        Assert.InRange(cost, 0.0005, 0.01);
    }

    [Theory]
    [InlineData(1)] // in range
    [InlineData(2)] // below range: all token0
    [InlineData(3)] // above range: all token1
    public async Task ReadAsync_DemoPosition_AmountsEqualStaticDecreaseLiquidityAndFeesEqualStaticCollect(int tokenId)
    {
        // Trade ETH down to 2 400 USDC and back to 3 000 (crossing the trader's 3 600 and 2 500 bounds and the
        // treasury's 2 800), so every tick the fees depend on has moved its outside values.
        await SwapToEthPriceAsync(2_400m);
        await SwapToEthPriceAsync(3_000m);
        await AssertAgreesWithProtocolAsync(tokenId);
    }

    [Fact]
    public async Task ReadAsync_PriceAboveTheTradersRange_FeesStillEqualStaticCollect()
    {
        await SwapToEthPriceAsync(2_700m);
        await SwapToEthPriceAsync(3_900m); // above 3 600: the trader's position is all USDC now, its fees frozen
        await AssertAgreesWithProtocolAsync(1);
    }

    private async Task AssertAgreesWithProtocolAsync(int tokenId)
    {
        var position = await Chain.QueryOutputAsync<PositionsFunction, PositionOutput>(Manager, new PositionsFunction { TokenId = tokenId });
        var owner = Address.Parse((await Chain.QueryOutputAsync<OwnerOfFunction, OwnerOfOutput>(Manager, new OwnerOfFunction { TokenId = tokenId })).Owner);
        var snapshot = await new PortfolioPositionsReader(Chain.Profile, new PositionDiscoveryCache()).ReadAsync(Chain.Eth, [owner], BlockParameter.Latest);
        var reading = Assert.Single(snapshot.Of(PositionProtocols.UniswapV3), p => p.Raw["tokenId"] == tokenId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(reading.IsOk, reading.Error);
        var block = BlockParameter.FromNumber(snapshot.BlockNumber);

        var principal = await StaticAsync<DecreaseLiquidityFunction, TokenAmountsOutput>(owner, new DecreaseLiquidityFunction
        {
            Params = new DecreaseLiquidityParams { TokenId = tokenId, Liquidity = position.Liquidity, Deadline = ulong.MaxValue },
        }, block);
        var fees = await StaticAsync<CollectFunction, TokenAmountsOutput>(owner, new CollectFunction
        {
            Params = new CollectParams { TokenId = tokenId, Recipient = owner.ToString() },
        }, block);

        var (decimals0, decimals1) = (Decimals(position.Token0), Decimals(position.Token1));
        // The adapter values in doubles; the pool rounds down to whole raw units.
        AssertClose(principal.Amount0, reading.Decoded["amount0"] * Math.Pow(10, decimals0), "amount0");
        AssertClose(principal.Amount1, reading.Decoded["amount1"] * Math.Pow(10, decimals1), "amount1");
        Assert.Equal(fees.Amount0.ToString(), reading.Raw["uncollected0"]);
        Assert.Equal(fees.Amount1.ToString(), reading.Raw["uncollected1"]);
        if (tokenId == 1) Assert.True(fees.Amount0 > 0 && fees.Amount1 > 0, "the in-range position earned fees in both tokens");
    }

    private static void AssertClose(BigInteger expected, double actual, string what) =>
        Assert.True(Math.Abs((double)expected - actual) <= 2 + 1e-9 * (double)expected, $"{what}: the protocol pays {expected}, the adapter read {actual:R}");

    private int Decimals(string token) => Chain.Profile.Tokens.Single(t => Address.Parse(t.Address) == Address.Parse(token)).Decimals;

    private async Task<TOutput> StaticAsync<TFunction, TOutput>(Address from, TFunction call, BlockParameter block)
        where TFunction : FunctionMessage, new() where TOutput : class, new() =>
        SpanAbiDecoder.Decode<TOutput>(await Chain.Eth.CallAsync(Manager, call.GetCallData(), block, from));

    /// <summary>Trades the WETH/USDC pool through the router until ETH is <paramref name="usd"/> USDC (the price limit stops it there).</summary>
    private async Task SwapToEthPriceAsync(decimal usd)
    {
        var pool = await Chain.UniswapPoolAsync("WETH", "USDC", 500);
        var current = (await Chain.QueryOutputAsync<Slot0Function, Slot0Output>(pool, new Slot0Function())).SqrtPriceX96;
        // token0 USDC (6), token1 WETH (18): raw price = 10^12 / usd.
        var target = DemoPoolPrice.SqrtPriceX96(DemoDeployer.ToFixed(1m, 8), 6, DemoDeployer.ToFixed(usd, 8), 18);
        var (tokenIn, tokenOut) = target < current ? ("USDC", "WETH") : ("WETH", "USDC");
        await Chain.SendAsync(DemoChain.Deployer, Address.Parse(Chain.Profile.UniswapV3!.SwapRouter!), new ExactInputSingleFunction
        {
            Params = new ExactInputSingleParams
            {
                TokenIn = Chain.Token(tokenIn).ToString(), TokenOut = Chain.Token(tokenOut).ToString(), Fee = 500, Recipient = DemoChain.Deployer.ToString(),
                Deadline = ulong.MaxValue, AmountIn = BigInteger.One << 128, SqrtPriceLimitX96 = target,
            },
        });
        Assert.Equal(target, (await Chain.QueryOutputAsync<Slot0Function, Slot0Output>(pool, new Slot0Function())).SqrtPriceX96);
    }
}
