using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.Aave;

// A view the dev chain's seeding needs before main's PoolReads.cs arrives; deduplicated at the merge.

/// <summary>Aave v3 Pool <c>getReserveData(address asset)</c> (the legacy ReserveData struct).</summary>
[Function("getReserveData", typeof(ReserveDataOutput))]
public sealed class GetReserveDataFunction : FunctionMessage
{
    [Parameter("address", "asset", 1)]
    public string Asset { get; set; } = "";
}

/// <summary>The fields of Aave v3's <c>ReserveDataLegacy</c>, in order.</summary>
[FunctionOutput]
public sealed class ReserveDataOutput : IFunctionOutputDTO
{
    [Parameter("uint256", "configuration", 1)] public BigInteger Configuration { get; set; }
    [Parameter("uint128", "liquidityIndex", 2)] public BigInteger LiquidityIndex { get; set; }
    [Parameter("uint128", "currentLiquidityRate", 3)] public BigInteger CurrentLiquidityRate { get; set; }
    [Parameter("uint128", "variableBorrowIndex", 4)] public BigInteger VariableBorrowIndex { get; set; }
    [Parameter("uint128", "currentVariableBorrowRate", 5)] public BigInteger CurrentVariableBorrowRate { get; set; }
    [Parameter("uint128", "currentStableBorrowRate", 6)] public BigInteger CurrentStableBorrowRate { get; set; }
    [Parameter("uint40", "lastUpdateTimestamp", 7)] public ulong LastUpdateTimestamp { get; set; }
    [Parameter("uint16", "id", 8)] public ushort Id { get; set; }
    [Parameter("address", "aTokenAddress", 9)] public string ATokenAddress { get; set; } = "";
    [Parameter("address", "stableDebtTokenAddress", 10)] public string StableDebtTokenAddress { get; set; } = "";
    [Parameter("address", "variableDebtTokenAddress", 11)] public string VariableDebtTokenAddress { get; set; } = "";
    [Parameter("address", "interestRateStrategyAddress", 12)] public string InterestRateStrategyAddress { get; set; } = "";
    [Parameter("uint128", "accruedToTreasury", 13)] public BigInteger AccruedToTreasury { get; set; }
    [Parameter("uint128", "unbacked", 14)] public BigInteger Unbacked { get; set; }
    [Parameter("uint128", "isolationModeTotalDebt", 15)] public BigInteger IsolationModeTotalDebt { get; set; }
}
