// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {DemoToken} from "./DemoToken.sol";
import {DemoPoolAddressesProvider} from "./DemoAaveOracle.sol";
import "./DemoAavePool.sol";

/// @title DemoPoolConfigurator — Aave v3's PoolConfigurator (v3.1 behaviour) for the embedded dev chain.
/// @notice Implements the risk-parameter setters governance proposals call, with Aave's signatures,
///         validations and events: configureReserveAsCollateral (CollateralConfigurationChanged),
///         setReserveBorrowing, setReserveFreeze, setReservePause, setReserveFactor, setBorrowCap,
///         setSupplyCap, setLiquidationProtocolFee, setAssetEModeCategory and getPendingLtv. As from
///         v3.1, freezing a reserve sets its LTV to 0 and keeps the old LTV pending until unfreeze,
///         and a new LTV for a frozen reserve is kept pending.
///         Simplified: initReserve takes one asset and static rates instead of InitReserveInput[]
///         and deploys plain (non-proxy) aToken and variable-debt tokens named as on Aave's
///         Ethereum market; the deployer is the only admin (Aave checks its ACL manager); eMode
///         categories are not registered, so any category id is accepted.
contract DemoPoolConfigurator {
    DemoPoolAddressesProvider public immutable ADDRESSES_PROVIDER;
    address public immutable poolAdmin;

    mapping(address => uint256) private _pendingLtv;
    mapping(address => bool) private _isPendingLtvSet;

    event ReserveInitialized(
        address indexed asset, address indexed aToken, address stableDebtToken, address variableDebtToken, address interestRateStrategyAddress
    );
    event CollateralConfigurationChanged(address indexed asset, uint256 ltv, uint256 liquidationThreshold, uint256 liquidationBonus);
    event PendingLtvChanged(address indexed asset, uint256 ltv);
    event ReserveBorrowing(address indexed asset, bool enabled);
    event ReserveFrozen(address indexed asset, bool frozen);
    event ReservePaused(address indexed asset, bool paused);
    event ReserveFactorChanged(address indexed asset, uint256 oldReserveFactor, uint256 newReserveFactor);
    event BorrowCapChanged(address indexed asset, uint256 oldBorrowCap, uint256 newBorrowCap);
    event SupplyCapChanged(address indexed asset, uint256 oldSupplyCap, uint256 newSupplyCap);
    event LiquidationProtocolFeeChanged(address indexed asset, uint256 oldFee, uint256 newFee);
    event EModeAssetCategoryChanged(address indexed asset, uint8 oldCategoryId, uint8 newCategoryId);

    constructor(DemoPoolAddressesProvider provider) {
        ADDRESSES_PROVIDER = provider;
        poolAdmin = msg.sender;
    }

    modifier onlyPoolAdmin() {
        require(msg.sender == poolAdmin, "DemoPoolConfigurator: only pool admin");
        _;
    }

    /// @notice Lists `asset` on the pool: deploys its aToken ("Aave Ethereum X", aEthX) and variable
    ///         debt token ("Aave Ethereum Variable Debt X", variableDebtEthX), active with the
    ///         asset's decimals and every risk parameter 0. Rates are in ray (1e27 = 100% a year).
    function initReserve(address asset, uint128 liquidityRate, uint128 variableBorrowRate) external onlyPoolAdmin {
        DemoAavePool pool = _pool();
        uint8 decimals = DemoToken(asset).decimals();
        string memory symbol = DemoToken(asset).symbol();
        DemoAToken aToken = new DemoAToken(address(pool), asset, decimals, string.concat("Aave Ethereum ", symbol), string.concat("aEth", symbol));
        DemoVariableDebtToken debtToken = new DemoVariableDebtToken(
            address(pool), asset, decimals, string.concat("Aave Ethereum Variable Debt ", symbol), string.concat("variableDebtEth", symbol)
        );
        pool.initReserve(asset, address(aToken), address(debtToken), liquidityRate, variableBorrowRate);

        uint256 cfg = writeBits(0, CFG_DECIMALS, 8, decimals);
        cfg = writeBits(cfg, CFG_ACTIVE, 1, 1);
        pool.setConfiguration(asset, DemoAavePool.ReserveConfigurationMap(cfg));
        emit ReserveInitialized(asset, address(aToken), address(0), address(debtToken), address(0));
    }

    function configureReserveAsCollateral(address asset, uint256 ltv, uint256 liquidationThreshold, uint256 liquidationBonus) external onlyPoolAdmin {
        require(ltv <= liquidationThreshold, "DemoPoolConfigurator: invalid reserve params");
        if (liquidationThreshold != 0) {
            require(liquidationBonus > PERCENTAGE_FACTOR, "DemoPoolConfigurator: invalid reserve params");
            // the bonus must not make the seized collateral worth more than the position
            require(percentMul(liquidationThreshold, liquidationBonus) <= PERCENTAGE_FACTOR, "DemoPoolConfigurator: invalid reserve params");
        } else {
            require(liquidationBonus == 0, "DemoPoolConfigurator: invalid reserve params");
            address aToken = _pool().getReserveData(asset).aTokenAddress;
            require(DemoAToken(aToken).totalSupply() == 0, "DemoPoolConfigurator: reserve has suppliers");
        }

        uint256 cfg = _configuration(asset);
        uint256 appliedLtv = ltv;
        if (readBits(cfg, CFG_FROZEN, 1) == 1) {
            _pendingLtv[asset] = ltv;
            _isPendingLtvSet[asset] = true;
            appliedLtv = 0;
            emit PendingLtvChanged(asset, ltv);
        }
        cfg = writeBits(cfg, CFG_LTV, 16, appliedLtv);
        cfg = writeBits(cfg, CFG_LIQUIDATION_THRESHOLD, 16, liquidationThreshold);
        cfg = writeBits(cfg, CFG_LIQUIDATION_BONUS, 16, liquidationBonus);
        _setConfiguration(asset, cfg);
        emit CollateralConfigurationChanged(asset, appliedLtv, liquidationThreshold, liquidationBonus);
    }

    function setReserveBorrowing(address asset, bool enabled) external onlyPoolAdmin {
        _setField(asset, CFG_BORROWING_ENABLED, 1, enabled ? 1 : 0);
        emit ReserveBorrowing(asset, enabled);
    }

    /// @notice Freezing sets the LTV to 0 and keeps the current one pending; unfreezing restores it.
    function setReserveFreeze(address asset, bool freeze) external onlyPoolAdmin {
        uint256 cfg = _configuration(asset);
        if (freeze) {
            uint256 ltv = readBits(cfg, CFG_LTV, 16);
            _pendingLtv[asset] = ltv;
            _isPendingLtvSet[asset] = true;
            cfg = writeBits(cfg, CFG_LTV, 16, 0);
            emit PendingLtvChanged(asset, ltv);
        } else if (_isPendingLtvSet[asset]) {
            cfg = writeBits(cfg, CFG_LTV, 16, _pendingLtv[asset]);
            delete _pendingLtv[asset];
            delete _isPendingLtvSet[asset];
        }
        _setConfiguration(asset, writeBits(cfg, CFG_FROZEN, 1, freeze ? 1 : 0));
        emit ReserveFrozen(asset, freeze);
    }

    function setReservePause(address asset, bool paused) external onlyPoolAdmin {
        _setField(asset, CFG_PAUSED, 1, paused ? 1 : 0);
        emit ReservePaused(asset, paused);
    }

    function setReserveFactor(address asset, uint256 newReserveFactor) external onlyPoolAdmin {
        require(newReserveFactor <= PERCENTAGE_FACTOR, "DemoPoolConfigurator: invalid reserve factor");
        emit ReserveFactorChanged(asset, _setField(asset, CFG_RESERVE_FACTOR, 16, newReserveFactor), newReserveFactor);
    }

    /// @param newBorrowCap Whole tokens; 0 = no cap.
    function setBorrowCap(address asset, uint256 newBorrowCap) external onlyPoolAdmin {
        emit BorrowCapChanged(asset, _setField(asset, CFG_BORROW_CAP, 36, newBorrowCap), newBorrowCap);
    }

    /// @param newSupplyCap Whole tokens; 0 = no cap.
    function setSupplyCap(address asset, uint256 newSupplyCap) external onlyPoolAdmin {
        emit SupplyCapChanged(asset, _setField(asset, CFG_SUPPLY_CAP, 36, newSupplyCap), newSupplyCap);
    }

    function setLiquidationProtocolFee(address asset, uint256 newFee) external onlyPoolAdmin {
        require(newFee <= PERCENTAGE_FACTOR, "DemoPoolConfigurator: invalid liquidation protocol fee");
        emit LiquidationProtocolFeeChanged(asset, _setField(asset, CFG_LIQUIDATION_PROTOCOL_FEE, 16, newFee), newFee);
    }

    function setAssetEModeCategory(address asset, uint8 newCategoryId) external onlyPoolAdmin {
        emit EModeAssetCategoryChanged(asset, uint8(_setField(asset, CFG_EMODE_CATEGORY, 8, newCategoryId)), newCategoryId);
    }

    function getPendingLtv(address asset) external view returns (uint256) {
        return _pendingLtv[asset];
    }

    function _pool() private view returns (DemoAavePool) {
        return DemoAavePool(ADDRESSES_PROVIDER.getPool());
    }

    function _configuration(address asset) private view returns (uint256) {
        return _pool().getConfiguration(asset).data;
    }

    function _setConfiguration(address asset, uint256 cfg) private {
        _pool().setConfiguration(asset, DemoAavePool.ReserveConfigurationMap(cfg));
    }

    /// @dev Writes one field and returns its previous value.
    function _setField(address asset, uint256 offset, uint256 width, uint256 value) private returns (uint256 old) {
        uint256 cfg = _configuration(asset);
        old = readBits(cfg, offset, width);
        _setConfiguration(asset, writeBits(cfg, offset, width, value));
    }
}
