using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Protocols.Aave;
using ExposureWeb.Chain.Protocols.Erc20;
using ExposureWeb.Chain.Protocols.GmxV2;
using ExposureWeb.Chain.Protocols.Opyn;
using ExposureWeb.Chain.Protocols.UniswapV3;
using Nethereum.Contracts;
using Nethereum.Util;

namespace ExposureWeb.Chain.Tests.DevChain;

/// <summary>
/// The dev chain's protocol contracts answer the real protocols' selectors: each real signature hashes (with Nethereum's
/// Keccak) to the selector the real contracts dispatch on, the typed message the app sends for it has that selector, and
/// the deployed contract's dispatcher (the implementation's, behind an EIP-1967 proxy) compares calldata with exactly that
/// selector (solc emits <c>PUSH4 selector</c> for it). Aave and Uniswap are the official builds; GMX and oTokens the project's.
/// </summary>
public sealed class DemoProtocolSelectorTests(DemoChain chain) : IClassFixture<DemoChain>
{
    [Theory]
    // Aave v3 Pool
    [InlineData("AavePool", "getUserAccountData(address)", typeof(GetUserAccountDataFunction), "bf92857c")]
    [InlineData("AavePool", "getReserveData(address)", typeof(GetReserveDataFunction), "35ea6a75")]
    [InlineData("AavePool", "getReservesList()", typeof(GetReservesListFunction), "d1946dbc")]
    [InlineData("AavePool", "ADDRESSES_PROVIDER()", typeof(AddressesProviderFunction), "0542975c")]
    [InlineData("AavePool", "getUserConfiguration(address)", typeof(GetUserConfigurationFunction), "4417a583")]
    [InlineData("AavePool", "getConfiguration(address)", typeof(GetConfigurationFunction), "c44b11f7")]
    [InlineData("AavePool", "supply(address,uint256,address,uint16)", typeof(SupplyFunction), "617ba037")]
    [InlineData("AavePool", "borrow(address,uint256,uint256,uint16,address)", typeof(BorrowFunction), "a415bcad")]
    // Aave v3 PoolAddressesProvider, AaveOracle, PoolConfigurator
    [InlineData("AaveProvider", "getPriceOracle()", typeof(GetPriceOracleFunction), "fca513a8")]
    [InlineData("AaveProvider", "getPool()", typeof(ProviderGetPoolFunction), "026b1d5f")]
    [InlineData("AaveProvider", "getPoolConfigurator()", typeof(GetPoolConfiguratorFunction), "631adfca")]
    [InlineData("AaveOracle", "getAssetPrice(address)", typeof(GetAssetPriceFunction), "b3596f07")]
    [InlineData("AaveOracle", "BASE_CURRENCY_UNIT()", typeof(BaseCurrencyUnitFunction), "8c89b64f")]
    [InlineData("AaveConfigurator", "configureReserveAsCollateral(address,uint256,uint256,uint256)", typeof(ConfigureReserveAsCollateralFunction), "7c4e560b")]
    [InlineData("AaveConfigurator", "setReserveFreeze(address,bool)", typeof(SetReserveFreezeFunction), "96e957c4")]
    // aToken and variable debt token (ERC-20 reads + Aave's own)
    [InlineData("AToken", "balanceOf(address)", typeof(BalanceOfFunction), "70a08231")]
    [InlineData("AToken", "decimals()", typeof(DecimalsFunction), "313ce567")]
    [InlineData("AToken", "UNDERLYING_ASSET_ADDRESS()", typeof(UnderlyingAssetAddressFunction), "b16a19de")]
    [InlineData("VariableDebtToken", "balanceOf(address)", typeof(BalanceOfFunction), "70a08231")]
    [InlineData("VariableDebtToken", "UNDERLYING_ASSET_ADDRESS()", typeof(UnderlyingAssetAddressFunction), "b16a19de")]
    [InlineData("VariableDebtToken", "approveDelegation(address,uint256)", typeof(ApproveDelegationFunction), "c04a8a10")]
    // Uniswap v3
    [InlineData("UniswapFactory", "getPool(address,address,uint24)", typeof(GetPoolFunction), "1698ee82")]
    [InlineData("UniswapPool", "slot0()", typeof(Slot0Function), "3850c7bd")]
    [InlineData("UniswapPool", "token0()", typeof(Token0Function), "0dfe1681")]
    [InlineData("UniswapPool", "token1()", typeof(Token1Function), "d21220a7")]
    [InlineData("UniswapPool", "fee()", typeof(FeeFunction), "ddca3f43")]
    [InlineData("UniswapPool", "liquidity()", typeof(LiquidityFunction), "1a686502")]
    [InlineData("PositionManager", "positions(uint256)", typeof(PositionsFunction), "99fbab88")]
    [InlineData("PositionManager", "balanceOf(address)", typeof(BalanceOfFunction), "70a08231")]
    [InlineData("PositionManager", "tokenOfOwnerByIndex(address,uint256)", typeof(TokenOfOwnerByIndexFunction), "2f745c59")]
    [InlineData("PositionManager", "ownerOf(uint256)", typeof(OwnerOfFunction), "6352211e")]
    [InlineData("PositionManager", "factory()", typeof(FactoryFunction), "c45a0155")]
    // GMX v2 Reader
    [InlineData("GmxReader", "getAccountPositions(address,address,uint256,uint256)", typeof(GetAccountPositionsFunction), "77cfb162")]
    [InlineData("GmxReader", "getMarket(address,address)", typeof(GetMarketFunction), "714af34b")]
    // Opyn Gamma oToken: keccak("getOtokenDetails()") is 0xaf0968fc (not 0xfe8ce5c4, which no spelling of the name gives).
    [InlineData("OToken", "getOtokenDetails()", typeof(GetOtokenDetailsFunction), "af0968fc")]
    [InlineData("OToken", "decimals()", typeof(DecimalsFunction), "313ce567")]
    [InlineData("OToken", "balanceOf(address)", typeof(BalanceOfFunction), "70a08231")]
    public async Task Selector_RealSignature_MatchesRealSelectorAndDeployedContractDispatchesIt(string contract, string signature, Type message, string selector)
    {
        var hashed = Convert.ToHexStringLower(Sha3Keccack.Current.CalculateHashAsBytes(signature)[..4]);
        var code = await DispatchingCodeAsync(await AddressOf(contract));

        Assert.Equal(selector, hashed);
        Assert.Equal(selector, ABITypedRegistry.GetFunctionABI(message).Sha3Signature);
        Assert.True(ContainsPush4(code, Convert.FromHexString(selector)), $"{contract} does not dispatch 0x{selector} ({signature})");
    }

    private async Task<Address> AddressOf(string contract)
    {
        var p = chain.Profile;
        var pool = Address.Parse(p.AaveV3!.Pool);
        var provider = await AddressAsync<AddressesProviderFunction>(pool);
        return contract switch
        {
            "AavePool" => pool,
            "AaveProvider" => provider,
            "AaveOracle" => await AddressAsync<GetPriceOracleFunction>(provider),
            "AaveConfigurator" => await AddressAsync<GetPoolConfiguratorFunction>(provider),
            "AToken" => Address.Parse((await WethReserveAsync(pool)).ATokenAddress),
            "VariableDebtToken" => Address.Parse((await WethReserveAsync(pool)).VariableDebtTokenAddress),
            "UniswapFactory" => Address.Parse(p.UniswapV3!.Factory),
            "UniswapPool" => await chain.UniswapPoolAsync("WETH", "USDC", 500),
            "PositionManager" => Address.Parse(p.UniswapV3!.PositionManager),
            "GmxReader" => Address.Parse(p.GmxV2!.Reader),
            "OToken" => Address.Parse(p.OTokens[0]),
            _ => throw new ArgumentOutOfRangeException(nameof(contract), contract, null),
        };
    }

    /// <summary>EIP-1967's implementation slot: keccak256("eip1967.proxy.implementation") − 1.</summary>
    private const string ImplementationSlot = "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc";

    /// <summary>The code that dispatches calls to <paramref name="address"/>: the implementation's when it is an EIP-1967 proxy.</summary>
    private async Task<byte[]> DispatchingCodeAsync(Address address)
    {
        var slot = Hex.Decode(await chain.Eth.RequestAsync<string>("eth_getStorageAt", [address.ToString(), ImplementationSlot, "latest"]));
        var target = slot.AsSpan().ContainsAnyExcept((byte)0) ? Address.FromBytes(slot.AsSpan(12)) : address;
        return Hex.Decode(await chain.Eth.RequestAsync<string>("eth_getCode", [target.ToString(), "latest"]));
    }

    private async Task<Address> AddressAsync<TFunction>(Address to) where TFunction : FunctionMessage, new() =>
        Address.Parse((await chain.QueryOutputAsync<TFunction, AddressOutput>(to, new TFunction())).Value);

    private async Task<ReserveData> WethReserveAsync(Address pool) =>
        (await chain.QueryOutputAsync<GetReserveDataFunction, ReserveDataOutput>(pool, new GetReserveDataFunction { Asset = chain.Token("WETH").ToString() })).Data;

    /// <summary>Whether the bytecode holds <c>PUSH4 (0x63) selector</c>; none of the selectors above starts with a zero byte.</summary>
    private static bool ContainsPush4(byte[] code, byte[] selector)
    {
        byte[] needle = [0x63, .. selector];
        return code.AsSpan().IndexOf(needle) >= 0;
    }
}
