// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {DemoPriceFeed} from "./DemoPriceFeed.sol";

/// @title DemoAaveOracle — Aave v3's AaveOracle for the embedded dev chain.
/// @notice Implements IAaveOracle's read side: getAssetPrice, getAssetsPrices, getSourceOfAsset,
///         getFallbackOracle, BASE_CURRENCY (address(0): USD) and BASE_CURRENCY_UNIT (1e8), with
///         prices read from Chainlink-style sources (our DemoPriceFeed) that already answer in the
///         base currency's 8 decimals, as on Aave's USD markets.
///         Simplified: there is no fallback oracle (getFallbackOracle is address(0)), so an asset
///         without a source, or whose source answers 0 or less, reverts instead of falling back;
///         the deployer is the only one who may set sources (Aave checks its ACL manager).
contract DemoAaveOracle {
    address public immutable BASE_CURRENCY;
    uint256 public immutable BASE_CURRENCY_UNIT;
    address public immutable owner;

    mapping(address => address) private _assetSources;

    event BaseCurrencySet(address indexed baseCurrency, uint256 baseCurrencyUnit);
    event AssetSourceUpdated(address indexed asset, address indexed source);

    constructor() {
        owner = msg.sender;
        BASE_CURRENCY = address(0);
        BASE_CURRENCY_UNIT = 1e8;
        emit BaseCurrencySet(address(0), 1e8);
    }

    function setAssetSources(address[] calldata assets, address[] calldata sources) external {
        require(msg.sender == owner, "DemoAaveOracle: only owner");
        require(assets.length == sources.length, "DemoAaveOracle: length mismatch");
        for (uint256 i = 0; i < assets.length; i++) {
            _assetSources[assets[i]] = sources[i];
            emit AssetSourceUpdated(assets[i], sources[i]);
        }
    }

    function getSourceOfAsset(address asset) external view returns (address) {
        return _assetSources[asset];
    }

    function getFallbackOracle() external pure returns (address) {
        return address(0);
    }

    /// @notice The asset's price in base currency units (USD, 8 decimals): the source's latest answer.
    function getAssetPrice(address asset) public view returns (uint256) {
        if (asset == BASE_CURRENCY) return BASE_CURRENCY_UNIT;
        address source = _assetSources[asset];
        require(source != address(0), "DemoAaveOracle: no source for asset");
        int256 answer = DemoPriceFeed(source).latestAnswer();
        require(answer > 0, "DemoAaveOracle: source answered <= 0");
        return uint256(answer);
    }

    function getAssetsPrices(address[] calldata assets) external view returns (uint256[] memory prices) {
        prices = new uint256[](assets.length);
        for (uint256 i = 0; i < assets.length; i++) prices[i] = getAssetPrice(assets[i]);
    }
}

/// @title DemoPoolAddressesProvider — Aave v3's PoolAddressesProvider for the embedded dev chain.
/// @notice Implements the registry's read side the app and the pool use: getMarketId, getAddress(id),
///         getPool, getPoolConfigurator and getPriceOracle, plus setAddress(id, address) with Aave's
///         ids ("POOL", "POOL_CONFIGURATOR", "PRICE_ORACLE") and its AddressSet event.
///         Simplified: no proxies (setPoolImpl and friends are absent, addresses are set directly),
///         no ACL manager or data provider entries; the deployer is the owner.
contract DemoPoolAddressesProvider {
    bytes32 private constant POOL = "POOL";
    bytes32 private constant POOL_CONFIGURATOR = "POOL_CONFIGURATOR";
    bytes32 private constant PRICE_ORACLE = "PRICE_ORACLE";

    address public immutable owner;
    string private _marketId;
    mapping(bytes32 => address) private _addresses;

    event AddressSet(bytes32 indexed id, address indexed oldAddress, address indexed newAddress);

    constructor(string memory marketId) {
        owner = msg.sender;
        _marketId = marketId;
    }

    function getMarketId() external view returns (string memory) {
        return _marketId;
    }

    function getAddress(bytes32 id) public view returns (address) {
        return _addresses[id];
    }

    function setAddress(bytes32 id, address newAddress) external {
        require(msg.sender == owner, "DemoPoolAddressesProvider: only owner");
        emit AddressSet(id, _addresses[id], newAddress);
        _addresses[id] = newAddress;
    }

    function getPool() external view returns (address) {
        return getAddress(POOL);
    }

    function getPoolConfigurator() external view returns (address) {
        return getAddress(POOL_CONFIGURATOR);
    }

    function getPriceOracle() external view returns (address) {
        return getAddress(PRICE_ORACLE);
    }
}
