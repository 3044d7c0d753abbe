// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title DemoOToken — an Opyn Gamma oToken (one option series) for the embedded dev chain.
/// @notice Implements the oToken's reads with Opyn's signatures: getOtokenDetails() →
///         (collateralAsset, underlyingAsset, strikeAsset, strikePrice, expiryTimestamp, isPut),
///         the matching public getters, and a plain ERC-20 with 8 decimals (one token = one
///         option; strike price in USD with 8 decimals), minted by mintOtoken / burned by
///         burnOtoken from the controller.
///         Simplified: constructed directly instead of through OtokenFactory + init(addressBook,
///         …); the controller is the deployer, not Opyn's Controller, so there are no vaults,
///         collateral or settlement — an expired oToken simply stays in its holders' wallets.
contract DemoOToken {
    string public name;
    string public symbol;
    uint8 public constant decimals = 8;
    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    address public immutable controller;
    address public immutable underlyingAsset;
    address public immutable strikeAsset;
    address public immutable collateralAsset;
    uint256 public immutable strikePrice;
    uint256 public immutable expiryTimestamp;
    bool public immutable isPut;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    constructor(
        address underlyingAsset_,
        address strikeAsset_,
        address collateralAsset_,
        uint256 strikePrice_,
        uint256 expiryTimestamp_,
        bool isPut_,
        string memory name_,
        string memory symbol_
    ) {
        controller = msg.sender;
        underlyingAsset = underlyingAsset_;
        strikeAsset = strikeAsset_;
        collateralAsset = collateralAsset_;
        strikePrice = strikePrice_;
        expiryTimestamp = expiryTimestamp_;
        isPut = isPut_;
        name = name_;
        symbol = symbol_;
    }

    function getOtokenDetails() external view returns (address, address, address, uint256, uint256, bool) {
        return (collateralAsset, underlyingAsset, strikeAsset, strikePrice, expiryTimestamp, isPut);
    }

    function mintOtoken(address account, uint256 amount) external {
        require(msg.sender == controller, "DemoOToken: only controller");
        totalSupply += amount;
        balanceOf[account] += amount;
        emit Transfer(address(0), account, amount);
    }

    function burnOtoken(address account, uint256 amount) external {
        require(msg.sender == controller, "DemoOToken: only controller");
        require(balanceOf[account] >= amount, "DemoOToken: balance");
        balanceOf[account] -= amount;
        totalSupply -= amount;
        emit Transfer(account, address(0), amount);
    }

    function transfer(address to, uint256 amount) external returns (bool) {
        _move(msg.sender, to, amount);
        return true;
    }

    function approve(address spender, uint256 amount) external returns (bool) {
        allowance[msg.sender][spender] = amount;
        emit Approval(msg.sender, spender, amount);
        return true;
    }

    function transferFrom(address from, address to, uint256 amount) external returns (bool) {
        uint256 allowed = allowance[from][msg.sender];
        if (allowed != type(uint256).max) {
            require(allowed >= amount, "DemoOToken: allowance");
            allowance[from][msg.sender] = allowed - amount;
        }
        _move(from, to, amount);
        return true;
    }

    function _move(address from, address to, uint256 amount) private {
        require(balanceOf[from] >= amount, "DemoOToken: balance");
        balanceOf[from] -= amount;
        balanceOf[to] += amount;
        emit Transfer(from, to, amount);
    }
}
