// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// GMX v2 (synthetics) structs in the v2.2 layout: Position.Props and Market.Props.
struct PositionAddresses {
    address account;
    address market;
    address collateralToken;
}

struct PositionNumbers {
    uint256 sizeInUsd; // USD, 30 decimals
    uint256 sizeInTokens; // index token, its own decimals
    uint256 collateralAmount; // collateral token, its own decimals
    int256 pendingImpactAmount; // index token; price impact deferred to the decrease
    uint256 borrowingFactor; // cumulative borrowing factor at the last update, 30 decimals
    uint256 fundingFeeAmountPerSize;
    uint256 longTokenClaimableFundingAmountPerSize;
    uint256 shortTokenClaimableFundingAmountPerSize;
    uint256 increasedAtTime;
    uint256 decreasedAtTime;
}

struct PositionFlags {
    bool isLong;
}

struct PositionProps {
    PositionAddresses addresses;
    PositionNumbers numbers;
    PositionFlags flags;
}

struct MarketProps {
    address marketToken;
    address indexToken;
    address longToken;
    address shortToken;
}

/// @title DemoGmxDataStore — stands for GMX v2's DataStore on the embedded dev chain.
/// @notice The uint part of GMX's DataStore ABI: getUint(key) and setUint(key, value) over bytes32 keys built as
///         GMX's Keys.sol builds them (MIN_COLLATERAL_FACTOR = keccak256(abi.encode("MIN_COLLATERAL_FACTOR")), per
///         market keccak256(abi.encode(MIN_COLLATERAL_FACTOR, market)); factors and USD with 30 decimals).
///         Simplified: GMX gates setUint with its RoleStore's CONTROLLER role; here one controller address (the
///         deployer, then whoever it hands over to: the dev chain's governance timelock) may write. The demo's
///         markets and positions live in DemoGmxReader, which answers only for this DataStore.
contract DemoGmxDataStore {
    mapping(bytes32 => uint256) public uintValues;
    address public controller;

    event ControllerChanged(address indexed previousController, address indexed newController);

    constructor() {
        controller = msg.sender;
        emit ControllerChanged(address(0), msg.sender);
    }

    modifier onlyController() {
        require(msg.sender == controller, "DemoGmxDataStore: only controller");
        _;
    }

    function getUint(bytes32 key) external view returns (uint256) {
        return uintValues[key];
    }

    function setUint(bytes32 key, uint256 value) external onlyController returns (uint256) {
        uintValues[key] = value;
        return value;
    }

    function setController(address newController) external onlyController {
        require(newController != address(0), "DemoGmxDataStore: zero controller");
        emit ControllerChanged(controller, newController);
        controller = newController;
    }
}

/// @title DemoGmxReader — GMX v2's Reader (v2.2 Position layout) for the embedded dev chain.
/// @notice Implements getAccountPositions(dataStore, account, start, end) → Position.Props[]
///         (addresses, numbers with pendingImpactAmount, flags), clamping the range to the
///         account's list as DataStore.getBytes32ValuesAt does; getPosition(dataStore, key) with
///         GMX's position key keccak256(abi.encode(account, market, collateralToken, isLong));
///         getMarket(dataStore, key) → Market.Props (marketToken, indexToken, longToken,
///         shortToken); and getMarkets(dataStore, start, end) → Market.Props[] in listing order (clamped).
///         Simplified: markets and positions are seeded by the deployer (setMarket, setPosition;
///         setPosition stamps increasedAtTime with the block time and replaces a position with
///         the same key); no orders, prices, PnL, fees or liquidations; a DataStore other than
///         the demo's reads as empty.
contract DemoGmxReader {
    address public immutable dataStore;
    address public immutable owner;

    mapping(address => MarketProps) private _markets;
    mapping(bytes32 => PositionProps) private _positions;
    mapping(address => bytes32[]) private _accountPositionKeys;
    address[] private _marketList;

    constructor(address dataStore_) {
        dataStore = dataStore_;
        owner = msg.sender;
    }

    modifier onlyOwner() {
        require(msg.sender == owner, "DemoGmxReader: only owner");
        _;
    }

    function setMarket(MarketProps calldata market) external onlyOwner {
        require(market.marketToken != address(0), "DemoGmxReader: zero market token");
        if (_markets[market.marketToken].marketToken == address(0)) _marketList.push(market.marketToken);
        _markets[market.marketToken] = market;
    }

    function setPosition(PositionProps calldata position) external onlyOwner returns (bytes32 key) {
        PositionAddresses calldata a = position.addresses;
        require(_markets[a.market].marketToken != address(0), "DemoGmxReader: unknown market");
        key = keccak256(abi.encode(a.account, a.market, a.collateralToken, position.flags.isLong));
        if (_positions[key].addresses.account == address(0)) _accountPositionKeys[a.account].push(key);
        _positions[key] = position;
        _positions[key].numbers.increasedAtTime = block.timestamp;
    }

    function getMarket(address dataStore_, address key) external view returns (MarketProps memory market) {
        if (dataStore_ == dataStore) market = _markets[key];
    }

    function getMarkets(address dataStore_, uint256 start, uint256 end) external view returns (MarketProps[] memory markets) {
        if (dataStore_ != dataStore || start >= _marketList.length) return markets;
        if (end > _marketList.length) end = _marketList.length;
        if (end < start) end = start;
        markets = new MarketProps[](end - start);
        for (uint256 i = start; i < end; i++) markets[i - start] = _markets[_marketList[i]];
    }

    function getPosition(address dataStore_, bytes32 key) external view returns (PositionProps memory position) {
        if (dataStore_ == dataStore) position = _positions[key];
    }

    function getAccountPositions(address dataStore_, address account, uint256 start, uint256 end)
        external
        view
        returns (PositionProps[] memory positions)
    {
        bytes32[] storage keys = _accountPositionKeys[account];
        if (dataStore_ != dataStore || start >= keys.length) return positions;
        if (end > keys.length) end = keys.length;
        if (end < start) end = start;
        positions = new PositionProps[](end - start);
        for (uint256 i = start; i < end; i++) positions[i - start] = _positions[keys[i]];
    }
}
