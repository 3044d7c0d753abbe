using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.UniswapV3;

// NonfungiblePositionManager state-changing functions (v3-periphery INonfungiblePositionManager). decreaseLiquidity and
// collect are also what a static call from the owner uses to learn a position's amounts and uncollected fees.

/// <summary><c>mint(MintParams) returns (uint256 tokenId, uint128 liquidity, uint256 amount0, uint256 amount1)</c>: a new position NFT; the sender pays.</summary>
[Function("mint", typeof(MintOutput))]
public sealed class MintPositionFunction : FunctionMessage
{
    [Parameter("tuple", "params", 1)] public MintParams Params { get; set; } = new();
}

/// <summary><c>INonfungiblePositionManager.MintParams</c>.</summary>
public sealed class MintParams
{
    [Parameter("address", "token0", 1)] public string Token0 { get; set; } = "";
    [Parameter("address", "token1", 2)] public string Token1 { get; set; } = "";
    [Parameter("uint24", "fee", 3)] public uint Fee { get; set; }
    [Parameter("int24", "tickLower", 4)] public int TickLower { get; set; }
    [Parameter("int24", "tickUpper", 5)] public int TickUpper { get; set; }
    [Parameter("uint256", "amount0Desired", 6)] public BigInteger Amount0Desired { get; set; }
    [Parameter("uint256", "amount1Desired", 7)] public BigInteger Amount1Desired { get; set; }
    [Parameter("uint256", "amount0Min", 8)] public BigInteger Amount0Min { get; set; }
    [Parameter("uint256", "amount1Min", 9)] public BigInteger Amount1Min { get; set; }
    [Parameter("address", "recipient", 10)] public string Recipient { get; set; } = "";
    [Parameter("uint256", "deadline", 11)] public BigInteger Deadline { get; set; }
}

/// <summary>Output of <see cref="MintPositionFunction"/>.</summary>
[FunctionOutput]
public sealed class MintOutput : IFunctionOutputDTO
{
    [Parameter("uint256", "tokenId", 1)] public BigInteger TokenId { get; set; }
    [Parameter("uint128", "liquidity", 2)] public BigInteger Liquidity { get; set; }
    [Parameter("uint256", "amount0", 3)] public BigInteger Amount0 { get; set; }
    [Parameter("uint256", "amount1", 4)] public BigInteger Amount1 { get; set; }
}

/// <summary><c>decreaseLiquidity(DecreaseLiquidityParams) returns (uint256 amount0, uint256 amount1)</c>: owner or approved only.</summary>
[Function("decreaseLiquidity", typeof(TokenAmountsOutput))]
public sealed class DecreaseLiquidityFunction : FunctionMessage
{
    [Parameter("tuple", "params", 1)] public DecreaseLiquidityParams Params { get; set; } = new();
}

/// <summary><c>INonfungiblePositionManager.DecreaseLiquidityParams</c>.</summary>
public sealed class DecreaseLiquidityParams
{
    [Parameter("uint256", "tokenId", 1)] public BigInteger TokenId { get; set; }
    [Parameter("uint128", "liquidity", 2)] public BigInteger Liquidity { get; set; }
    [Parameter("uint256", "amount0Min", 3)] public BigInteger Amount0Min { get; set; }
    [Parameter("uint256", "amount1Min", 4)] public BigInteger Amount1Min { get; set; }
    [Parameter("uint256", "deadline", 5)] public BigInteger Deadline { get; set; }
}

/// <summary><c>collect(CollectParams) returns (uint256 amount0, uint256 amount1)</c>: owed tokens incl. fees earned since the last poke.</summary>
[Function("collect", typeof(TokenAmountsOutput))]
public sealed class CollectFunction : FunctionMessage
{
    [Parameter("tuple", "params", 1)] public CollectParams Params { get; set; } = new();
}

/// <summary><c>INonfungiblePositionManager.CollectParams</c>; amounts capped at uint128 max to take everything.</summary>
public sealed class CollectParams
{
    /// <summary>uint128 max: collect everything owed.</summary>
    public static readonly BigInteger All = (BigInteger.One << 128) - 1;

    [Parameter("uint256", "tokenId", 1)] public BigInteger TokenId { get; set; }
    [Parameter("address", "recipient", 2)] public string Recipient { get; set; } = "";
    [Parameter("uint128", "amount0Max", 3)] public BigInteger Amount0Max { get; set; } = All;
    [Parameter("uint128", "amount1Max", 4)] public BigInteger Amount1Max { get; set; } = All;
}

/// <summary>Output of <see cref="DecreaseLiquidityFunction"/> and <see cref="CollectFunction"/>: token0 and token1 raw amounts.</summary>
[FunctionOutput]
public sealed class TokenAmountsOutput : IFunctionOutputDTO
{
    [Parameter("uint256", "amount0", 1)] public BigInteger Amount0 { get; set; }
    [Parameter("uint256", "amount1", 2)] public BigInteger Amount1 { get; set; }
}

/// <summary><c>burn(uint256 tokenId)</c>: removes an emptied position (no liquidity, nothing owed); owner or approved only.</summary>
[Function("burn")]
public sealed class BurnPositionFunction : FunctionMessage
{
    [Parameter("uint256", "tokenId", 1)] public BigInteger TokenId { get; set; }
}

/// <summary><c>multicall(bytes[] data) payable returns (bytes[] results)</c>: several of the manager's own calls in one transaction, all or none.</summary>
[Function("multicall", typeof(MulticallResultsOutput))]
public sealed class PositionManagerMulticallFunction : FunctionMessage
{
    [Parameter("bytes[]", "data", 1)] public List<byte[]> Data { get; set; } = [];
}

/// <summary>Output of <see cref="PositionManagerMulticallFunction"/>: each call's return data, in order.</summary>
[FunctionOutput]
public sealed class MulticallResultsOutput : IFunctionOutputDTO
{
    [Parameter("bytes[]", "results", 1)] public List<byte[]> Results { get; set; } = [];
}
