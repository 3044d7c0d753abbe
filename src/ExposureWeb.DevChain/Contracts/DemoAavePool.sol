// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {DemoToken} from "./DemoToken.sol";
import {DemoAaveOracle, DemoPoolAddressesProvider} from "./DemoAaveOracle.sol";

// ---------------------------------------------------------------------------------------------
// Aave v3 reserve configuration bitmap (ReserveConfigurationMap.data): bit offset of each field.
// Widths: LTV, threshold, bonus, reserve factor and protocol fee 16 bits; decimals and eMode
// category 8; caps 36 (whole tokens, 0 = no cap); flags 1.
// ---------------------------------------------------------------------------------------------
uint256 constant CFG_LTV = 0;
uint256 constant CFG_LIQUIDATION_THRESHOLD = 16;
uint256 constant CFG_LIQUIDATION_BONUS = 32;
uint256 constant CFG_DECIMALS = 48;
uint256 constant CFG_ACTIVE = 56;
uint256 constant CFG_FROZEN = 57;
uint256 constant CFG_BORROWING_ENABLED = 58;
uint256 constant CFG_PAUSED = 60;
uint256 constant CFG_RESERVE_FACTOR = 64;
uint256 constant CFG_BORROW_CAP = 80;
uint256 constant CFG_SUPPLY_CAP = 116;
uint256 constant CFG_LIQUIDATION_PROTOCOL_FEE = 152;
uint256 constant CFG_EMODE_CATEGORY = 168;

uint256 constant PERCENTAGE_FACTOR = 1e4;
uint256 constant WAD = 1e18;
uint256 constant RAY = 1e27;

/// @dev The `width`-bit field at `offset` of `data`.
function readBits(uint256 data, uint256 offset, uint256 width) pure returns (uint256) {
    return (data >> offset) & ((1 << width) - 1);
}

/// @dev `data` with the `width`-bit field at `offset` replaced by `value` (which must fit).
function writeBits(uint256 data, uint256 offset, uint256 width, uint256 value) pure returns (uint256) {
    uint256 mask = (1 << width) - 1;
    require(value <= mask, "DemoAave: value does not fit its field");
    return (data & ~(mask << offset)) | (value << offset);
}

/// @dev Aave's PercentageMath.percentMul: value × percentage / 10000, rounded half up.
function percentMul(uint256 value, uint256 percentage) pure returns (uint256) {
    return (value * percentage + PERCENTAGE_FACTOR / 2) / PERCENTAGE_FACTOR;
}

/// @dev Aave's PercentageMath.percentDiv: value × 10000 / percentage, rounded half up.
function percentDiv(uint256 value, uint256 percentage) pure returns (uint256) {
    return (value * PERCENTAGE_FACTOR + percentage / 2) / percentage;
}

/// @dev Aave's WadRayMath.wadDiv: a × 1e18 / b, rounded half up.
function wadDiv(uint256 a, uint256 b) pure returns (uint256) {
    return (a * WAD + b / 2) / b;
}

/// @title DemoAToken — an Aave v3 aToken, readable as an ERC-20.
/// @notice Implements AToken's read side (name, symbol, decimals, totalSupply, balanceOf,
///         scaledBalanceOf, scaledTotalSupply, UNDERLYING_ASSET_ADDRESS, POOL) and holds the
///         reserve's underlying, which the pool lends out.
///         Simplified: the liquidity index is fixed at 1e27 (1 ray), so balances are 1:1 with the
///         underlying and never accrue interest; only the pool mints (on supply); there is no
///         burn/withdraw, and no transfer/approve (an aToken transfer would need a health check).
contract DemoAToken {
    address public immutable POOL;
    address public immutable UNDERLYING_ASSET_ADDRESS;
    uint8 public immutable decimals;
    string public name;
    string public symbol;
    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Mint(address indexed caller, address indexed onBehalfOf, uint256 value, uint256 balanceIncrease, uint256 index);

    constructor(address pool, address underlying, uint8 decimals_, string memory name_, string memory symbol_) {
        POOL = pool;
        UNDERLYING_ASSET_ADDRESS = underlying;
        decimals = decimals_;
        name = name_;
        symbol = symbol_;
    }

    /// @notice Balance divided by the liquidity index, which is fixed at 1 ray: the balance itself.
    function scaledBalanceOf(address user) external view returns (uint256) {
        return balanceOf[user];
    }

    function scaledTotalSupply() external view returns (uint256) {
        return totalSupply;
    }

    function mint(address caller, address onBehalfOf, uint256 amount) external {
        require(msg.sender == POOL, "DemoAToken: only pool");
        totalSupply += amount;
        balanceOf[onBehalfOf] += amount;
        emit Transfer(address(0), onBehalfOf, amount);
        emit Mint(caller, onBehalfOf, amount, 0, RAY);
    }

    /// @notice Sends underlying liquidity out of the reserve (the pool calls it on borrow).
    function transferUnderlyingTo(address target, uint256 amount) external {
        require(msg.sender == POOL, "DemoAToken: only pool");
        require(DemoToken(UNDERLYING_ASSET_ADDRESS).transfer(target, amount), "DemoAToken: transfer failed");
    }
}

/// @title DemoVariableDebtToken — an Aave v3 variable debt token, readable as an ERC-20.
/// @notice Implements VariableDebtToken's read side (name, symbol, decimals, totalSupply,
///         balanceOf, scaledBalanceOf, UNDERLYING_ASSET_ADDRESS, POOL) and credit delegation
///         (approveDelegation, borrowAllowance, BorrowAllowanceDelegated) so that one account may
///         borrow on behalf of another, as in Aave.
///         Simplified: the variable borrow index is fixed at 1e27, so debt is 1:1 with the
///         underlying and never accrues; no burn/repay. Like Aave's, it has no transfer/approve.
contract DemoVariableDebtToken {
    address public immutable POOL;
    address public immutable UNDERLYING_ASSET_ADDRESS;
    uint8 public immutable decimals;
    string public name;
    string public symbol;
    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) private _borrowAllowances;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Mint(address indexed caller, address indexed onBehalfOf, uint256 value, uint256 balanceIncrease, uint256 index);
    event BorrowAllowanceDelegated(address indexed fromUser, address indexed toUser, address indexed asset, uint256 amount);

    constructor(address pool, address underlying, uint8 decimals_, string memory name_, string memory symbol_) {
        POOL = pool;
        UNDERLYING_ASSET_ADDRESS = underlying;
        decimals = decimals_;
        name = name_;
        symbol = symbol_;
    }

    function scaledBalanceOf(address user) external view returns (uint256) {
        return balanceOf[user];
    }

    function scaledTotalSupply() external view returns (uint256) {
        return totalSupply;
    }

    function approveDelegation(address delegatee, uint256 amount) external {
        _borrowAllowances[msg.sender][delegatee] = amount;
        emit BorrowAllowanceDelegated(msg.sender, delegatee, UNDERLYING_ASSET_ADDRESS, amount);
    }

    function borrowAllowance(address fromUser, address toUser) external view returns (uint256) {
        return _borrowAllowances[fromUser][toUser];
    }

    /// @notice Records `amount` of debt for `onBehalfOf`; a borrower other than the debtor spends
    ///         the debtor's delegation, as in Aave.
    function mint(address user, address onBehalfOf, uint256 amount) external {
        require(msg.sender == POOL, "DemoVariableDebtToken: only pool");
        if (user != onBehalfOf) {
            uint256 allowed = _borrowAllowances[onBehalfOf][user];
            require(allowed >= amount, "DemoVariableDebtToken: borrow allowance too low");
            _borrowAllowances[onBehalfOf][user] = allowed - amount;
            emit BorrowAllowanceDelegated(onBehalfOf, user, UNDERLYING_ASSET_ADDRESS, allowed - amount);
        }
        totalSupply += amount;
        balanceOf[onBehalfOf] += amount;
        emit Transfer(address(0), onBehalfOf, amount);
        emit Mint(user, onBehalfOf, amount, 0, RAY);
    }
}

/// @title DemoAavePool — an Aave v3 Pool (v3.1 layout) for the embedded dev chain.
/// @notice Implements the Pool functions the app reads, with Aave's signatures and return layouts:
///         getReservesList, getReserveData (the 15-field ReserveDataLegacy), getConfiguration,
///         getUserConfiguration, getUserEMode, getReserveNormalizedIncome/VariableDebt,
///         ADDRESSES_PROVIDER and getUserAccountData — computed on chain from the user's aToken and
///         variable-debt balances, the AaveOracle prices and the configuration bitmap as Aave does
///         (base currency USD with 8 decimals, LTV and threshold in bps averaged by collateral
///         value, health factor in WAD, type(uint256).max without debt). supply and borrow have
///         Aave's signatures, checks (active, paused, frozen, borrowing enabled, caps, LTV and
///         health factor) and events; the configurator-only initReserve/setConfiguration too.
///         Simplified: indexes fixed at 1e27 and rates static (no interest accrues); variable rate
///         only (interestRateMode 2), no stable debt (stableDebtTokenAddress is 0); no withdraw,
///         repay, liquidation, flash loans, isolation mode, siloed borrowing or user eMode
///         (getUserEMode is always 0, so the reserves' eMode categories are informational);
///         interestRateStrategyAddress is 0; errors are strings, not Aave's codes.
contract DemoAavePool {
    struct ReserveConfigurationMap {
        uint256 data;
    }

    struct UserConfigurationMap {
        uint256 data;
    }

    struct ReserveDataLegacy {
        ReserveConfigurationMap configuration;
        uint128 liquidityIndex;
        uint128 currentLiquidityRate;
        uint128 variableBorrowIndex;
        uint128 currentVariableBorrowRate;
        uint128 currentStableBorrowRate;
        uint40 lastUpdateTimestamp;
        uint16 id;
        address aTokenAddress;
        address stableDebtTokenAddress;
        address variableDebtTokenAddress;
        address interestRateStrategyAddress;
        uint128 accruedToTreasury;
        uint128 unbacked;
        uint128 isolationModeTotalDebt;
    }

    struct Reserve {
        uint256 configuration;
        uint128 liquidityRate;
        uint128 variableBorrowRate;
        uint40 lastUpdateTimestamp;
        uint16 id;
        address aToken;
        address variableDebtToken;
    }

    struct AccountData {
        uint256 totalCollateralBase;
        uint256 totalDebtBase;
        uint256 ltv;
        uint256 liquidationThreshold;
        uint256 healthFactor;
    }

    DemoPoolAddressesProvider public immutable ADDRESSES_PROVIDER;

    address[] private _reservesList;
    mapping(address => Reserve) private _reserves;
    /// @dev Aave's UserConfigurationMap: bit 2·id = borrowing reserve id, bit 2·id+1 = using it as collateral.
    mapping(address => uint256) private _userConfigs;

    event Supply(address indexed reserve, address user, address indexed onBehalfOf, uint256 amount, uint16 indexed referralCode);
    event Borrow(
        address indexed reserve,
        address user,
        address indexed onBehalfOf,
        uint256 amount,
        uint8 interestRateMode,
        uint256 borrowRate,
        uint16 indexed referralCode
    );
    event ReserveUsedAsCollateralEnabled(address indexed reserve, address indexed user);

    constructor(DemoPoolAddressesProvider provider) {
        ADDRESSES_PROVIDER = provider;
    }

    modifier onlyPoolConfigurator() {
        require(msg.sender == ADDRESSES_PROVIDER.getPoolConfigurator(), "DemoAavePool: only pool configurator");
        _;
    }

    // ----------------------------------------------------------------- configurator entry points

    /// @notice Adds a reserve (Aave: initReserve(asset, aToken, stableDebt, variableDebt, strategy));
    ///         here the static rates, in ray, take the strategy's place.
    function initReserve(address asset, address aTokenAddress, address variableDebtAddress, uint128 liquidityRate, uint128 variableBorrowRate)
        external
        onlyPoolConfigurator
    {
        require(_reserves[asset].aToken == address(0), "DemoAavePool: reserve already added");
        require(_reservesList.length < 128, "DemoAavePool: no more reserves");
        _reserves[asset] = Reserve(0, liquidityRate, variableBorrowRate, uint40(block.timestamp), uint16(_reservesList.length), aTokenAddress, variableDebtAddress);
        _reservesList.push(asset);
    }

    function setConfiguration(address asset, ReserveConfigurationMap calldata configuration) external onlyPoolConfigurator {
        require(_reserves[asset].aToken != address(0), "DemoAavePool: reserve not listed");
        _reserves[asset].configuration = configuration.data;
    }

    // ----------------------------------------------------------------------------------- reads

    function getReservesList() external view returns (address[] memory) {
        return _reservesList;
    }

    /// @notice The reserve's state; all zeros for an asset that is not listed, as in Aave.
    function getReserveData(address asset) external view returns (ReserveDataLegacy memory data) {
        Reserve storage r = _reserves[asset];
        if (r.aToken == address(0)) return data;
        data.configuration = ReserveConfigurationMap(r.configuration);
        data.liquidityIndex = uint128(RAY);
        data.currentLiquidityRate = r.liquidityRate;
        data.variableBorrowIndex = uint128(RAY);
        data.currentVariableBorrowRate = r.variableBorrowRate;
        data.lastUpdateTimestamp = r.lastUpdateTimestamp;
        data.id = r.id;
        data.aTokenAddress = r.aToken;
        data.variableDebtTokenAddress = r.variableDebtToken;
    }

    function getConfiguration(address asset) external view returns (ReserveConfigurationMap memory) {
        return ReserveConfigurationMap(_reserves[asset].configuration);
    }

    function getUserConfiguration(address user) external view returns (UserConfigurationMap memory) {
        return UserConfigurationMap(_userConfigs[user]);
    }

    function getUserEMode(address) external pure returns (uint256) {
        return 0;
    }

    function getReserveNormalizedIncome(address) external pure returns (uint256) {
        return RAY;
    }

    function getReserveNormalizedVariableDebt(address) external pure returns (uint256) {
        return RAY;
    }

    function getUserAccountData(address user)
        external
        view
        returns (
            uint256 totalCollateralBase,
            uint256 totalDebtBase,
            uint256 availableBorrowsBase,
            uint256 currentLiquidationThreshold,
            uint256 ltv,
            uint256 healthFactor
        )
    {
        AccountData memory a = _accountData(user);
        uint256 borrowable = percentMul(a.totalCollateralBase, a.ltv);
        availableBorrowsBase = borrowable > a.totalDebtBase ? borrowable - a.totalDebtBase : 0;
        return (a.totalCollateralBase, a.totalDebtBase, availableBorrowsBase, a.liquidationThreshold, a.ltv, a.healthFactor);
    }

    // -------------------------------------------------------------------------------- actions

    /// @notice Pulls `amount` of `asset` from the caller into the reserve and credits aTokens to
    ///         `onBehalfOf`; a first supply of a reserve with LTV > 0 enables it as collateral.
    function supply(address asset, uint256 amount, address onBehalfOf, uint16 referralCode) external {
        Reserve storage r = _listed(asset);
        uint256 cfg = r.configuration;
        require(amount != 0, "DemoAavePool: invalid amount");
        _requireUsable(cfg);
        uint256 supplyCap = readBits(cfg, CFG_SUPPLY_CAP, 36);
        require(
            supplyCap == 0 || DemoAToken(r.aToken).totalSupply() + amount <= supplyCap * 10 ** readBits(cfg, CFG_DECIMALS, 8),
            "DemoAavePool: supply cap exceeded"
        );

        require(DemoToken(asset).transferFrom(msg.sender, r.aToken, amount), "DemoAavePool: transfer failed");
        bool firstSupply = DemoAToken(r.aToken).balanceOf(onBehalfOf) == 0;
        DemoAToken(r.aToken).mint(msg.sender, onBehalfOf, amount);
        r.lastUpdateTimestamp = uint40(block.timestamp);
        if (firstSupply && readBits(cfg, CFG_LTV, 16) != 0) {
            _userConfigs[onBehalfOf] |= 1 << (2 * r.id + 1);
            emit ReserveUsedAsCollateralEnabled(asset, onBehalfOf);
        }
        emit Supply(asset, msg.sender, onBehalfOf, amount, referralCode);
    }

    /// @notice Lends `amount` of `asset` to the caller against `onBehalfOf`'s collateral; the debt
    ///         goes to `onBehalfOf`, who must have delegated credit to a different caller.
    function borrow(address asset, uint256 amount, uint256 interestRateMode, uint16 referralCode, address onBehalfOf) external {
        Reserve storage r = _listed(asset);
        uint256 cfg = r.configuration;
        require(amount != 0, "DemoAavePool: invalid amount");
        require(interestRateMode == 2, "DemoAavePool: only variable rate (2)");
        _requireUsable(cfg);
        require(readBits(cfg, CFG_BORROWING_ENABLED, 1) == 1, "DemoAavePool: borrowing not enabled");
        uint256 unit = 10 ** readBits(cfg, CFG_DECIMALS, 8);
        uint256 borrowCap = readBits(cfg, CFG_BORROW_CAP, 36);
        require(borrowCap == 0 || DemoVariableDebtToken(r.variableDebtToken).totalSupply() + amount <= borrowCap * unit, "DemoAavePool: borrow cap exceeded");

        AccountData memory a = _accountData(onBehalfOf);
        require(a.totalCollateralBase != 0, "DemoAavePool: collateral balance is zero");
        require(a.ltv != 0, "DemoAavePool: LTV validation failed");
        require(a.healthFactor > WAD, "DemoAavePool: health factor below liquidation threshold");
        uint256 amountBase = amount * _oracle().getAssetPrice(asset) / unit;
        require(percentDiv(a.totalDebtBase + amountBase, a.ltv) <= a.totalCollateralBase, "DemoAavePool: collateral cannot cover new borrow");

        DemoVariableDebtToken(r.variableDebtToken).mint(msg.sender, onBehalfOf, amount);
        _userConfigs[onBehalfOf] |= 1 << (2 * r.id);
        r.lastUpdateTimestamp = uint40(block.timestamp);
        DemoAToken(r.aToken).transferUnderlyingTo(msg.sender, amount);
        emit Borrow(asset, msg.sender, onBehalfOf, amount, 2, r.variableBorrowRate, referralCode);
    }

    // ------------------------------------------------------------------------------- internals

    function _oracle() private view returns (DemoAaveOracle) {
        return DemoAaveOracle(ADDRESSES_PROVIDER.getPriceOracle());
    }

    function _listed(address asset) private view returns (Reserve storage r) {
        r = _reserves[asset];
        require(r.aToken != address(0), "DemoAavePool: reserve not listed");
    }

    function _requireUsable(uint256 cfg) private pure {
        require(readBits(cfg, CFG_ACTIVE, 1) == 1, "DemoAavePool: reserve inactive");
        require(readBits(cfg, CFG_PAUSED, 1) == 0, "DemoAavePool: reserve paused");
        require(readBits(cfg, CFG_FROZEN, 1) == 0, "DemoAavePool: reserve frozen");
    }

    /// @dev Aave's GenericLogic.calculateUserAccountData without eMode: collateral counts where the
    ///      user enabled it and the threshold is not 0; value = balance × price / 10^decimals.
    ///      While summing, `a.ltv` and `a.liquidationThreshold` hold the value-weighted sums.
    function _accountData(address user) private view returns (AccountData memory a) {
        uint256 userConfig = _userConfigs[user];
        if (userConfig == 0) {
            a.healthFactor = type(uint256).max;
            return a;
        }
        DemoAaveOracle oracle = _oracle();
        for (uint256 i = 0; i < _reservesList.length; i++) {
            uint256 flags = (userConfig >> (2 * i)) & 3; // bit 0 borrowing, bit 1 collateral
            if (flags != 0) _addReserve(a, user, _reservesList[i], flags, oracle);
        }
        if (a.totalCollateralBase != 0) {
            a.ltv /= a.totalCollateralBase;
            a.liquidationThreshold /= a.totalCollateralBase;
        }
        a.healthFactor = a.totalDebtBase == 0
            ? type(uint256).max
            : wadDiv(percentMul(a.totalCollateralBase, a.liquidationThreshold), a.totalDebtBase);
    }

    function _addReserve(AccountData memory a, address user, address asset, uint256 flags, DemoAaveOracle oracle) private view {
        Reserve storage r = _reserves[asset];
        uint256 cfg = r.configuration;
        uint256 unit = 10 ** readBits(cfg, CFG_DECIMALS, 8);
        uint256 price = oracle.getAssetPrice(asset);
        uint256 threshold = readBits(cfg, CFG_LIQUIDATION_THRESHOLD, 16);
        if (flags & 2 != 0 && threshold != 0) {
            uint256 value = DemoAToken(r.aToken).balanceOf(user) * price / unit;
            a.totalCollateralBase += value;
            a.ltv += value * readBits(cfg, CFG_LTV, 16);
            a.liquidationThreshold += value * threshold;
        }
        if (flags & 1 != 0) {
            a.totalDebtBase += DemoVariableDebtToken(r.variableDebtToken).balanceOf(user) * price / unit;
        }
    }
}
