using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.Chainlink;

// A view the market simulator needs before main's AggregatorV3Reads.cs arrives; deduplicated at the merge.

/// <summary>AggregatorV3Interface <c>latestRoundData()</c>.</summary>
[Function("latestRoundData", typeof(LatestRoundDataOutput))]
public sealed class LatestRoundDataFunction : FunctionMessage;

/// <summary>(roundId, answer, startedAt, updatedAt, answeredInRound) of <c>latestRoundData()</c>.</summary>
[FunctionOutput]
public sealed class LatestRoundDataOutput : IFunctionOutputDTO
{
    [Parameter("uint80", "roundId", 1)] public BigInteger RoundId { get; set; }
    [Parameter("int256", "answer", 2)] public BigInteger Answer { get; set; }
    [Parameter("uint256", "startedAt", 3)] public BigInteger StartedAt { get; set; }
    [Parameter("uint256", "updatedAt", 4)] public BigInteger UpdatedAt { get; set; }
    [Parameter("uint80", "answeredInRound", 5)] public BigInteger AnsweredInRound { get; set; }
}
