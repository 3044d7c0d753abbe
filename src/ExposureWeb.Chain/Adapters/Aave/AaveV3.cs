using ExposureWeb.Chain.Abi;

namespace ExposureWeb.Chain.Adapters.Aave;

/// <summary>The Aave v3 functions the adapter reads (Pool, PoolAddressesProvider, AaveOracle), with Aave's signatures.</summary>
public static class AaveV3
{
    /// <summary>Pool: the listed reserve assets in listing order (index = reserve id).</summary>
    public static readonly AbiFunction GetReservesList = AbiFunction.Parse("getReservesList() returns (address[])");

    /// <summary>Pool: the 15-field <c>ReserveDataLegacy</c> of aave-v3-origin; the configuration is a one-field struct.</summary>
    public static readonly AbiFunction GetReserveData = AbiFunction.Parse(
        "getReserveData(address) returns ((uint256),uint128,uint128,uint128,uint128,uint128,uint40,uint16,address,address,address,address,uint128,uint128,uint128)");

    /// <summary>Field names of <see cref="GetReserveData"/>'s outputs, in order.</summary>
    public static readonly IReadOnlyList<string> ReserveDataFields =
    [
        "configuration", "liquidityIndex", "currentLiquidityRate", "variableBorrowIndex", "currentVariableBorrowRate",
        "currentStableBorrowRate", "lastUpdateTimestamp", "id", "aTokenAddress", "stableDebtTokenAddress",
        "variableDebtTokenAddress", "interestRateStrategyAddress", "accruedToTreasury", "unbacked", "isolationModeTotalDebt",
    ];

    /// <summary>Pool: the account in base currency; thresholds in bps, health factor in WAD (uint256 max without debt).</summary>
    public static readonly AbiFunction GetUserAccountData = AbiFunction.Parse(
        "getUserAccountData(address) returns (uint256,uint256,uint256,uint256,uint256,uint256)");

    /// <summary>Field names of <see cref="GetUserAccountData"/>'s outputs, in order.</summary>
    public static readonly IReadOnlyList<string> UserAccountDataFields =
        ["totalCollateralBase", "totalDebtBase", "availableBorrowsBase", "currentLiquidationThreshold", "ltv", "healthFactor"];

    /// <summary>Pool: the user's bitmap, bit 2·id = borrowing reserve id, bit 2·id+1 = using it as collateral.</summary>
    public static readonly AbiFunction GetUserConfiguration = AbiFunction.Parse("getUserConfiguration(address) returns ((uint256))");

    /// <summary>Pool: the user's eMode category (0 = none).</summary>
    public static readonly AbiFunction GetUserEMode = AbiFunction.Parse("getUserEMode(address) returns (uint256)");

    /// <summary>Pool: its PoolAddressesProvider.</summary>
    public static readonly AbiFunction AddressesProvider = AbiFunction.Parse("ADDRESSES_PROVIDER() returns (address)");

    /// <summary>PoolAddressesProvider: the AaveOracle.</summary>
    public static readonly AbiFunction GetPriceOracle = AbiFunction.Parse("getPriceOracle() returns (address)");

    /// <summary>AaveOracle: an asset's price in base currency units.</summary>
    public static readonly AbiFunction GetAssetPrice = AbiFunction.Parse("getAssetPrice(address) returns (uint256)");

    /// <summary>AaveOracle: one unit of the base currency (1e8 for USD markets).</summary>
    public static readonly AbiFunction BaseCurrencyUnit = AbiFunction.Parse("BASE_CURRENCY_UNIT() returns (uint256)");
}
