// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title DemoPriceFeed — a Chainlink-style price feed for the embedded dev chain.
/// @notice Exposes Chainlink's AggregatorV3Interface (decimals, description, version,
///         getRoundData, latestRoundData) so the app reads it exactly as it reads a mainnet feed.
///         Like Chainlink's OCR aggregators it carries a min/max answer: a reported answer outside
///         the bounds is stored pinned at the bound, which is how real feeds misbehave in a crash.
contract DemoPriceFeed {
    struct Round {
        int256 answer;
        uint256 startedAt;
        uint256 updatedAt;
    }

    uint8 public immutable decimals;
    string public description;
    uint256 public constant version = 4;
    int256 public immutable minAnswer;
    int256 public immutable maxAnswer;
    address public immutable updater;

    uint80 public latestRound;
    mapping(uint80 => Round) private _rounds;

    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);

    constructor(uint8 decimals_, string memory description_, int256 minAnswer_, int256 maxAnswer_, int256 initialAnswer) {
        require(minAnswer_ < maxAnswer_, "DemoPriceFeed: bounds");
        decimals = decimals_;
        description = description_;
        minAnswer = minAnswer_;
        maxAnswer = maxAnswer_;
        updater = msg.sender;
        _record(initialAnswer);
    }

    /// @notice Reports a new answer; anyone may call it on the dev chain so tests can move prices.
    function updateAnswer(int256 answer) external {
        _record(answer);
    }

    /// @notice Reports a new answer only if round `basedOnRound` is still the latest; otherwise does nothing.
    ///         The dev chain's simulator steps from the price it read: without this check, a price
    ///         someone pushed between its read and its write would be overwritten by the step.
    function updateAnswerIfLatest(uint80 basedOnRound, int256 answer) external {
        if (basedOnRound == latestRound) _record(answer);
    }

    function latestAnswer() external view returns (int256) {
        return _rounds[latestRound].answer;
    }

    function latestTimestamp() external view returns (uint256) {
        return _rounds[latestRound].updatedAt;
    }

    function getRoundData(uint80 roundId)
        external
        view
        returns (uint80, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        Round memory r = _rounds[roundId];
        require(r.updatedAt != 0, "No data present");
        return (roundId, r.answer, r.startedAt, r.updatedAt, roundId);
    }

    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        Round memory r = _rounds[latestRound];
        return (latestRound, r.answer, r.startedAt, r.updatedAt, latestRound);
    }

    function _record(int256 answer) private {
        int256 bounded = answer < minAnswer ? minAnswer : (answer > maxAnswer ? maxAnswer : answer);
        latestRound += 1;
        _rounds[latestRound] = Round(bounded, block.timestamp, block.timestamp);
        emit AnswerUpdated(bounded, latestRound, block.timestamp);
    }
}
