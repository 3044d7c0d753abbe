using ExposureWeb.Chain.Abi;

namespace ExposureWeb.Chain.Adapters.Chainlink;

/// <summary>Chainlink's <c>AggregatorV3Interface</c>, the functions read for prices.</summary>
public static class AggregatorV3
{
    /// <summary>→ (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound).</summary>
    public static readonly AbiFunction LatestRoundData = AbiFunction.Parse("latestRoundData() returns (uint80,int256,uint256,uint256,uint80)");

    public static readonly AbiFunction Decimals = AbiFunction.Parse("decimals() returns (uint8)");

    /// <summary>
    /// On a Chainlink proxy (<c>EACAggregatorProxy</c>): the OCR aggregator behind it, which carries the bounds. Feeds
    /// that are not proxies (the dev chain's) revert.
    /// </summary>
    public static readonly AbiFunction Aggregator = AbiFunction.Parse("aggregator() returns (address)");

    /// <summary>
    /// The lowest answer the aggregator will store (int192 on OCR aggregators; decoded as int256, which is the same
    /// sign-extended word). A report below it is stored as the bound.
    /// </summary>
    public static readonly AbiFunction MinAnswer = AbiFunction.Parse("minAnswer() returns (int256)");

    /// <summary>The highest answer the aggregator will store; a report above it is stored as the bound.</summary>
    public static readonly AbiFunction MaxAnswer = AbiFunction.Parse("maxAnswer() returns (int256)");

    /// <summary>Not part of AggregatorV3Interface proper: the dev chain's feeds (and the tests) set prices with it.</summary>
    public static readonly AbiFunction UpdateAnswer = AbiFunction.Parse("updateAnswer(int256)");
}
