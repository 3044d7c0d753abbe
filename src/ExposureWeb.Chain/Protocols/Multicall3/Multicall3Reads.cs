using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.Multicall3;

// aggregate3 itself is Nethereum's own Aggregate3Function / Call3 / Aggregate3OutputDTO
// (Nethereum.Contracts.QueryHandlers.MultiCall); these are the Multicall3 helpers the snapshot reads beside it.

/// <summary><c>getEthBalance(address) returns (uint256)</c>: native balance in wei.</summary>
[Function("getEthBalance", typeof(EthBalanceOutput))]
public sealed class GetEthBalanceFunction : FunctionMessage
{
    [Parameter("address", "addr", 1)] public string Address { get; set; } = "";
}

/// <summary>Output of <see cref="GetEthBalanceFunction"/>.</summary>
[FunctionOutput]
public sealed class EthBalanceOutput : IFunctionOutputDTO
{
    [Parameter("uint256", "balance", 1)] public BigInteger Balance { get; set; }
}

/// <summary><c>getBlockNumber() returns (uint256)</c>: the block the batch executed in (proves the pin).</summary>
[Function("getBlockNumber", typeof(BlockNumberOutput))]
public sealed class GetBlockNumberFunction : FunctionMessage;

/// <summary>Output of <see cref="GetBlockNumberFunction"/>.</summary>
[FunctionOutput]
public sealed class BlockNumberOutput : IFunctionOutputDTO
{
    [Parameter("uint256", "blockNumber", 1)] public BigInteger BlockNumber { get; set; }
}

/// <summary><c>getCurrentBlockTimestamp() returns (uint256)</c>: the block's time in Unix seconds.</summary>
[Function("getCurrentBlockTimestamp", typeof(BlockTimestampOutput))]
public sealed class GetCurrentBlockTimestampFunction : FunctionMessage;

/// <summary>Output of <see cref="GetCurrentBlockTimestampFunction"/>.</summary>
[FunctionOutput]
public sealed class BlockTimestampOutput : IFunctionOutputDTO
{
    [Parameter("uint256", "timestamp", 1)] public BigInteger Timestamp { get; set; }
}
