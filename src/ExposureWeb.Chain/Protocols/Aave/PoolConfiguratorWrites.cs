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
