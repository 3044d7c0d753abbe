using System.Numerics;
using ExposureWeb.Chain.Multicall;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Protocols.Aave;
using ExposureWeb.Chain.Protocols.Erc20;
using ExposureWeb.Chain.Rpc;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Tests.DevChain;

/// <summary>The demo Aave v3 market as the app reads it, through Aave's own signatures. Read-only.</summary>
public sealed class AaveDemoTests(DemoChain chain) : IClassFixture<DemoChain>
{
    private static readonly BigInteger Ray = BigInteger.Pow(10, 27);
    private static readonly BigInteger MaxUint256 = (BigInteger.One << 256) - 1;

    private Address Pool => Address.Parse(chain.Profile.AaveV3!.Pool);

    /// <summary><c>getUserAccountData</c> of <paramref name="user"/> as its six numbers in Aave's order.</summary>
    internal static async Task<BigInteger[]> AccountDataAsync(DemoChain chain, Address user)
    {
        var d = await chain.QueryOutputAsync<GetUserAccountDataFunction, UserAccountDataOutput>(
            Address.Parse(chain.Profile.AaveV3!.Pool), new GetUserAccountDataFunction { User = user.ToString() });
        return [d.TotalCollateralBase, d.TotalDebtBase, d.AvailableBorrowsBase, d.CurrentLiquidationThreshold, d.Ltv, d.HealthFactor];
    }

    private async Task<ReserveData> ReserveDataAsync(string symbol) =>
        (await chain.QueryOutputAsync<GetReserveDataFunction, ReserveDataOutput>(Pool, new GetReserveDataFunction { Asset = chain.Token(symbol).ToString() })).Data;

    private async Task<Address> QueryAddressAsync<TFunction>(Address to) where TFunction : FunctionMessage, new() =>
        Address.Parse((await chain.QueryOutputAsync<TFunction, AddressOutput>(to, new TFunction())).Value);

    /// <summary>
    /// The values of <c>getUserAccountData</c> against hand-computed ones at the seeded balances: amounts within a
    /// millionth (interest accrues each second since seeding, ~1e-7 of them in a test run), LT and LTV exact (bps).
    /// </summary>
    private static void AssertAccountData(BigInteger[] expected, BigInteger[] actual)
    {
        foreach (var i in new[] { 0, 1, 2, 5 })
        {
            Assert.True(BigInteger.Abs(actual[i] - expected[i]) * 1_000_000 <= BigInteger.Abs(expected[i]), $"field {i}: expected {expected[i]}, got {actual[i]}");
        }
        Assert.Equal((expected[3], expected[4]), (actual[3], actual[4]));
    }

    [Fact]
    public async Task GetUserAccountData_Trader_MatchesHandComputedValues()
    {
        // Prices (8 decimals): ETH 3 000, LINK 15, USDC 1, BTC 60 000. Value = balance × price / 10^decimals.
        //   collateral: 10 WETH → 10e18 × 3000e8 / 1e18 = 3e12;  2 000 LINK → 2000e18 × 15e8 / 1e18 = 3e12;  total 6e12 ($60 000)
        //   debt: 18 000 USDC → 18000e6 × 1e8 / 1e6 = 1.8e12;  0.1 WBTC → 1e7 × 60000e8 / 1e8 = 6e11;  total 2.4e12 ($24 000)
        //   LT  = (3e12 × 8300 + 3e12 × 6800) / 6e12 = 7550
        //   LTV = (3e12 × 8050 + 3e12 × 5300) / 6e12 = 6675      (LINK is frozen, but in Aave v3.0 its LTV still counts)
        //   available = 6e12 × 6675 / 10000 − 2.4e12 = 4.005e12 − 2.4e12 = 1.605e12 ($16 050)
        //   HF = wadDiv(6e12 × 7550 / 10000, 2.4e12) = 4.53e12 × 1e18 / 2.4e12 = 1.8875e18
        var data = await AccountDataAsync(chain, DemoChain.Trader);

        AssertAccountData(
            [new BigInteger(6_000_000_000_000), new BigInteger(2_400_000_000_000), new BigInteger(1_605_000_000_000), new BigInteger(7550), new BigInteger(6675),
             BigInteger.Parse("1887500000000000000")],
            data);
    }

    [Fact]
    public async Task GetUserAccountData_Treasury_MatchesHandComputedValues()
    {
        //   collateral: 100 000 USDC → 100000e6 × 1e8 / 1e6 = 1e13;  1.5 WBTC → 1.5e8 × 60000e8 / 1e8 = 9e12;  total 1.9e13
        //   debt: 2 WETH → 2e18 × 3000e8 / 1e18 = 6e11
        //   LT  = (1e13 × 7800 + 9e12 × 7800) / 1.9e13 = 7800
        //   LTV = (1e13 × 7500 + 9e12 × 7300) / 1.9e13 = 1.407e17 / 1.9e13 = 7405.26… → 7405 (integer division)
        //   available = 1.9e13 × 7405 / 10000 − 6e11 = 1.40695e13 − 6e11 = 1.34695e13
        //   HF = wadDiv(1.9e13 × 7800 / 10000, 6e11) = 1.482e13 × 1e18 / 6e11 = 2.47e19 (24.7)
        var data = await AccountDataAsync(chain, DemoChain.Treasury);

        AssertAccountData(
            [new BigInteger(19_000_000_000_000), new BigInteger(600_000_000_000), new BigInteger(13_469_500_000_000), new BigInteger(7800), new BigInteger(7405),
             BigInteger.Parse("24700000000000000000")],
            data);
    }

    [Fact]
    public async Task GetUserAccountData_AccountWithoutPositions_ZerosAndMaxHealthFactor()
    {
        var data = await AccountDataAsync(chain, DemoChain.Spare);

        Assert.Equal([BigInteger.Zero, BigInteger.Zero, BigInteger.Zero, BigInteger.Zero, BigInteger.Zero, MaxUint256], data);
    }

    [Fact]
    public async Task GetReservesList_FreshDemo_ListsWethWbtcUsdcLinkInListingOrder()
    {
        var list = await chain.QueryOutputAsync<GetReservesListFunction, ReservesListOutput>(Pool, new GetReservesListFunction());

        Assert.Equal([chain.Token("WETH"), chain.Token("WBTC"), chain.Token("USDC"), chain.Token("LINK")], list.Reserves.Select(Address.Parse));
    }

    [Fact]
    public async Task GetReserveData_FrozenLink_BitmapDecodesToEverySetField()
    {
        var data = (await ReserveDataAsync("LINK")).Configuration.Data;

        // Bits 0–15 LTV, 16–31 LT, 32–47 bonus, 48–55 decimals, 56 active, 57 frozen, 58 borrowing, 60 paused,
        // 64–79 reserve factor, 80–115 borrow cap, 116–151 supply cap, 152–167 liquidation protocol fee, 168–175 eMode.
        Assert.Equal(5300, (int)(data & 0xFFFF)); // frozen, and in Aave v3.0 its LTV stays
        Assert.Equal(6800, (int)((data >> 16) & 0xFFFF));
        Assert.Equal(10700, (int)((data >> 32) & 0xFFFF));
        Assert.Equal(18, (int)((data >> 48) & 0xFF));
        Assert.Equal(1, (int)((data >> 56) & 1)); // active
        Assert.Equal(1, (int)((data >> 57) & 1)); // frozen
        Assert.Equal(1, (int)((data >> 58) & 1)); // borrowing enabled
        Assert.Equal(0, (int)((data >> 60) & 1)); // not paused
        Assert.Equal(2000, (int)((data >> 64) & 0xFFFF));
        Assert.Equal(13_000_000L, (long)((data >> 80) & 0xF_FFFF_FFFF));
        Assert.Equal(15_000_000L, (long)((data >> 116) & 0xF_FFFF_FFFF));
        Assert.Equal(1000, (int)((data >> 152) & 0xFFFF));
        Assert.Equal(0, (int)((data >> 168) & 0xFF));
        // …and nothing else: the word is exactly the sum of those fields.
        Assert.Equal(
            new BigInteger(5300) + (new BigInteger(6800) << 16) + (new BigInteger(10700) << 32) + (new BigInteger(18) << 48) + (BigInteger.One << 56) + (BigInteger.One << 57)
            + (BigInteger.One << 58) + (new BigInteger(2000) << 64) + (new BigInteger(13_000_000) << 80) + (new BigInteger(15_000_000) << 116)
            + (new BigInteger(1000) << 152),
            data);
    }

    [Theory]
    // symbol, LTV, LT, bonus, decimals, borrowing, reserve factor, borrow cap, supply cap, protocol fee, eMode
    [InlineData("WETH", 8050, 8300, 10500, 18, 1, 1500, 1_400_000L, 1_800_000L, 1000, 1)]
    [InlineData("WBTC", 7300, 7800, 10500, 8, 1, 2000, 28_000L, 43_000L, 1000, 0)]
    [InlineData("USDC", 7500, 7800, 10450, 6, 1, 1000, 1_580_000_000L, 1_760_000_000L, 1000, 0)]
    public async Task GetReserveData_ActiveReserve_BitmapIsExactlyItsParameters(
        string symbol, int ltv, int lt, int bonus, int decimals, int borrowing, int reserveFactor, long borrowCap, long supplyCap, int fee, int eMode)
    {
        var data = (await ReserveDataAsync(symbol)).Configuration.Data;

        var expected = new BigInteger(ltv) + (new BigInteger(lt) << 16) + (new BigInteger(bonus) << 32) + (new BigInteger(decimals) << 48)
            + (BigInteger.One << 56) + (new BigInteger(borrowing) << 58) + (new BigInteger(reserveFactor) << 64) + (new BigInteger(borrowCap) << 80)
            + (new BigInteger(supplyCap) << 116) + (new BigInteger(fee) << 152) + (new BigInteger(eMode) << 168);
        Assert.Equal(expected, data);
    }

    [Fact]
    public async Task GetReserveData_Weth_RatesFollowItsStrategyAtTheReservesUtilisation()
    {
        var r = await ReserveDataAsync("WETH");
        var aToken = Address.Parse(r.ATokenAddress);
        var debtToken = Address.Parse(r.VariableDebtTokenAddress);
        async Task<double> SupplyAsync(Address token) =>
            (double)(await chain.QueryOutputAsync<TotalSupplyFunction, TotalSupplyOutput>(token, new TotalSupplyFunction())).TotalSupply;

        // 10 WETH supplied (the trader), 2 borrowed (the treasury): utilisation 20%, under the 80% kink, so
        // variable = 0 + 3.3% × 20/80 = 0.825%; supply = variable × utilisation × (1 − 15% reserve factor) = 0.14025%.
        double utilisation = await SupplyAsync(debtToken) / await SupplyAsync(aToken);
        double variable = 0.033 * utilisation / 0.80, supply = variable * utilisation * (1 - 0.15);
        Assert.Equal(0.2, utilisation, 1e-6);
        Assert.Equal(variable, (double)r.CurrentVariableBorrowRate / 1e27, 1e-9);
        Assert.Equal(supply, (double)r.CurrentLiquidityRate / 1e27, 1e-9);
        // Indexes start at one ray and grow with time.
        Assert.InRange(r.LiquidityIndex, Ray, Ray + Ray / 1_000_000);
        Assert.InRange(r.VariableBorrowIndex, Ray, Ray + Ray / 1_000_000);
        Assert.InRange((long)r.LastUpdateTimestamp, 1, (long)(await chain.BlockAsync()).Timestamp.ToUnixTimeSeconds());
        Assert.Equal(0, r.Id); // first listed
        Assert.NotEqual(Address.Zero, Address.Parse(r.StableDebtTokenAddress));
        Assert.NotEqual(Address.Zero, Address.Parse(r.InterestRateStrategyAddress));
        Assert.Equal([BigInteger.Zero, BigInteger.Zero], new[] { r.Unbacked, r.IsolationModeTotalDebt });
        Assert.Equal(chain.Token("WETH"), await QueryAddressAsync<UnderlyingAssetAddressFunction>(aToken));
        Assert.Equal(chain.Token("WETH"), await QueryAddressAsync<UnderlyingAssetAddressFunction>(debtToken));
        Assert.Equal("aEthWETH", (await chain.QueryOutputAsync<SymbolFunction, SymbolOutput>(aToken, new SymbolFunction())).Symbol);
        Assert.Equal("variableDebtEthWETH", (await chain.QueryOutputAsync<SymbolFunction, SymbolOutput>(debtToken, new SymbolFunction())).Symbol);
    }

    [Theory]
    // symbol, wallet, supplied (aToken) raw, borrowed (variable debt) raw, token decimals
    [InlineData("WETH", "trader", "10000000000000000000", "0", 18)]
    [InlineData("LINK", "trader", "2000000000000000000000", "0", 18)]
    [InlineData("USDC", "trader", "0", "18000000000", 6)]
    [InlineData("WBTC", "trader", "0", "10000000", 8)]
    [InlineData("USDC", "treasury", "100000000000", "0", 6)]
    [InlineData("WBTC", "treasury", "150000000", "0", 8)]
    [InlineData("WETH", "treasury", "0", "2000000000000000000", 18)]
    public async Task ATokenAndDebtToken_DemoWallet_HoldSeededBalancesPlusInterest(string symbol, string wallet, string supplied, string borrowed, int decimals)
    {
        var holder = wallet == "trader" ? DemoChain.Trader : DemoChain.Treasury;
        var r = await ReserveDataAsync(symbol);
        var (aToken, debtToken) = (Address.Parse(r.ATokenAddress), Address.Parse(r.VariableDebtTokenAddress));
        var balanceOf = new BalanceOfFunction { Owner = holder.ToString() };

        // Interest accrues from the seeding on (a few seconds of a few % a year: under a millionth).
        var (seededSupply, seededDebt) = (BigInteger.Parse(supplied), BigInteger.Parse(borrowed));
        Assert.InRange((await chain.QueryOutputAsync<BalanceOfFunction, BalanceOfOutput>(aToken, balanceOf)).Balance, seededSupply, seededSupply + seededSupply / 1_000_000);
        Assert.InRange((await chain.QueryOutputAsync<BalanceOfFunction, BalanceOfOutput>(debtToken, balanceOf)).Balance, seededDebt, seededDebt + seededDebt / 1_000_000 + 1);
        Assert.Equal(decimals, (await chain.QueryOutputAsync<DecimalsFunction, DecimalsOutput>(aToken, new DecimalsFunction())).Decimals);
        Assert.Equal(decimals, (await chain.QueryOutputAsync<DecimalsFunction, DecimalsOutput>(debtToken, new DecimalsFunction())).Decimals);
    }

    [Fact]
    public async Task GetUserConfiguration_Trader_CollateralAndBorrowingBitsPerReserveId()
    {
        // ids: WETH 0, WBTC 1, USDC 2, LINK 3; bit 2·id = borrowing, bit 2·id+1 = collateral.
        // WETH collateral (bit 1) + WBTC borrowed (bit 2) + USDC borrowed (bit 4) + LINK collateral (bit 7) = 2 + 4 + 16 + 128.
        var config = (await chain.QueryOutputAsync<GetUserConfigurationFunction, UserConfigurationOutput>(
            Pool, new GetUserConfigurationFunction { User = DemoChain.Trader.ToString() })).Configuration.Data;

        Assert.Equal(new BigInteger(150), config);
    }

    [Fact]
    public async Task AddressesProvider_Oracle_PricesAssetsFromTheFeedsInUsdWithEightDecimals()
    {
        var provider = await QueryAddressAsync<AddressesProviderFunction>(Pool);
        var oracle = await QueryAddressAsync<GetPriceOracleFunction>(provider);

        Assert.Equal(Pool, await QueryAddressAsync<ProviderGetPoolFunction>(provider));
        Assert.Equal(new BigInteger(100_000_000), (await chain.QueryOutputAsync<BaseCurrencyUnitFunction, BaseCurrencyUnitOutput>(oracle, new BaseCurrencyUnitFunction())).Unit);
        Assert.Equal(new BigInteger(300_000_000_000), (await chain.QueryOutputAsync<GetAssetPriceFunction, AssetPriceOutput>(
            oracle, new GetAssetPriceFunction { Asset = chain.Token("WETH").ToString() })).Price);
        Assert.Equal(new BigInteger(1_500_000_000), (await chain.QueryOutputAsync<GetAssetPriceFunction, AssetPriceOutput>(
            oracle, new GetAssetPriceFunction { Asset = chain.Token("LINK").ToString() })).Price);
    }

    [Fact]
    public async Task Supply_FrozenLink_RevertsAsAaveDoes()
    {
        var call = new SupplyFunction { Asset = chain.Token("LINK").ToString(), Amount = 1, OnBehalfOf = DemoChain.Trader.ToString() }.GetCallData();

        var error = await Assert.ThrowsAsync<RpcErrorException>(() => chain.Eth.CallAsync(Pool, call, BlockParameter.Latest, DemoChain.Trader));

        Assert.Equal("reverted: 28", RevertReason.Describe(error.DataBytes)); // Errors.RESERVE_FROZEN
    }

    [Fact]
    public async Task Borrow_BeyondAvailableBorrows_RevertsAsAaveDoes()
    {
        // The trader may borrow $16 050 more; $16 100 of USDC needs (2.4e12 + 1.61e12) × 10000 / 6675 > 6e12 of collateral.
        var call = new BorrowFunction
        {
            Asset = chain.Token("USDC").ToString(), Amount = new BigInteger(16_100_000_000), InterestRateMode = BorrowFunction.VariableRate,
            ReferralCode = 0, OnBehalfOf = DemoChain.Trader.ToString(),
        }.GetCallData();

        var error = await Assert.ThrowsAsync<RpcErrorException>(() => chain.Eth.CallAsync(Pool, call, BlockParameter.Latest, DemoChain.Trader));

        Assert.Equal("reverted: 36", RevertReason.Describe(error.DataBytes)); // Errors.COLLATERAL_CANNOT_COVER_NEW_BORROW
    }
}
