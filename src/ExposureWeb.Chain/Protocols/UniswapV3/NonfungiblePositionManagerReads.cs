using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.UniswapV3;

// NonfungiblePositionManager views (v3-periphery). Its ERC-721 balanceOf is Erc20.BalanceOfFunction (same selector).

/// <summary>ERC-721 Enumerable <c>tokenOfOwnerByIndex(address owner, uint256 index) returns (uint256)</c>.</summary>
[Function("tokenOfOwnerByIndex", typeof(TokenIdOutput))]
public sealed class TokenOfOwnerByIndexFunction : FunctionMessage
{
    [Parameter("address", "owner", 1)] public string Owner { get; set; } = "";
    [Parameter("uint256", "index", 2)] public BigInteger Index { get; set; }
}

/// <summary>Output of <see cref="TokenOfOwnerByIndexFunction"/>.</summary>
[FunctionOutput]
public sealed class TokenIdOutput : IFunctionOutputDTO
{
    [Parameter("uint256", "tokenId", 1)] public BigInteger TokenId { get; set; }
}

/// <summary><c>positions(uint256 tokenId)</c>: reverts "Invalid token ID" for an unknown id.</summary>
[Function("positions", typeof(PositionOutput))]
public sealed class PositionsFunction : FunctionMessage
{
    [Parameter("uint256", "tokenId", 1)] public BigInteger TokenId { get; set; }
}

/// <summary>A position's 12 fields; fee growth in Q128.128 per unit of liquidity, owed tokens in each token's units.</summary>
[FunctionOutput]
public sealed class PositionOutput : IFunctionOutputDTO
{
    [Parameter("uint96", "nonce", 1)] public BigInteger Nonce { get; set; }
    [Parameter("address", "operator", 2)] public string Operator { get; set; } = "";
    [Parameter("address", "token0", 3)] public string Token0 { get; set; } = "";
    [Parameter("address", "token1", 4)] public string Token1 { get; set; } = "";
    [Parameter("uint24", "fee", 5)] public uint Fee { get; set; }
    [Parameter("int24", "tickLower", 6)] public int TickLower { get; set; }
    [Parameter("int24", "tickUpper", 7)] public int TickUpper { get; set; }
    [Parameter("uint128", "liquidity", 8)] public BigInteger Liquidity { get; set; }
    [Parameter("uint256", "feeGrowthInside0LastX128", 9)] public BigInteger FeeGrowthInside0LastX128 { get; set; }
    [Parameter("uint256", "feeGrowthInside1LastX128", 10)] public BigInteger FeeGrowthInside1LastX128 { get; set; }
    [Parameter("uint128", "tokensOwed0", 11)] public BigInteger TokensOwed0 { get; set; }
    [Parameter("uint128", "tokensOwed1", 12)] public BigInteger TokensOwed1 { get; set; }
}

/// <summary>ERC-721 <c>ownerOf(uint256 tokenId) returns (address)</c>: reverts for an unknown id.</summary>
[Function("ownerOf", typeof(OwnerOfOutput))]
public sealed class OwnerOfFunction : FunctionMessage
{
    [Parameter("uint256", "tokenId", 1)] public BigInteger TokenId { get; set; }
}

/// <summary>Output of <see cref="OwnerOfFunction"/>.</summary>
[FunctionOutput]
public sealed class OwnerOfOutput : IFunctionOutputDTO
{
    [Parameter("address", "owner", 1)] public string Owner { get; set; } = "";
}

/// <summary><c>factory() returns (address)</c>: the UniswapV3Factory whose pools the manager's positions are in.</summary>
[Function("factory", typeof(FactoryOutput))]
public sealed class FactoryFunction : FunctionMessage;

/// <summary>Output of <see cref="FactoryFunction"/>.</summary>
[FunctionOutput]
public sealed class FactoryOutput : IFunctionOutputDTO
{
    [Parameter("address", "factory", 1)] public string Factory { get; set; } = "";
}
