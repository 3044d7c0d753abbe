using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.Aave;

/// <summary>PoolConfigurator <c>configureReserveAsCollateral(address asset, uint256 ltv, uint256 liquidationThreshold, uint256 liquidationBonus)</c> (basis points).</summary>
[Function("configureReserveAsCollateral")]
public sealed class ConfigureReserveAsCollateralFunction : FunctionMessage
{
    [Parameter("address", "asset", 1)]
    public string Asset { get; set; } = "";

    [Parameter("uint256", "ltv", 2)]
    public BigInteger Ltv { get; set; }

    [Parameter("uint256", "liquidationThreshold", 3)]
    public BigInteger LiquidationThreshold { get; set; }

    [Parameter("uint256", "liquidationBonus", 4)]
    public BigInteger LiquidationBonus { get; set; }
}

/// <summary>PoolConfigurator <c>setReserveBorrowing(address asset, bool enabled)</c>.</summary>
[Function("setReserveBorrowing")]
public sealed class SetReserveBorrowingFunction : FunctionMessage
{
    [Parameter("address", "asset", 1)]
    public string Asset { get; set; } = "";

    [Parameter("bool", "enabled", 2)]
    public bool Enabled { get; set; }
}

/// <summary>PoolConfigurator <c>setReserveFactor(address asset, uint256 newReserveFactor)</c> (basis points).</summary>
[Function("setReserveFactor")]
public sealed class SetReserveFactorFunction : FunctionMessage
{
    [Parameter("address", "asset", 1)]
    public string Asset { get; set; } = "";

    [Parameter("uint256", "newReserveFactor", 2)]
    public BigInteger ReserveFactor { get; set; }
}

/// <summary>PoolConfigurator <c>setSupplyCap(address asset, uint256 newSupplyCap)</c> (whole tokens).</summary>
[Function("setSupplyCap")]
public sealed class SetSupplyCapFunction : FunctionMessage
{
    [Parameter("address", "asset", 1)]
    public string Asset { get; set; } = "";

    [Parameter("uint256", "newSupplyCap", 2)]
    public BigInteger SupplyCap { get; set; }
}

/// <summary>PoolConfigurator <c>setBorrowCap(address asset, uint256 newBorrowCap)</c> (whole tokens).</summary>
[Function("setBorrowCap")]
public sealed class SetBorrowCapFunction : FunctionMessage
{
    [Parameter("address", "asset", 1)]
    public string Asset { get; set; } = "";

    [Parameter("uint256", "newBorrowCap", 2)]
    public BigInteger BorrowCap { get; set; }
}

/// <summary>PoolConfigurator <c>setLiquidationProtocolFee(address asset, uint256 newFee)</c> (basis points).</summary>
[Function("setLiquidationProtocolFee")]
public sealed class SetLiquidationProtocolFeeFunction : FunctionMessage
{
    [Parameter("address", "asset", 1)]
    public string Asset { get; set; } = "";

    [Parameter("uint256", "newFee", 2)]
    public BigInteger Fee { get; set; }
}

/// <summary>PoolConfigurator <c>setAssetEModeCategory(address asset, uint8 newCategoryId)</c> (Aave v3.0/v3.1).</summary>
[Function("setAssetEModeCategory")]
public sealed class SetAssetEModeCategoryFunction : FunctionMessage
{
    [Parameter("address", "asset", 1)]
    public string Asset { get; set; } = "";

    [Parameter("uint8", "newCategoryId", 2)]
    public byte CategoryId { get; set; }
}

/// <summary>PoolConfigurator <c>setReserveFreeze(address asset, bool freeze)</c>: a frozen reserve takes no supply or borrow.</summary>
[Function("setReserveFreeze")]
public sealed class SetReserveFreezeFunction : FunctionMessage
{
    [Parameter("address", "asset", 1)]
    public string Asset { get; set; } = "";

    [Parameter("bool", "freeze", 2)]
    public bool Freeze { get; set; }
}

/// <summary>PoolConfigurator (implementation) <c>initialize(IPoolAddressesProvider provider)</c>.</summary>
[Function("initialize")]
public sealed class PoolConfiguratorInitializeFunction : FunctionMessage
{
    [Parameter("address", "provider", 1)] public string Provider { get; set; } = "";
}

/// <summary>PoolConfigurator <c>initReserves(InitReserveInput[])</c> (asset listing or pool admin): lists reserves with their token proxies.</summary>
[Function("initReserves")]
public sealed class InitReservesFunction : FunctionMessage
{
    [Parameter("tuple[]", "input", 1)] public List<InitReserveInput> Input { get; set; } = [];
}

/// <summary><c>ConfiguratorInputTypes.InitReserveInput</c> (Aave v3.0).</summary>
public sealed class InitReserveInput
{
    [Parameter("address", "aTokenImpl", 1)] public string ATokenImpl { get; set; } = "";
    [Parameter("address", "stableDebtTokenImpl", 2)] public string StableDebtTokenImpl { get; set; } = "";
    [Parameter("address", "variableDebtTokenImpl", 3)] public string VariableDebtTokenImpl { get; set; } = "";
    [Parameter("uint8", "underlyingAssetDecimals", 4)] public byte UnderlyingAssetDecimals { get; set; }
    [Parameter("address", "interestRateStrategyAddress", 5)] public string InterestRateStrategyAddress { get; set; } = "";
    [Parameter("address", "underlyingAsset", 6)] public string UnderlyingAsset { get; set; } = "";
    [Parameter("address", "treasury", 7)] public string Treasury { get; set; } = "";
    [Parameter("address", "incentivesController", 8)] public string IncentivesController { get; set; } = "0x0000000000000000000000000000000000000000";
    [Parameter("string", "aTokenName", 9)] public string ATokenName { get; set; } = "";
    [Parameter("string", "aTokenSymbol", 10)] public string ATokenSymbol { get; set; } = "";
    [Parameter("string", "variableDebtTokenName", 11)] public string VariableDebtTokenName { get; set; } = "";
    [Parameter("string", "variableDebtTokenSymbol", 12)] public string VariableDebtTokenSymbol { get; set; } = "";
    [Parameter("string", "stableDebtTokenName", 13)] public string StableDebtTokenName { get; set; } = "";
    [Parameter("string", "stableDebtTokenSymbol", 14)] public string StableDebtTokenSymbol { get; set; } = "";
    [Parameter("bytes", "params", 15)] public byte[] Params { get; set; } = [];
}

/// <summary>PoolConfigurator <c>setEModeCategory(uint8 categoryId, uint16 ltv, uint16 liquidationThreshold, uint16 liquidationBonus, address oracle, string label)</c>.</summary>
[Function("setEModeCategory")]
public sealed class SetEModeCategoryFunction : FunctionMessage
{
    [Parameter("uint8", "categoryId", 1)] public byte CategoryId { get; set; }
    [Parameter("uint16", "ltv", 2)] public ushort Ltv { get; set; }
    [Parameter("uint16", "liquidationThreshold", 3)] public ushort LiquidationThreshold { get; set; }
    [Parameter("uint16", "liquidationBonus", 4)] public ushort LiquidationBonus { get; set; }
    [Parameter("address", "oracle", 5)] public string Oracle { get; set; } = "0x0000000000000000000000000000000000000000";
    [Parameter("string", "label", 6)] public string Label { get; set; } = "";
}

/// <summary>PoolConfigurator <c>setReservePause(address asset, bool paused)</c>: a paused reserve allows nothing, not even liquidations.</summary>
[Function("setReservePause")]
public sealed class SetReservePauseFunction : FunctionMessage
{
    [Parameter("address", "asset", 1)] public string Asset { get; set; } = "";
    [Parameter("bool", "paused", 2)] public bool Paused { get; set; }
}

/// <summary>PoolConfigurator <c>setReserveActive(address asset, bool active)</c>.</summary>
[Function("setReserveActive")]
public sealed class SetReserveActiveFunction : FunctionMessage
{
    [Parameter("address", "asset", 1)] public string Asset { get; set; } = "";
    [Parameter("bool", "active", 2)] public bool Active { get; set; }
}

/// <summary>PoolConfigurator <c>setDebtCeiling(address asset, uint256 newDebtCeiling)</c> (USD with 2 decimals; 0 leaves isolation mode).</summary>
[Function("setDebtCeiling")]
public sealed class SetDebtCeilingFunction : FunctionMessage
{
    [Parameter("address", "asset", 1)] public string Asset { get; set; } = "";
    [Parameter("uint256", "newDebtCeiling", 2)] public BigInteger DebtCeiling { get; set; }
}

/// <summary>PoolConfigurator <c>setReserveInterestRateStrategyAddress(address asset, address newRateStrategyAddress)</c>.</summary>
[Function("setReserveInterestRateStrategyAddress")]
public sealed class SetReserveInterestRateStrategyAddressFunction : FunctionMessage
{
    [Parameter("address", "asset", 1)] public string Asset { get; set; } = "";
    [Parameter("address", "newRateStrategyAddress", 2)] public string RateStrategy { get; set; } = "";
}
