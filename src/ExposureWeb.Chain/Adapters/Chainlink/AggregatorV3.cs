using ExposureWeb.Chain.Abi;

namespace ExposureWeb.Chain.Adapters.Chainlink;

/// <summary>Chainlink's <c>AggregatorV3Interface</c>, the functions read for prices.</summary>
public static class AggregatorV3
{
    /// <summary>→ (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound).</summary>
    public static readonly AbiFunction LatestRoundData = AbiFunction.Parse("latestRoundData() returns (uint80,int256,uint256,uint256,uint80)");

    public static readonly AbiFunction Decimals = AbiFunction.Parse("decimals() returns (uint8)");

    /// <summary>Not part of AggregatorV3Interface proper: the dev chain's feeds (and the tests) set prices with it.</summary>
    public static readonly AbiFunction UpdateAnswer = AbiFunction.Parse("updateAnswer(int256)");
}
