using ExposureWeb.Chain.Abi;

namespace ExposureWeb.Chain.Adapters.Uniswap;

/// <summary>The Uniswap v3 functions the adapter reads (NonfungiblePositionManager, UniswapV3Factory, pool), with Uniswap's signatures.</summary>
public static class UniswapV3
{
    /// <summary>ERC-721: how many position NFTs the owner holds.</summary>
    public static readonly AbiFunction BalanceOf = AbiFunction.Parse("balanceOf(address) returns (uint256)");

    /// <summary>ERC-721 Enumerable: the owner's index-th NFT id.</summary>
    public static readonly AbiFunction TokenOfOwnerByIndex = AbiFunction.Parse("tokenOfOwnerByIndex(address,uint256) returns (uint256)");

    /// <summary>NonfungiblePositionManager: a position's 12 fields (reverts "Invalid token ID" for an unknown id).</summary>
    public static readonly AbiFunction Positions = AbiFunction.Parse(
        "positions(uint256) returns (uint96,address,address,address,uint24,int24,int24,uint128,uint256,uint256,uint128,uint128)");

    /// <summary>Field names of <see cref="Positions"/>' outputs, in order.</summary>
    public static readonly IReadOnlyList<string> PositionFields =
    [
        "nonce", "operator", "token0", "token1", "fee", "tickLower", "tickUpper", "liquidity",
        "feeGrowthInside0LastX128", "feeGrowthInside1LastX128", "tokensOwed0", "tokensOwed1",
    ];

    /// <summary>UniswapV3Factory: the pool of (tokenA, tokenB, fee) in either token order, or address 0.</summary>
    public static readonly AbiFunction GetPool = AbiFunction.Parse("getPool(address,address,uint24) returns (address)");

    /// <summary>Pool: the packed slot 0 (√price as Q64.96, current tick, oracle indexes, protocol fee, lock).</summary>
    public static readonly AbiFunction Slot0 = AbiFunction.Parse("slot0() returns (uint160,int24,uint16,uint16,uint16,uint8,bool)");

    /// <summary>Field names of <see cref="Slot0"/>'s outputs, in order.</summary>
    public static readonly IReadOnlyList<string> Slot0Fields =
        ["sqrtPriceX96", "tick", "observationIndex", "observationCardinality", "observationCardinalityNext", "feeProtocol", "unlocked"];
}
