using System.Numerics;
using ExposureWeb.Chain.Multicall;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Protocols.Erc20;
using ExposureWeb.Chain.Protocols.UniswapV3;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.DevChain.Contracts.Messages;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Tests.DevChain;

/// <summary>The demo Uniswap v3 pools and position NFTs, read through Uniswap's signatures. Read-only.</summary>
public sealed class UniswapDemoTests(DemoChain chain) : IClassFixture<DemoChain>
{
    private Address FactoryAddress => Address.Parse(chain.Profile.UniswapV3!.Factory);

    private Address Manager => Address.Parse(chain.Profile.UniswapV3!.PositionManager);

    private Task<Address> PoolAsync(string a, string b, int fee) => chain.UniswapPoolAsync(a, b, fee);

    internal static async Task<Slot0Output> Slot0Async(DemoChain chain, Address pool) =>
        await chain.QueryOutputAsync<Slot0Function, Slot0Output>(pool, new Slot0Function());

    internal static async Task<BigInteger> LiquidityAsync(DemoChain chain, Address pool) =>
        (await chain.QueryOutputAsync<LiquidityFunction, PoolLiquidityOutput>(pool, new LiquidityFunction())).Liquidity;

    private async Task<PositionOutput> PositionAsync(int tokenId) =>
        await chain.QueryOutputAsync<PositionsFunction, PositionOutput>(Manager, new PositionsFunction { TokenId = tokenId });

    private async Task<Address> TokenAsync<TFunction>(Address pool) where TFunction : FunctionMessage, new() =>
        Address.Parse((await chain.QueryOutputAsync<TFunction, PoolTokenOutput>(pool, new TFunction())).Token);

    private async Task<BigInteger> NftCountAsync(Address owner) =>
        (await chain.QueryOutputAsync<BalanceOfFunction, BalanceOfOutput>(Manager, new BalanceOfFunction { Owner = owner.ToString() })).Balance;

    private async Task<BigInteger> TokenOfOwnerByIndexAsync(Address owner, int index) =>
        (await chain.QueryOutputAsync<TokenOfOwnerByIndexFunction, TokenIdOutput>(
            Manager, new TokenOfOwnerByIndexFunction { Owner = owner.ToString(), Index = index })).TokenId;

    [Fact]
    public async Task GetPool_EitherTokenOrder_SamePoolWithTokensSortedByAddress()
    {
        var pool = await PoolAsync("WETH", "USDC", 500);

        Assert.NotEqual(Address.Zero, pool);
        Assert.Equal(pool, await PoolAsync("USDC", "WETH", 500));
        // USDC 0x5FC8… sorts before WETH 0xe7f1…: USDC is token0.
        Assert.Equal(chain.Token("USDC"), await TokenAsync<Token0Function>(pool));
        Assert.Equal(chain.Token("WETH"), await TokenAsync<Token1Function>(pool));
        Assert.Equal(500u, (await chain.QueryOutputAsync<FeeFunction, PoolFeeOutput>(pool, new FeeFunction())).Fee);
        Assert.Equal(Address.Zero, await PoolAsync("WETH", "USDC", 3000));
    }

    [Fact]
    public async Task Slot0_WethUsdcPool_SqrtPriceIsEthFeedPriceWithDecimals()
    {
        var slot0 = await Slot0Async(chain, await PoolAsync("WETH", "USDC", 500));

        // token1 (WETH, 18 dec) per token0 (USDC, 6 dec) = (1 / 3 000) × 10^(18−6) = 3.333…e8 raw;
        // sqrtPriceX96 = ⌊√(10^12 × 2^192 / 3 000)⌋, and tick = ⌊ln(3.333e8) / ln(1.0001)⌋ = ⌊196 256.35⌋.
        Assert.Equal(BigInteger.Parse("1446501726624926496477173928747177"), slot0.SqrtPriceX96);
        Assert.Equal(196_256, slot0.Tick);
        Assert.Equal(
            new[] { 0, 1, 1, 0 },
            new[] { slot0.ObservationIndex, slot0.ObservationCardinality, slot0.ObservationCardinalityNext, (int)slot0.FeeProtocol });
        Assert.True(slot0.Unlocked);
        // Back to USD: ETH = 10^12 / (sqrtPriceX96 / 2^96)^2.
        var raw = Math.Pow((double)slot0.SqrtPriceX96 / Math.Pow(2, 96), 2);
        Assert.Equal(3000.0, 1e12 / raw, 6);
    }

    [Fact]
    public async Task Slot0_WbtcWethPool_TwentyEthPerBtc()
    {
        var pool = await PoolAsync("WBTC", "WETH", 3000);
        var slot0 = await Slot0Async(chain, pool);

        // WBTC 0xCf7E… < WETH 0xe7f1…: token0 WBTC (8 dec), token1 WETH (18 dec); 60 000 / 3 000 × 10^10 = 2e11 raw.
        Assert.Equal(chain.Token("WBTC"), await TokenAsync<Token0Function>(pool));
        Assert.Equal(BigInteger.Parse("35431911422859142059220343232145201"), slot0.SqrtPriceX96);
        Assert.Equal(260_228, slot0.Tick); // ln(2e11) / ln(1.0001) = 260 228.84
    }

    [Theory]
    // tokenId, owner, token0, token1, fee, tickLower, tickUpper, liquidity (target; minted from the amounts it holds, a hair above)
    // 1: ETH 2 500–3 600 USDC → raw 10^12/3 600 and 10^12/2 500 → ticks 194 433.04 and 198 079.65, nearest multiples of 10.
    [InlineData(1, "trader", "USDC", "WETH", 500, 194_430, 198_080, "3000000000000000")]
    // 2: ETH 2 000–2 800 USDC → ticks 196 946.31 and 200 311.20 → 196 950, 200 310.
    [InlineData(2, "treasury", "USDC", "WETH", 500, 196_950, 200_310, "6000000000000000")]
    // 3: BTC 15–18 ETH → raw 1.5e11 and 1.8e11 → ticks 257 351.88 and 259 175.18 → multiples of 60: 257 340, 259 200.
    [InlineData(3, "trader", "WBTC", "WETH", 3000, 257_340, 259_200, "100000000000000")]
    public async Task Positions_MintedNft_ReturnsItsTwelveFields(
        int tokenId, string owner, string token0, string token1, int fee, int tickLower, int tickUpper, string liquidity)
    {
        var p = await PositionAsync(tokenId);
        var nftOwner = await chain.QueryOutputAsync<OwnerOfFunction, OwnerOfOutput>(Manager, new OwnerOfFunction { TokenId = tokenId });

        Assert.Equal(owner == "trader" ? DemoChain.Trader : DemoChain.Treasury, Address.Parse(nftOwner.Owner));
        Assert.Equal(BigInteger.Zero, p.Nonce);
        Assert.Equal(Address.Zero, Address.Parse(p.Operator));
        Assert.Equal(chain.Token(token0), Address.Parse(p.Token0));
        Assert.Equal(chain.Token(token1), Address.Parse(p.Token1));
        // Minted before any trade: no fee growth inside yet, nothing owed (fees earned since are the pool's until collected).
        Assert.Equal(
            [new BigInteger(fee), new BigInteger(tickLower), new BigInteger(tickUpper), BigInteger.Zero, BigInteger.Zero, BigInteger.Zero, BigInteger.Zero],
            new BigInteger[] { p.Fee, p.TickLower, p.TickUpper, p.FeeGrowthInside0LastX128, p.FeeGrowthInside1LastX128, p.TokensOwed0, p.TokensOwed1 });
        var target = BigInteger.Parse(liquidity);
        Assert.InRange(p.Liquidity, target, target + target / 100_000);
    }

    [Fact]
    public async Task Positions_AgainstPoolTicks_OneInRangeOneBelowOneAbove()
    {
        var ethTick = (await Slot0Async(chain, await PoolAsync("WETH", "USDC", 500))).Tick;
        var btcTick = (await Slot0Async(chain, await PoolAsync("WBTC", "WETH", 3000))).Tick;
        var inRange = await PositionAsync(1);
        var below = await PositionAsync(2);
        var above = await PositionAsync(3);

        Assert.True(inRange.TickLower <= ethTick && ethTick < inRange.TickUpper);
        Assert.True(ethTick < below.TickLower); // current price under the range: all token0 (USDC)
        Assert.True(btcTick >= above.TickUpper); // current price over the range: all token1 (WETH)
    }

    [Fact]
    public async Task Liquidity_Pools_CountOnlyInRangePositions()
    {
        // WETH/USDC at tick 196 256: the trader's range (NFT 1) and the deployer's ±10% and full ranges (4, 5); not the
        // treasury's (2, above the price). WBTC/WETH at 260 228: only the deployer's (6, 7); the trader's (3) is below.
        async Task<BigInteger> L(int id) => (await PositionAsync(id)).Liquidity;
        Assert.Equal(await L(1) + await L(4) + await L(5), await LiquidityAsync(chain, await PoolAsync("WETH", "USDC", 500)));
        Assert.Equal(await L(6) + await L(7), await LiquidityAsync(chain, await PoolAsync("WBTC", "WETH", 3000)));
    }

    [Fact]
    public async Task Enumerable_DemoWallets_OwnTheirPositionNfts()
    {
        Assert.Equal(new BigInteger(2), await NftCountAsync(DemoChain.Trader));
        Assert.Equal(BigInteger.One, await TokenOfOwnerByIndexAsync(DemoChain.Trader, 0));
        Assert.Equal(new BigInteger(3), await TokenOfOwnerByIndexAsync(DemoChain.Trader, 1));
        Assert.Equal(BigInteger.One, await NftCountAsync(DemoChain.Treasury));
        Assert.Equal(new BigInteger(2), await TokenOfOwnerByIndexAsync(DemoChain.Treasury, 0));
        Assert.Equal(BigInteger.Zero, await NftCountAsync(DemoChain.Spare));
        Assert.Equal(FactoryAddress, Address.Parse((await chain.QueryOutputAsync<FactoryFunction, FactoryOutput>(Manager, new FactoryFunction())).Factory));
    }

    [Fact]
    public async Task Positions_UnknownTokenId_RevertsInvalidTokenId()
    {
        var error = await Assert.ThrowsAsync<RpcErrorException>(() => chain.Eth.CallAsync(Manager, new PositionsFunction { TokenId = 99 }.GetCallData(), BlockParameter.Latest));

        Assert.Equal("reverted: Invalid token ID", RevertReason.Describe(error.DataBytes));
    }
}

/// <summary>Prices move by trading through the official SwapRouter. Each test starts from the freshly deployed demo.</summary>
public sealed class UniswapDemoPriceTests(DemoChain chain) : IsolatedDemoTests(chain)
{
    [Fact]
    public async Task ExactInputSingle_PriceLimitEth2400_PoolStopsThereAndActiveLiquidityChangesHands()
    {
        var pool = await Chain.UniswapPoolAsync("WETH", "USDC", 500);
        // ETH 2 400: raw 10^12 / 2 400 = 4.1667e8 WETH-wei per USDC unit; sqrtPriceX96 = ⌊√(10^12 × 2^192 / 2 400)⌋;
        // tick ⌊198 487.89⌋. Buying USDC (token0) with WETH raises the raw price, so WETH goes in.
        var sqrtPrice = BigInteger.Parse("1617238095152076543778314735768381");

        await Chain.SendAsync(DemoChain.Deployer, Address.Parse(Chain.Profile.UniswapV3!.SwapRouter!), new ExactInputSingleFunction
        {
            Params = new ExactInputSingleParams
            {
                TokenIn = Chain.Token("WETH").ToString(), TokenOut = Chain.Token("USDC").ToString(), Fee = 500, Recipient = DemoChain.Deployer.ToString(),
                Deadline = ulong.MaxValue, AmountIn = BigInteger.One << 128, SqrtPriceLimitX96 = sqrtPrice,
            },
        });

        var slot0 = await UniswapDemoTests.Slot0Async(Chain, pool);
        Assert.Equal(sqrtPrice, slot0.SqrtPriceX96);
        Assert.Equal(198_487, slot0.Tick);
        // The trader's 194 430–198 080 position and the deployer's ±10% range are now out of range; the treasury's
        // 196 950–200 310 one and the deployer's full range are in: the pool's active liquidity is theirs.
        var treasury = await Chain.QueryOutputAsync<PositionsFunction, PositionOutput>(Address.Parse(Chain.Profile.UniswapV3.PositionManager), new PositionsFunction { TokenId = 2 });
        var fullRange = await Chain.QueryOutputAsync<PositionsFunction, PositionOutput>(Address.Parse(Chain.Profile.UniswapV3.PositionManager), new PositionsFunction { TokenId = 5 });
        Assert.Equal(-887_270, fullRange.TickLower);
        Assert.Equal(treasury.Liquidity + fullRange.Liquidity, await UniswapDemoTests.LiquidityAsync(Chain, pool));
    }
}
