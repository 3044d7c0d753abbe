// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

int24 constant MIN_TICK = -887272;
int24 constant MAX_TICK = 887272;

/// @dev √(1.0001^tick) as a Q128.128 number. |tick| is taken bit by bit: for each set bit i the
///      result is multiplied by 1/√1.0001^(2^i) (precomputed in Q128, rounded down); a positive
///      tick then inverts the product.
function sqrtRatioAtTickX128(int24 tick) pure returns (uint256 ratio) {
    uint256 absTick = tick < 0 ? uint256(-int256(tick)) : uint256(int256(tick));
    require(absTick <= uint256(int256(MAX_TICK)), "DemoUniswapV3: tick out of range");
    uint256[20] memory inverseFactors = [
        uint256(0xfffcb933bd6fad37aa2d162d1a594001), // 1/√1.0001^(2^0)
        0xfff97272373d413259a46990580e2139, // 2^1
        0xfff2e50f5f656932ef12357cf3c7fdcb, // 2^2
        0xffe5caca7e10e4e61c3624eaa0941ccf, // 2^3
        0xffcb9843d60f6159c9db58835c926643, // 2^4
        0xff973b41fa98c081472e6896dfb254bf, // 2^5
        0xff2ea16466c96a3843ec78b326b52860, // 2^6
        0xfe5dee046a99a2a811c461f1969c3052, // 2^7
        0xfcbe86c7900a88aedcffc83b479aa3a3, // 2^8
        0xf987a7253ac413176f2b074cf7815e53, // 2^9
        0xf3392b0822b70005940c7a398e4b70f2, // 2^10
        0xe7159475a2c29b7443b29c7fa6e889d8, // 2^11
        0xd097f3bdfd2022b8845ad8f792aa5825, // 2^12
        0xa9f746462d870fdf8a65dc1f90e061e4, // 2^13
        0x70d869a156d2a1b890bb3df62baf32f6, // 2^14
        0x31be135f97d08fd981231505542fcfa5, // 2^15
        0x9aa508b5b7a84e1c677de54f3e99bc8, // 2^16
        0x5d6af8dedb81196699c329225ee604, // 2^17
        0x2216e584f5fa1ea926041bedfe97, // 2^18
        0x48a170391f7dc42444e8fa2 // 2^19
    ];
    ratio = 1 << 128;
    for (uint256 i = 0; i < 20; i++) {
        if (absTick & (1 << i) != 0) ratio = (ratio * inverseFactors[i]) >> 128;
    }
    if (tick > 0) ratio = type(uint256).max / ratio;
}

/// @dev The greatest tick whose √price does not exceed `sqrtPriceX96` (Uniswap's tick of a price),
///      found by bisection over [MIN_TICK, MAX_TICK].
function tickAtSqrtPriceX96(uint160 sqrtPriceX96) pure returns (int24) {
    uint256 target = uint256(sqrtPriceX96) << 32; // Q64.96 -> Q128.128
    require(
        target >= sqrtRatioAtTickX128(MIN_TICK) && target < sqrtRatioAtTickX128(MAX_TICK),
        "DemoUniswapV3: price out of range"
    );
    int256 lo = MIN_TICK; // invariant: ratio(lo) <= target < ratio(hi)
    int256 hi = MAX_TICK;
    while (hi - lo > 1) {
        int256 mid = lo + (hi - lo) / 2;
        if (sqrtRatioAtTickX128(int24(mid)) <= target) lo = mid;
        else hi = mid;
    }
    return int24(lo);
}

/// @title DemoUniswapV3Factory — Uniswap v3's UniswapV3Factory for the embedded dev chain.
/// @notice Implements getPool(tokenA, tokenB, fee) (both orders), feeAmountTickSpacing (100/500/
///         3000/10000 → 1/10/60/200), owner, and createPool with the PoolCreated event; pools are
///         created with CREATE2 salted by (token0, token1, fee) as on Uniswap.
///         Simplified: the pool's init code is ours, so pool addresses differ from what Uniswap's
///         init-code hash would predict (read them with getPool); no enableFeeAmount/setOwner.
contract DemoUniswapV3Factory {
    address public immutable owner;
    mapping(uint24 => int24) public feeAmountTickSpacing;
    mapping(address => mapping(address => mapping(uint24 => address))) public getPool;

    event PoolCreated(address indexed token0, address indexed token1, uint24 indexed fee, int24 tickSpacing, address pool);

    constructor() {
        owner = msg.sender;
        feeAmountTickSpacing[100] = 1;
        feeAmountTickSpacing[500] = 10;
        feeAmountTickSpacing[3000] = 60;
        feeAmountTickSpacing[10000] = 200;
    }

    function createPool(address tokenA, address tokenB, uint24 fee) external returns (address pool) {
        require(tokenA != tokenB, "DemoUniswapV3Factory: identical tokens");
        (address token0, address token1) = tokenA < tokenB ? (tokenA, tokenB) : (tokenB, tokenA);
        require(token0 != address(0), "DemoUniswapV3Factory: zero address");
        int24 tickSpacing = feeAmountTickSpacing[fee];
        require(tickSpacing != 0, "DemoUniswapV3Factory: fee not enabled");
        require(getPool[token0][token1][fee] == address(0), "DemoUniswapV3Factory: pool exists");
        pool = address(new DemoUniswapV3Pool{salt: keccak256(abi.encode(token0, token1, fee))}(token0, token1, fee, tickSpacing));
        getPool[token0][token1][fee] = pool;
        getPool[token1][token0][fee] = pool;
        emit PoolCreated(token0, token1, fee, tickSpacing, pool);
    }
}

/// @title DemoUniswapV3Pool — a Uniswap v3 pool's state, for the embedded dev chain.
/// @notice Implements the pool reads the app uses with Uniswap's signatures: slot0 (sqrtPriceX96,
///         tick, observationIndex, observationCardinality, observationCardinalityNext, feeProtocol,
///         unlocked), token0, token1, fee, tickSpacing, factory, liquidity (the in-range liquidity:
///         positions with tickLower <= tick < tickUpper) and feeGrowthGlobal0X128/1X128 (always 0),
///         plus initialize(sqrtPriceX96) with its Initialize event.
///         Simplified: no swaps, ticks, oracle observations or token custody. Liquidity is
///         bookkeeping: recordLiquidity (anyone; the position manager calls it) adds a range, and
///         the dev-only setSqrtPriceX96 (anyone, like the demo feeds' updateAnswer) moves the
///         price and recomputes the tick, so tests can push a position in or out of range.
contract DemoUniswapV3Pool {
    struct Slot0 {
        uint160 sqrtPriceX96;
        int24 tick;
        uint16 observationIndex;
        uint16 observationCardinality;
        uint16 observationCardinalityNext;
        uint8 feeProtocol;
        bool unlocked;
    }

    struct Range {
        int24 tickLower;
        int24 tickUpper;
        uint128 liquidity;
    }

    address public immutable factory;
    address public immutable token0;
    address public immutable token1;
    uint24 public immutable fee;
    int24 public immutable tickSpacing;

    Slot0 public slot0;
    Range[] private _ranges;

    event Initialize(uint160 sqrtPriceX96, int24 tick);
    event SqrtPriceSet(uint160 sqrtPriceX96, int24 tick);

    constructor(address token0_, address token1_, uint24 fee_, int24 tickSpacing_) {
        factory = msg.sender;
        token0 = token0_;
        token1 = token1_;
        fee = fee_;
        tickSpacing = tickSpacing_;
    }

    function initialize(uint160 sqrtPriceX96) external {
        require(slot0.sqrtPriceX96 == 0, "DemoUniswapV3Pool: already initialized");
        int24 tick = tickAtSqrtPriceX96(sqrtPriceX96);
        slot0 = Slot0(sqrtPriceX96, tick, 0, 1, 1, 0, true);
        emit Initialize(sqrtPriceX96, tick);
    }

    /// @notice Dev only: moves the pool's price (as a swap would, without tokens) and its tick.
    function setSqrtPriceX96(uint160 sqrtPriceX96) external {
        require(slot0.sqrtPriceX96 != 0, "DemoUniswapV3Pool: not initialized");
        int24 tick = tickAtSqrtPriceX96(sqrtPriceX96);
        slot0.sqrtPriceX96 = sqrtPriceX96;
        slot0.tick = tick;
        emit SqrtPriceSet(sqrtPriceX96, tick);
    }

    /// @notice The liquidity in range at the current tick.
    function liquidity() external view returns (uint128 active) {
        int24 tick = slot0.tick;
        for (uint256 i = 0; i < _ranges.length; i++) {
            Range storage r = _ranges[i];
            if (r.tickLower <= tick && tick < r.tickUpper) active += r.liquidity;
        }
    }

    function feeGrowthGlobal0X128() external pure returns (uint256) {
        return 0;
    }

    function feeGrowthGlobal1X128() external pure returns (uint256) {
        return 0;
    }

    /// @notice Dev only: books `amount` of liquidity over [tickLower, tickUpper) without tokens.
    function recordLiquidity(int24 tickLower, int24 tickUpper, uint128 amount) external {
        require(tickLower < tickUpper && tickLower >= MIN_TICK && tickUpper <= MAX_TICK, "DemoUniswapV3Pool: invalid ticks");
        require(tickLower % tickSpacing == 0 && tickUpper % tickSpacing == 0, "DemoUniswapV3Pool: ticks off spacing");
        require(amount != 0, "DemoUniswapV3Pool: zero liquidity");
        _ranges.push(Range(tickLower, tickUpper, amount));
    }
}

/// @title DemoNonfungiblePositionManager — Uniswap v3's NonfungiblePositionManager, read side.
/// @notice Implements positions(tokenId) with Uniswap's 12-field layout (nonce, operator, token0,
///         token1, fee, tickLower, tickUpper, liquidity, feeGrowthInside0/1LastX128, tokensOwed0/1;
///         reverts "Invalid token ID" for an unknown id), factory, WETH9, name/symbol and the
///         ERC-721 enumerable reads balanceOf, ownerOf, tokenOfOwnerByIndex, tokenByIndex and
///         totalSupply, emitting Transfer on mint.
///         Simplified: positions are seeded by the deployer with mintPosition (no tokens are
///         paid; the pool only books the liquidity); no transfers, approvals, increase/decrease,
///         collect or burn; nonce, operator and fee growth are always 0, so uncollected fees are
///         exactly tokensOwed0/1.
contract DemoNonfungiblePositionManager {
    struct Position {
        uint96 nonce;
        address operator;
        address token0;
        address token1;
        uint24 fee;
        int24 tickLower;
        int24 tickUpper;
        uint128 liquidity;
        uint256 feeGrowthInside0LastX128;
        uint256 feeGrowthInside1LastX128;
        uint128 tokensOwed0;
        uint128 tokensOwed1;
    }

    struct SeedParams {
        address recipient;
        address token0;
        address token1;
        uint24 fee;
        int24 tickLower;
        int24 tickUpper;
        uint128 liquidity;
        uint128 tokensOwed0;
        uint128 tokensOwed1;
    }

    string public constant name = "Uniswap V3 Positions NFT-V1";
    string public constant symbol = "UNI-V3-POS";
    address public immutable factory;
    address public immutable WETH9;
    address public immutable minter;

    mapping(uint256 => Position) private _positions;
    mapping(uint256 => address) private _owners;
    mapping(address => uint256[]) private _ownedTokens;
    uint256[] private _allTokens;

    event Transfer(address indexed from, address indexed to, uint256 indexed tokenId);

    constructor(address factory_, address weth9) {
        factory = factory_;
        WETH9 = weth9;
        minter = msg.sender;
    }

    /// @notice Deployer only: mints a position NFT to `p.recipient` and books its liquidity in the pool.
    function mintPosition(SeedParams calldata p) external returns (uint256 tokenId) {
        require(msg.sender == minter, "DemoNonfungiblePositionManager: only minter");
        require(p.token0 < p.token1, "DemoNonfungiblePositionManager: token0 must sort before token1");
        address pool = DemoUniswapV3Factory(factory).getPool(p.token0, p.token1, p.fee);
        require(pool != address(0), "DemoNonfungiblePositionManager: no pool");
        DemoUniswapV3Pool(pool).recordLiquidity(p.tickLower, p.tickUpper, p.liquidity);

        tokenId = _allTokens.length + 1;
        _positions[tokenId] = Position(
            0, address(0), p.token0, p.token1, p.fee, p.tickLower, p.tickUpper, p.liquidity, 0, 0, p.tokensOwed0, p.tokensOwed1
        );
        _owners[tokenId] = p.recipient;
        _ownedTokens[p.recipient].push(tokenId);
        _allTokens.push(tokenId);
        emit Transfer(address(0), p.recipient, tokenId);
    }

    function positions(uint256 tokenId)
        external
        view
        returns (
            uint96 nonce,
            address operator,
            address token0,
            address token1,
            uint24 fee,
            int24 tickLower,
            int24 tickUpper,
            uint128 liquidity,
            uint256 feeGrowthInside0LastX128,
            uint256 feeGrowthInside1LastX128,
            uint128 tokensOwed0,
            uint128 tokensOwed1
        )
    {
        Position storage p = _positions[tokenId];
        require(p.token0 != address(0), "Invalid token ID");
        return (
            p.nonce,
            p.operator,
            p.token0,
            p.token1,
            p.fee,
            p.tickLower,
            p.tickUpper,
            p.liquidity,
            p.feeGrowthInside0LastX128,
            p.feeGrowthInside1LastX128,
            p.tokensOwed0,
            p.tokensOwed1
        );
    }

    function balanceOf(address owner) external view returns (uint256) {
        require(owner != address(0), "ERC721: balance query for the zero address");
        return _ownedTokens[owner].length;
    }

    function ownerOf(uint256 tokenId) external view returns (address owner) {
        owner = _owners[tokenId];
        require(owner != address(0), "ERC721: owner query for nonexistent token");
    }

    function tokenOfOwnerByIndex(address owner, uint256 index) external view returns (uint256) {
        require(index < _ownedTokens[owner].length, "ERC721Enumerable: owner index out of bounds");
        return _ownedTokens[owner][index];
    }

    function totalSupply() external view returns (uint256) {
        return _allTokens.length;
    }

    function tokenByIndex(uint256 index) external view returns (uint256) {
        require(index < _allTokens.length, "ERC721Enumerable: global index out of bounds");
        return _allTokens[index];
    }
}
