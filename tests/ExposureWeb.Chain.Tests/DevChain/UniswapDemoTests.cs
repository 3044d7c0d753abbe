using System.Numerics;
using ExposureWeb.Chain.Abi;
using ExposureWeb.Chain.Multicall;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Rpc;

namespace ExposureWeb.Chain.Tests.DevChain;

/// <summary>The demo Uniswap v3 pools and position NFTs, read through Uniswap's signatures. Read-only.</summary>
public sealed class UniswapDemoTests(DeployedDemoFixture chain) : IClassFixture<DeployedDemoFixture>
{
    internal static readonly AbiFunction GetPool = AbiFunction.Parse("getPool(address,address,uint24) returns (address)");
    internal static readonly AbiFunction Slot0 = AbiFunction.Parse(
        "slot0() returns (uint160 sqrtPriceX96,int24 tick,uint16 observationIndex,uint16 observationCardinality,uint16 observationCardinalityNext,uint8 feeProtocol,bool unlocked)");
    internal static readonly AbiFunction Liquidity = AbiFunction.Parse("liquidity() returns (uint128)");
    private static readonly AbiFunction Token0 = AbiFunction.Parse("token0() returns (address)");
    private static readonly AbiFunction Token1 = AbiFunction.Parse("token1() returns (address)");
    private static readonly AbiFunction Fee = AbiFunction.Parse("fee() returns (uint24)");
    private static readonly AbiFunction Positions = AbiFunction.Parse(
        "positions(uint256 tokenId) returns (uint96 nonce,address operator,address token0,address token1,uint24 fee,int24 tickLower,int24 tickUpper," +
        "uint128 liquidity,uint256 feeGrowthInside0LastX128,uint256 feeGrowthInside1LastX128,uint128 tokensOwed0,uint128 tokensOwed1)");
    private static readonly AbiFunction BalanceOf = AbiFunction.Parse("balanceOf(address) returns (uint256)");
    private static readonly AbiFunction TokenOfOwnerByIndex = AbiFunction.Parse("tokenOfOwnerByIndex(address,uint256) returns (uint256)");
    private static readonly AbiFunction OwnerOf = AbiFunction.Parse("ownerOf(uint256) returns (address)");
    private static readonly AbiFunction Factory = AbiFunction.Parse("factory() returns (address)");

    private Address FactoryAddress => Address.Parse(chain.Profile.UniswapV3!.Factory);

    private Address Manager => Address.Parse(chain.Profile.UniswapV3!.PositionManager);

    private Task<Address> PoolAsync(string a, string b, int fee) => chain.CallOneAsync<Address>(FactoryAddress, GetPool, chain.Token(a), chain.Token(b), fee);

    [Fact]
    public async Task GetPool_EitherTokenOrder_SamePoolWithTokensSortedByAddress()
    {
        var pool = await PoolAsync("WETH", "USDC", 500);

        Assert.NotEqual(Address.Zero, pool);
        Assert.Equal(pool, await PoolAsync("USDC", "WETH", 500));
        // USDC 0x5FC8… sorts before WETH 0xe7f1…: USDC is token0.
        Assert.Equal(chain.Token("USDC"), await chain.CallOneAsync<Address>(pool, Token0));
        Assert.Equal(chain.Token("WETH"), await chain.CallOneAsync<Address>(pool, Token1));
        Assert.Equal(500, (int)await chain.CallOneAsync<BigInteger>(pool, Fee));
        Assert.Equal(Address.Zero, await PoolAsync("WETH", "USDC", 3000));
    }

    [Fact]
    public async Task Slot0_WethUsdcPool_SqrtPriceIsEthFeedPriceWithDecimals()
    {
        var slot0 = await chain.CallAsync(await PoolAsync("WETH", "USDC", 500), Slot0);

        // token1 (WETH, 18 dec) per token0 (USDC, 6 dec) = (1 / 3 000) × 10^(18−6) = 3.333…e8 raw;
        // sqrtPriceX96 = ⌊√(10^12 × 2^192 / 3 000)⌋, and tick = ⌊ln(3.333e8) / ln(1.0001)⌋ = ⌊196 256.35⌋.
        Assert.Equal(BigInteger.Parse("1446501726624926496477173928747177"), (BigInteger)slot0[0]);
        Assert.Equal(new BigInteger(196_256), (BigInteger)slot0[1]);
        Assert.Equal([BigInteger.Zero, BigInteger.One, BigInteger.One, BigInteger.Zero], slot0[2..6].Cast<BigInteger>());
        Assert.True((bool)slot0[6]);
        // Back to USD: ETH = 10^12 / (sqrtPriceX96 / 2^96)^2.
        var raw = Math.Pow((double)(BigInteger)slot0[0] / Math.Pow(2, 96), 2);
        Assert.Equal(3000.0, 1e12 / raw, 6);
    }

    [Fact]
    public async Task Slot0_WbtcWethPool_TwentyEthPerBtc()
    {
        var pool = await PoolAsync("WBTC", "WETH", 3000);
        var slot0 = await chain.CallAsync(pool, Slot0);

        // WBTC 0xCf7E… < WETH 0xe7f1…: token0 WBTC (8 dec), token1 WETH (18 dec); 60 000 / 3 000 × 10^10 = 2e11 raw.
        Assert.Equal(chain.Token("WBTC"), await chain.CallOneAsync<Address>(pool, Token0));
        Assert.Equal(BigInteger.Parse("35431911422859142059220343232145201"), (BigInteger)slot0[0]);
        Assert.Equal(new BigInteger(260_228), (BigInteger)slot0[1]); // ln(2e11) / ln(1.0001) = 260 228.84
    }

    [Theory]
    // tokenId, owner, token0, token1, fee, tickLower, tickUpper, liquidity, tokensOwed0, tokensOwed1
    // 1: ETH 2 500–3 600 USDC → raw 10^12/3 600 and 10^12/2 500 → ticks 194 433.04 and 198 079.65, nearest multiples of 10.
    [InlineData(1, "trader", "USDC", "WETH", 500, 194_430, 198_080, "3000000000000000", "125000000", "40000000000000000")]
    // 2: ETH 2 000–2 800 USDC → ticks 196 946.31 and 200 311.20 → 196 950, 200 310.
    [InlineData(2, "treasury", "USDC", "WETH", 500, 196_950, 200_310, "6000000000000000", "0", "0")]
    // 3: BTC 15–18 ETH → raw 1.5e11 and 1.8e11 → ticks 257 351.88 and 259 175.18 → multiples of 60: 257 340, 259 200.
    [InlineData(3, "trader", "WBTC", "WETH", 3000, 257_340, 259_200, "100000000000000", "0", "0")]
    public async Task Positions_SeededNft_ReturnsItsTwelveFields(
        int tokenId, string owner, string token0, string token1, int fee, int tickLower, int tickUpper, string liquidity, string owed0, string owed1)
    {
        var p = await chain.CallAsync(Manager, Positions, tokenId);

        Assert.Equal(owner == "trader" ? DeployedDemoFixture.Trader : DeployedDemoFixture.Treasury, await chain.CallOneAsync<Address>(Manager, OwnerOf, tokenId));
        Assert.Equal(BigInteger.Zero, (BigInteger)p[0]);
        Assert.Equal(Address.Zero, (Address)p[1]);
        Assert.Equal(chain.Token(token0), (Address)p[2]);
        Assert.Equal(chain.Token(token1), (Address)p[3]);
        Assert.Equal(
            [new BigInteger(fee), new BigInteger(tickLower), new BigInteger(tickUpper), BigInteger.Parse(liquidity), BigInteger.Zero, BigInteger.Zero,
             BigInteger.Parse(owed0), BigInteger.Parse(owed1)],
            p[4..].Cast<BigInteger>());
    }

    [Fact]
    public async Task Positions_AgainstPoolTicks_OneInRangeOneBelowOneAbove()
    {
        var ethTick = (BigInteger)(await chain.CallAsync(await PoolAsync("WETH", "USDC", 500), Slot0))[1];
        var btcTick = (BigInteger)(await chain.CallAsync(await PoolAsync("WBTC", "WETH", 3000), Slot0))[1];
        var inRange = await chain.CallAsync(Manager, Positions, 1);
        var below = await chain.CallAsync(Manager, Positions, 2);
        var above = await chain.CallAsync(Manager, Positions, 3);

        Assert.True((BigInteger)inRange[5] <= ethTick && ethTick < (BigInteger)inRange[6]);
        Assert.True(ethTick < (BigInteger)below[5]); // current price under the range: all token0 (USDC)
        Assert.True(btcTick >= (BigInteger)above[6]); // current price over the range: all token1 (WETH)
    }

    [Fact]
    public async Task Liquidity_Pools_CountOnlyInRangePositions()
    {
        Assert.Equal(BigInteger.Parse("3000000000000000"), await chain.CallOneAsync<BigInteger>(await PoolAsync("WETH", "USDC", 500), Liquidity));
        Assert.Equal(BigInteger.Zero, await chain.CallOneAsync<BigInteger>(await PoolAsync("WBTC", "WETH", 3000), Liquidity));
    }

    [Fact]
    public async Task Enumerable_DemoWallets_OwnTheirPositionNfts()
    {
        Assert.Equal(new BigInteger(2), await chain.CallOneAsync<BigInteger>(Manager, BalanceOf, DeployedDemoFixture.Trader));
        Assert.Equal(BigInteger.One, await chain.CallOneAsync<BigInteger>(Manager, TokenOfOwnerByIndex, DeployedDemoFixture.Trader, 0));
        Assert.Equal(new BigInteger(3), await chain.CallOneAsync<BigInteger>(Manager, TokenOfOwnerByIndex, DeployedDemoFixture.Trader, 1));
        Assert.Equal(BigInteger.One, await chain.CallOneAsync<BigInteger>(Manager, BalanceOf, DeployedDemoFixture.Treasury));
        Assert.Equal(new BigInteger(2), await chain.CallOneAsync<BigInteger>(Manager, TokenOfOwnerByIndex, DeployedDemoFixture.Treasury, 0));
        Assert.Equal(BigInteger.Zero, await chain.CallOneAsync<BigInteger>(Manager, BalanceOf, DeployedDemoFixture.Spare));
        Assert.Equal(FactoryAddress, await chain.CallOneAsync<Address>(Manager, Factory));
    }

    [Fact]
    public async Task Positions_UnknownTokenId_RevertsInvalidTokenId()
    {
        var error = await Assert.ThrowsAsync<RpcErrorException>(() => chain.Eth.CallAsync(Manager, Positions.EncodeCall(99), BlockParameter.Latest));

        Assert.Equal("reverted: Invalid token ID", RevertReason.Describe(error.DataBytes));
    }
}

/// <summary>The dev-only price setter of the demo pools. Each test starts from the freshly deployed demo.</summary>
public sealed class UniswapDemoPriceTests(DeployedDemoFixture chain) : IsolatedDemoTests(chain)
{
    private static readonly AbiFunction SetSqrtPriceX96 = AbiFunction.Parse("setSqrtPriceX96(uint160)");

    [Fact]
    public async Task SetSqrtPriceX96_EthFallsTo2400_TickFollowsAndActiveLiquidityChangesHands()
    {
        var pool = await Chain.CallOneAsync<Address>(Address.Parse(Chain.Profile.UniswapV3!.Factory), UniswapDemoTests.GetPool, Chain.Token("WETH"), Chain.Token("USDC"), 500);
        // ETH 2 400: raw 10^12 / 2 400 = 4.1667e8; sqrtPriceX96 = ⌊√(10^12 × 2^192 / 2 400)⌋; tick ⌊198 487.89⌋.
        var sqrtPrice = BigInteger.Parse("1617238095152076543778314735768381");

        await Chain.SendAsync(DeployedDemoFixture.Spare, pool, SetSqrtPriceX96.EncodeCall(sqrtPrice));

        var slot0 = await Chain.CallAsync(pool, UniswapDemoTests.Slot0);
        Assert.Equal(sqrtPrice, (BigInteger)slot0[0]);
        Assert.Equal(new BigInteger(198_487), (BigInteger)slot0[1]);
        // The trader's 194 430–198 080 position is now out of range; the treasury's 196 950–200 310 one is in.
        Assert.Equal(BigInteger.Parse("6000000000000000"), await Chain.CallOneAsync<BigInteger>(pool, UniswapDemoTests.Liquidity));
    }
}
