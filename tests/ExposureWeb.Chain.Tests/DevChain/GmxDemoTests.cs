using System.Numerics;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Protocols.Erc20;
using ExposureWeb.Chain.Protocols.GmxV2;

namespace ExposureWeb.Chain.Tests.DevChain;

/// <summary>The demo GMX v2 positions and markets, read through GMX's Reader signatures (v2.2 layout). Read-only.</summary>
public sealed class GmxDemoTests(DemoChain chain) : IClassFixture<DemoChain>
{
    private static readonly BigInteger Usd = BigInteger.Pow(10, 30);

    private Address Reader => Address.Parse(chain.Profile.GmxV2!.Reader);

    private Address DataStore => Address.Parse(chain.Profile.GmxV2!.DataStore);

    private async Task<PositionProps[]> PositionsAsync(Address account, int start = 0, int end = 1000, Address? dataStore = null)
    {
        var call = new GetAccountPositionsFunction { DataStore = (dataStore ?? DataStore).ToString(), Account = account.ToString(), Start = start, End = end };
        return [.. (await chain.QueryOutputAsync<GetAccountPositionsFunction, AccountPositionsOutput>(Reader, call)).Positions];
    }

    private async Task<MarketProps> MarketAsync(string marketToken) =>
        (await chain.QueryOutputAsync<GetMarketFunction, MarketOutput>(Reader, new GetMarketFunction { DataStore = DataStore.ToString(), Key = marketToken })).Market;

    /// <summary>Position.Numbers in the struct's order.</summary>
    private static BigInteger[] Numbers(PositionNumbers n) =>
    [
        n.SizeInUsd, n.SizeInTokens, n.CollateralAmount, n.PendingImpactAmount, n.BorrowingFactor, n.FundingFeeAmountPerSize,
        n.LongTokenClaimableFundingAmountPerSize, n.ShortTokenClaimableFundingAmountPerSize, n.IncreasedAtTime, n.DecreasedAtTime,
    ];

    [Fact]
    public async Task GetAccountPositions_Trader_OneEthLongWithSeededNumbers()
    {
        var position = Assert.Single(await PositionsAsync(DemoChain.Trader));
        var (addresses, numbers, flags) = (position.Addresses, Numbers(position.Numbers), position.Flags);
        var market = await MarketAsync(addresses.Market);
        var now = (await chain.BlockAsync()).Timestamp.ToUnixTimeSeconds();

        Assert.Equal(DemoChain.Trader, Address.Parse(addresses.Account));
        Assert.Equal(chain.Token("WETH"), Address.Parse(addresses.CollateralToken)); // collateral
        Assert.Equal(chain.Token("WETH"), Address.Parse(market.IndexToken)); // index token: an ETH position
        Assert.Equal(30_000 * Usd, numbers[0]); // $30 000 with 30 decimals
        Assert.Equal(10 * BigInteger.Pow(10, 18), numbers[1]); // 10 ETH: entry 3 000
        Assert.Equal(25 * BigInteger.Pow(10, 17), numbers[2]); // 2.5 WETH collateral: 4× at 3 000
        Assert.Equal(-25 * BigInteger.Pow(10, 14), numbers[3]); // −0.0025 ETH pending impact
        Assert.Equal(182 * BigInteger.Pow(10, 24), numbers[4]); // borrowing factor 0.000182
        Assert.Equal([new BigInteger(1_234_567), new BigInteger(2_345_678), new BigInteger(3_456_789)], numbers[5..8]);
        Assert.InRange((long)numbers[8], now - 3600, now); // increasedAtTime: stamped at deployment
        Assert.Equal(BigInteger.Zero, numbers[9]);
        Assert.True(flags.IsLong);
    }

    [Fact]
    public async Task GetAccountPositions_Treasury_OneBtcShortOnUsdc()
    {
        var position = Assert.Single(await PositionsAsync(DemoChain.Treasury));
        var (addresses, numbers, flags) = (position.Addresses, Numbers(position.Numbers), position.Flags);
        var market = await MarketAsync(addresses.Market);

        Assert.Equal(DemoChain.Treasury, Address.Parse(addresses.Account));
        Assert.Equal(chain.Token("USDC"), Address.Parse(addresses.CollateralToken));
        Assert.Equal(chain.Token("WBTC"), Address.Parse(market.IndexToken));
        Assert.Equal(60_000 * Usd, numbers[0]);
        Assert.Equal(new BigInteger(100_000_000), numbers[1]); // 1 BTC (8 decimals)
        Assert.Equal(new BigInteger(20_000_000_000), numbers[2]); // 20 000 USDC (6 decimals): 3×
        Assert.Equal(new BigInteger(10_000), numbers[3]); // +0.0001 BTC pending impact
        Assert.Equal(97 * BigInteger.Pow(10, 24), numbers[4]);
        Assert.Equal([new BigInteger(4_567_890), new BigInteger(5_678_901), new BigInteger(6_789_012), BigInteger.Zero], numbers[5..8].Append(numbers[9]));
        Assert.False(flags.IsLong);
    }

    [Fact]
    public async Task GetMarket_EthMarket_GmTokenIndexLongAndShortTokens()
    {
        var position = (await PositionsAsync(DemoChain.Trader))[0];
        var marketToken = Address.Parse(position.Addresses.Market);

        var market = await MarketAsync(marketToken.ToString());

        Assert.Equal(
            new[] { marketToken, chain.Token("WETH"), chain.Token("WETH"), chain.Token("USDC") },
            new[] { market.MarketToken, market.IndexToken, market.LongToken, market.ShortToken }.Select(Address.Parse));
        Assert.Equal("GM", (await chain.QueryOutputAsync<SymbolFunction, SymbolOutput>(marketToken, new SymbolFunction())).Symbol);
    }

    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(0, 0, 0)]
    [InlineData(1, 10, 0)]
    [InlineData(5, 2, 0)]
    public async Task GetAccountPositions_Range_ClampedToTheAccountsList(int start, int end, int count)
    {
        Assert.Equal(count, (await PositionsAsync(DemoChain.Trader, start, end)).Length);
    }

    [Fact]
    public async Task GetAccountPositions_OtherDataStoreOrAccount_Empty()
    {
        Assert.Empty(await PositionsAsync(DemoChain.Trader, dataStore: DemoChain.Spare));
        Assert.Empty(await PositionsAsync(DemoChain.Spare));
    }
}
