using ExposureWeb.Chain.Abi;
using Nethereum.Util;
using ExposureWeb.Chain.Primitives;

namespace ExposureWeb.Chain.Tests.DevChain;

/// <summary>
/// The demo protocol contracts answer the real protocols' selectors: each real signature hashes (with our Keccak) to
/// the selector the real contracts dispatch on, and the deployed demo contract's dispatcher compares calldata with
/// exactly that selector (solc emits <c>PUSH4 selector</c> for it).
/// </summary>
public sealed class DemoProtocolSelectorTests(DeployedDemoFixture chain) : IClassFixture<DeployedDemoFixture>
{
    private static readonly AbiFunction AddressesProvider = AbiFunction.Parse("ADDRESSES_PROVIDER() returns (address)");
    private static readonly AbiFunction GetPriceOracle = AbiFunction.Parse("getPriceOracle() returns (address)");
    private static readonly AbiFunction GetPoolConfigurator = AbiFunction.Parse("getPoolConfigurator() returns (address)");
    private static readonly AbiFunction GetReserveData = AbiFunction.Parse(
        "getReserveData(address) returns (uint256,uint128,uint128,uint128,uint128,uint128,uint40,uint16,address,address,address,address,uint128,uint128,uint128)");
    private static readonly AbiFunction GetPool = AbiFunction.Parse("getPool(address,address,uint24) returns (address)");

    [Theory]
    // Aave v3 Pool
    [InlineData("AavePool", "getUserAccountData(address)", "bf92857c")]
    [InlineData("AavePool", "getReserveData(address)", "35ea6a75")]
    [InlineData("AavePool", "getReservesList()", "d1946dbc")]
    [InlineData("AavePool", "ADDRESSES_PROVIDER()", "0542975c")]
    [InlineData("AavePool", "getUserConfiguration(address)", "4417a583")]
    [InlineData("AavePool", "getConfiguration(address)", "c44b11f7")]
    [InlineData("AavePool", "supply(address,uint256,address,uint16)", "617ba037")]
    [InlineData("AavePool", "borrow(address,uint256,uint256,uint16,address)", "a415bcad")]
    // Aave v3 PoolAddressesProvider, AaveOracle, PoolConfigurator
    [InlineData("AaveProvider", "getPriceOracle()", "fca513a8")]
    [InlineData("AaveProvider", "getPool()", "026b1d5f")]
    [InlineData("AaveProvider", "getPoolConfigurator()", "631adfca")]
    [InlineData("AaveOracle", "getAssetPrice(address)", "b3596f07")]
    [InlineData("AaveOracle", "BASE_CURRENCY_UNIT()", "8c89b64f")]
    [InlineData("AaveConfigurator", "configureReserveAsCollateral(address,uint256,uint256,uint256)", "7c4e560b")]
    [InlineData("AaveConfigurator", "setReserveFreeze(address,bool)", "96e957c4")]
    // aToken and variable debt token (ERC-20 reads + Aave's own)
    [InlineData("AToken", "balanceOf(address)", "70a08231")]
    [InlineData("AToken", "decimals()", "313ce567")]
    [InlineData("AToken", "UNDERLYING_ASSET_ADDRESS()", "b16a19de")]
    [InlineData("VariableDebtToken", "balanceOf(address)", "70a08231")]
    [InlineData("VariableDebtToken", "UNDERLYING_ASSET_ADDRESS()", "b16a19de")]
    [InlineData("VariableDebtToken", "approveDelegation(address,uint256)", "c04a8a10")]
    // Uniswap v3
    [InlineData("UniswapFactory", "getPool(address,address,uint24)", "1698ee82")]
    [InlineData("UniswapPool", "slot0()", "3850c7bd")]
    [InlineData("UniswapPool", "token0()", "0dfe1681")]
    [InlineData("UniswapPool", "token1()", "d21220a7")]
    [InlineData("UniswapPool", "fee()", "ddca3f43")]
    [InlineData("UniswapPool", "liquidity()", "1a686502")]
    [InlineData("PositionManager", "positions(uint256)", "99fbab88")]
    [InlineData("PositionManager", "balanceOf(address)", "70a08231")]
    [InlineData("PositionManager", "tokenOfOwnerByIndex(address,uint256)", "2f745c59")]
    [InlineData("PositionManager", "ownerOf(uint256)", "6352211e")]
    [InlineData("PositionManager", "factory()", "c45a0155")]
    // GMX v2 Reader
    [InlineData("GmxReader", "getAccountPositions(address,address,uint256,uint256)", "77cfb162")]
    [InlineData("GmxReader", "getMarket(address,address)", "714af34b")]
    // Opyn Gamma oToken: keccak("getOtokenDetails()") is 0xaf0968fc (not 0xfe8ce5c4, which no spelling of the name gives).
    [InlineData("OToken", "getOtokenDetails()", "af0968fc")]
    [InlineData("OToken", "decimals()", "313ce567")]
    [InlineData("OToken", "balanceOf(address)", "70a08231")]
    public async Task Selector_RealSignature_MatchesRealSelectorAndDemoContractDispatchesIt(string contract, string signature, string selector)
    {
        var hashed = Convert.ToHexStringLower(Sha3Keccack.Current.CalculateHashAsBytes(signature)[..4]);
        var code = Hex.Decode(await chain.Eth.RequestAsync<string>("eth_getCode", [(await AddressOf(contract)).ToString(), "latest"]));

        Assert.Equal(selector, hashed);
        Assert.Equal(selector, Convert.ToHexStringLower(AbiFunction.Parse(signature).Selector));
        Assert.True(ContainsPush4(code, Convert.FromHexString(selector)), $"{contract} does not dispatch 0x{selector} ({signature})");
    }

    private async Task<Address> AddressOf(string contract)
    {
        var p = chain.Profile;
        var pool = Address.Parse(p.AaveV3!.Pool);
        var provider = await chain.CallOneAsync<Address>(pool, AddressesProvider);
        return contract switch
        {
            "AavePool" => pool,
            "AaveProvider" => provider,
            "AaveOracle" => await chain.CallOneAsync<Address>(provider, GetPriceOracle),
            "AaveConfigurator" => await chain.CallOneAsync<Address>(provider, GetPoolConfigurator),
            "AToken" => (Address)(await chain.CallAsync(pool, GetReserveData, chain.Token("WETH")))[8],
            "VariableDebtToken" => (Address)(await chain.CallAsync(pool, GetReserveData, chain.Token("WETH")))[10],
            "UniswapFactory" => Address.Parse(p.UniswapV3!.Factory),
            "UniswapPool" => await chain.CallOneAsync<Address>(Address.Parse(p.UniswapV3!.Factory), GetPool, chain.Token("WETH"), chain.Token("USDC"), 500),
            "PositionManager" => Address.Parse(p.UniswapV3!.PositionManager),
            "GmxReader" => Address.Parse(p.GmxV2!.Reader),
            "OToken" => Address.Parse(p.OTokens[0]),
            _ => throw new ArgumentOutOfRangeException(nameof(contract), contract, null),
        };
    }

    /// <summary>Whether the bytecode holds <c>PUSH4 (0x63) selector</c>; none of the selectors above starts with a zero byte.</summary>
    private static bool ContainsPush4(byte[] code, byte[] selector)
    {
        byte[] needle = [0x63, .. selector];
        return code.AsSpan().IndexOf(needle) >= 0;
    }
}
