using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.Chainlink;

/// <summary>Chainlink <c>AggregatorV3Interface.latestRoundData()</c>.</summary>
[Function("latestRoundData", typeof(LatestRoundDataOutput))]
public sealed class LatestRoundDataFunction : FunctionMessage;

/// <summary>The newest round: answer in the feed's decimals, times in Unix seconds.</summary>
[FunctionOutput]
public sealed class LatestRoundDataOutput : IFunctionOutputDTO
{
    [Parameter("uint80", "roundId", 1)] public BigInteger RoundId { get; set; }
    [Parameter("int256", "answer", 2)] public BigInteger Answer { get; set; }
    [Parameter("uint256", "startedAt", 3)] public BigInteger StartedAt { get; set; }
    [Parameter("uint256", "updatedAt", 4)] public BigInteger UpdatedAt { get; set; }
    [Parameter("uint80", "answeredInRound", 5)] public BigInteger AnsweredInRound { get; set; }
}

/// <summary><c>decimals() returns (uint8)</c> of a feed (same shape as ERC-20's).</summary>
[Function("decimals", typeof(FeedDecimalsOutput))]
public sealed class FeedDecimalsFunction : FunctionMessage;

/// <summary>Output of <see cref="FeedDecimalsFunction"/>.</summary>
[FunctionOutput]
public sealed class FeedDecimalsOutput : IFunctionOutputDTO
{
    [Parameter("uint8", "decimals", 1)] public byte Decimals { get; set; }
}

/// <summary>
/// On a Chainlink proxy (<c>EACAggregatorProxy</c>): the OCR aggregator behind it, which carries the bounds. Feeds
/// that are not proxies (the dev chain's) revert.
/// </summary>
[Function("aggregator", typeof(AggregatorOutput))]
public sealed class AggregatorFunction : FunctionMessage;

/// <summary>Output of <see cref="AggregatorFunction"/>.</summary>
[FunctionOutput]
public sealed class AggregatorOutput : IFunctionOutputDTO
{
    [Parameter("address", "aggregator", 1)] public string Aggregator { get; set; } = "";
}

/// <summary>
/// The lowest answer the aggregator will store (int192 on OCR aggregators; read as int256, which is the same
/// sign-extended word). A report below it is stored as the bound.
/// </summary>
[Function("minAnswer", typeof(AnswerBoundOutput))]
public sealed class MinAnswerFunction : FunctionMessage;

/// <summary>The highest answer the aggregator will store; a report above it is stored as the bound.</summary>
[Function("maxAnswer", typeof(AnswerBoundOutput))]
public sealed class MaxAnswerFunction : FunctionMessage;

/// <summary>Output of <see cref="MinAnswerFunction"/> and <see cref="MaxAnswerFunction"/>.</summary>
[FunctionOutput]
public sealed class AnswerBoundOutput : IFunctionOutputDTO
{
    [Parameter("int256", "bound", 1)] public BigInteger Bound { get; set; }
}

/// <summary><c>getRoundData(uint80 roundId)</c>: a past round, same fields as <see cref="LatestRoundDataFunction"/>; reverts for an unknown round.</summary>
[Function("getRoundData", typeof(LatestRoundDataOutput))]
public sealed class GetRoundDataFunction : FunctionMessage
{
    [Parameter("uint80", "roundId", 1)] public BigInteger RoundId { get; set; }
}

/// <summary><c>description() returns (string)</c>: the feed's pair, e.g. "ETH / USD".</summary>
[Function("description", typeof(DescriptionOutput))]
public sealed class DescriptionFunction : FunctionMessage;

/// <summary>Output of <see cref="DescriptionFunction"/>.</summary>
[FunctionOutput]
public sealed class DescriptionOutput : IFunctionOutputDTO
{
    [Parameter("string", "description", 1)] public string Description { get; set; } = "";
}
