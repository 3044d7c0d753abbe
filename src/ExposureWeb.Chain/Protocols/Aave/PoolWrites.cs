using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.Aave;

/// <summary>Aave v3 Pool <c>supply(address asset, uint256 amount, address onBehalfOf, uint16 referralCode)</c>.</summary>
[Function("supply")]
public sealed class SupplyFunction : FunctionMessage
{
    [Parameter("address", "asset", 1)]
    public string Asset { get; set; } = "";

    [Parameter("uint256", "amount", 2)]
    public BigInteger Amount { get; set; }

    [Parameter("address", "onBehalfOf", 3)]
    public string OnBehalfOf { get; set; } = "";

    [Parameter("uint16", "referralCode", 4)]
    public ushort ReferralCode { get; set; }
}

/// <summary>Aave v3 Pool <c>borrow(address asset, uint256 amount, uint256 interestRateMode, uint16 referralCode, address onBehalfOf)</c>.</summary>
[Function("borrow")]
public sealed class BorrowFunction : FunctionMessage
{
    /// <summary>Aave's interestRateMode for variable debt (stable debt, 1, is gone since v3.2).</summary>
    public const int VariableRate = 2;

    [Parameter("address", "asset", 1)]
    public string Asset { get; set; } = "";

    [Parameter("uint256", "amount", 2)]
    public BigInteger Amount { get; set; }

    [Parameter("uint256", "interestRateMode", 3)]
    public BigInteger InterestRateMode { get; set; } = VariableRate;

    [Parameter("uint16", "referralCode", 4)]
    public ushort ReferralCode { get; set; }

    [Parameter("address", "onBehalfOf", 5)]
    public string OnBehalfOf { get; set; } = "";
}

/// <summary>
/// Pool <c>liquidationCall(address collateralAsset, address debtAsset, address user, uint256 debtToCover, bool receiveAToken)</c>:
/// repays up to half the debt (all below the close factor threshold) of an account whose health factor is below 1 and
/// takes collateral at the liquidation bonus; reverts with 45 (HEALTH_FACTOR_NOT_BELOW_THRESHOLD) otherwise.
/// </summary>
[Function("liquidationCall")]
public sealed class LiquidationCallFunction : FunctionMessage
{
    [Parameter("address", "collateralAsset", 1)] public string CollateralAsset { get; set; } = "";
    [Parameter("address", "debtAsset", 2)] public string DebtAsset { get; set; } = "";
    [Parameter("address", "user", 3)] public string User { get; set; } = "";
    [Parameter("uint256", "debtToCover", 4)] public System.Numerics.BigInteger DebtToCover { get; set; }
    [Parameter("bool", "receiveAToken", 5)] public bool ReceiveAToken { get; set; }
}

/// <summary>Pool (implementation) <c>initialize(IPoolAddressesProvider provider)</c>.</summary>
[Function("initialize")]
public sealed class PoolInitializeFunction : FunctionMessage
{
    [Parameter("address", "provider", 1)] public string Provider { get; set; } = "";
}

/// <summary>
/// Aave v3 Pool <c>repay(address asset, uint256 amount, uint256 interestRateMode, address onBehalfOf) returns (uint256)</c>:
/// repays variable debt with the caller's tokens (approved to the Pool first).
/// </summary>
[Function("repay", "uint256")]
public sealed class RepayFunction : FunctionMessage
{
    [Parameter("address", "asset", 1)] public string Asset { get; set; } = "";

    [Parameter("uint256", "amount", 2)] public BigInteger Amount { get; set; }

    [Parameter("uint256", "interestRateMode", 3)] public BigInteger InterestRateMode { get; set; } = BorrowFunction.VariableRate;

    [Parameter("address", "onBehalfOf", 4)] public string OnBehalfOf { get; set; } = "";
}

/// <summary>
/// Aave v3 Pool <c>withdraw(address asset, uint256 amount, address to) returns (uint256)</c>: burns the caller's aTokens
/// and sends the underlying to <c>to</c>; reverts when the health factor after it would be below 1 (35,
/// HEALTH_FACTOR_LOWER_THAN_LIQUIDATION_THRESHOLD) or a collateral with LTV 0 is held and this one has an LTV (57).
/// </summary>
[Function("withdraw", "uint256")]
public sealed class WithdrawFunction : FunctionMessage
{
    [Parameter("address", "asset", 1)] public string Asset { get; set; } = "";

    [Parameter("uint256", "amount", 2)] public BigInteger Amount { get; set; }

    [Parameter("address", "to", 3)] public string To { get; set; } = "";
}
