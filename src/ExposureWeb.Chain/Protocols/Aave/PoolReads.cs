using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.Aave;

// Aave v3 Pool views, with Aave's own signatures (IPool of aave-v3-core; getReserveData's struct is the 15-field
// DataTypes.ReserveData that v3.1+ keeps as ReserveDataLegacy).

/// <summary><c>getReservesList() returns (address[])</c>: the listed assets in listing order (index = reserve id).</summary>
[Function("getReservesList", typeof(ReservesListOutput))]
public sealed class GetReservesListFunction : FunctionMessage;

/// <summary>Output of <see cref="GetReservesListFunction"/>.</summary>
[FunctionOutput]
public sealed class ReservesListOutput : IFunctionOutputDTO
{
    [Parameter("address[]", "reserves", 1)] public List<string> Reserves { get; set; } = [];
}

/// <summary><c>getReserveData(address asset) returns (ReserveData)</c>.</summary>
[Function("getReserveData", typeof(ReserveDataOutput))]
public sealed class GetReserveDataFunction : FunctionMessage
{
    [Parameter("address", "asset", 1)] public string Asset { get; set; } = "";
}

/// <summary>Output of <see cref="GetReserveDataFunction"/>.</summary>
[FunctionOutput]
public sealed class ReserveDataOutput : IFunctionOutputDTO
{
    [Parameter("tuple", "data", 1)] public ReserveData Data { get; set; } = new();
}

/// <summary>Aave's <c>DataTypes.ReserveData</c>: rates and indexes in ray (1e27), timestamp in Unix seconds.</summary>
public sealed class ReserveData
{
    [Parameter("tuple", "configuration", 1)] public ConfigurationMap Configuration { get; set; } = new();
    [Parameter("uint128", "liquidityIndex", 2)] public BigInteger LiquidityIndex { get; set; }
    [Parameter("uint128", "currentLiquidityRate", 3)] public BigInteger CurrentLiquidityRate { get; set; }
    [Parameter("uint128", "variableBorrowIndex", 4)] public BigInteger VariableBorrowIndex { get; set; }
    [Parameter("uint128", "currentVariableBorrowRate", 5)] public BigInteger CurrentVariableBorrowRate { get; set; }
    [Parameter("uint128", "currentStableBorrowRate", 6)] public BigInteger CurrentStableBorrowRate { get; set; }
    [Parameter("uint40", "lastUpdateTimestamp", 7)] public BigInteger LastUpdateTimestamp { get; set; }
    [Parameter("uint16", "id", 8)] public ushort Id { get; set; }
    [Parameter("address", "aTokenAddress", 9)] public string ATokenAddress { get; set; } = "";
    [Parameter("address", "stableDebtTokenAddress", 10)] public string StableDebtTokenAddress { get; set; } = "";
    [Parameter("address", "variableDebtTokenAddress", 11)] public string VariableDebtTokenAddress { get; set; } = "";
    [Parameter("address", "interestRateStrategyAddress", 12)] public string InterestRateStrategyAddress { get; set; } = "";
    [Parameter("uint128", "accruedToTreasury", 13)] public BigInteger AccruedToTreasury { get; set; }
    [Parameter("uint128", "unbacked", 14)] public BigInteger Unbacked { get; set; }
    [Parameter("uint128", "isolationModeTotalDebt", 15)] public BigInteger IsolationModeTotalDebt { get; set; }
}

/// <summary>A one-word bitmap struct (<c>ReserveConfigurationMap</c>, <c>UserConfigurationMap</c>).</summary>
public sealed class ConfigurationMap
{
    [Parameter("uint256", "data", 1)] public BigInteger Data { get; set; }
}

/// <summary><c>getUserAccountData(address user)</c>: the account in base currency.</summary>
[Function("getUserAccountData", typeof(UserAccountDataOutput))]
public sealed class GetUserAccountDataFunction : FunctionMessage
{
    [Parameter("address", "user", 1)] public string User { get; set; } = "";
}

/// <summary>Totals in base currency units (1e8 = 1 USD on USD markets), threshold and LTV in bps, health factor in WAD (uint256 max without debt).</summary>
[FunctionOutput]
public sealed class UserAccountDataOutput : IFunctionOutputDTO
{
    [Parameter("uint256", "totalCollateralBase", 1)] public BigInteger TotalCollateralBase { get; set; }
    [Parameter("uint256", "totalDebtBase", 2)] public BigInteger TotalDebtBase { get; set; }
    [Parameter("uint256", "availableBorrowsBase", 3)] public BigInteger AvailableBorrowsBase { get; set; }
    [Parameter("uint256", "currentLiquidationThreshold", 4)] public BigInteger CurrentLiquidationThreshold { get; set; }
    [Parameter("uint256", "ltv", 5)] public BigInteger Ltv { get; set; }
    [Parameter("uint256", "healthFactor", 6)] public BigInteger HealthFactor { get; set; }
}

/// <summary><c>getUserConfiguration(address user) returns (UserConfigurationMap)</c>: bit 2·id = borrowing reserve id, bit 2·id+1 = using it as collateral.</summary>
[Function("getUserConfiguration", typeof(UserConfigurationOutput))]
public sealed class GetUserConfigurationFunction : FunctionMessage
{
    [Parameter("address", "user", 1)] public string User { get; set; } = "";
}

/// <summary>Output of <see cref="GetUserConfigurationFunction"/>.</summary>
[FunctionOutput]
public sealed class UserConfigurationOutput : IFunctionOutputDTO
{
    [Parameter("tuple", "configuration", 1)] public ConfigurationMap Configuration { get; set; } = new();
}

/// <summary><c>getUserEMode(address user) returns (uint256)</c>: the eMode category, 0 = none.</summary>
[Function("getUserEMode", typeof(UserEModeOutput))]
public sealed class GetUserEModeFunction : FunctionMessage
{
    [Parameter("address", "user", 1)] public string User { get; set; } = "";
}

/// <summary>Output of <see cref="GetUserEModeFunction"/>.</summary>
[FunctionOutput]
public sealed class UserEModeOutput : IFunctionOutputDTO
{
    [Parameter("uint256", "category", 1)] public BigInteger Category { get; set; }
}

/// <summary><c>ADDRESSES_PROVIDER() returns (address)</c>: the pool's PoolAddressesProvider.</summary>
[Function("ADDRESSES_PROVIDER", typeof(AddressOutput))]
public sealed class AddressesProviderFunction : FunctionMessage;

/// <summary>A view returning one address.</summary>
[FunctionOutput]
public sealed class AddressOutput : IFunctionOutputDTO
{
    [Parameter("address", "value", 1)] public string Value { get; set; } = "";
}

/// <summary><c>getConfiguration(address asset) returns (ReserveConfigurationMap)</c>: the reserve's bitmap alone (as in <see cref="ReserveData.Configuration"/>).</summary>
[Function("getConfiguration", typeof(ReserveConfigurationOutput))]
public sealed class GetConfigurationFunction : FunctionMessage
{
    [Parameter("address", "asset", 1)] public string Asset { get; set; } = "";
}

/// <summary>Output of <see cref="GetConfigurationFunction"/>.</summary>
[FunctionOutput]
public sealed class ReserveConfigurationOutput : IFunctionOutputDTO
{
    [Parameter("tuple", "configuration", 1)] public ConfigurationMap Configuration { get; set; } = new();
}

/// <summary>
/// Aave v3.0 Pool <c>getEModeCategoryData(uint8 id) returns (DataTypes.EModeCategory)</c>; an unset category answers
/// zeros and an empty label. (v3.2 replaced it with per-field getters.)
/// </summary>
[Function("getEModeCategoryData", typeof(EModeCategoryDataOutput))]
public sealed class GetEModeCategoryDataFunction : FunctionMessage
{
    [Parameter("uint8", "id", 1)] public byte Id { get; set; }
}

/// <summary>Output of <see cref="GetEModeCategoryDataFunction"/>.</summary>
[FunctionOutput]
public sealed class EModeCategoryDataOutput : IFunctionOutputDTO
{
    [Parameter("tuple", "category", 1)] public EModeCategoryData Category { get; set; } = new();
}

/// <summary>Aave v3.0 <c>DataTypes.EModeCategory</c>: thresholds in basis points; price source address(0) = the reserves' own.</summary>
public sealed class EModeCategoryData
{
    [Parameter("uint16", "ltv", 1)] public ushort Ltv { get; set; }
    [Parameter("uint16", "liquidationThreshold", 2)] public ushort LiquidationThreshold { get; set; }
    [Parameter("uint16", "liquidationBonus", 3)] public ushort LiquidationBonus { get; set; }
    [Parameter("address", "priceSource", 4)] public string PriceSource { get; set; } = "";
    [Parameter("string", "label", 5)] public string Label { get; set; } = "";
}
