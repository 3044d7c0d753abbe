using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.UniswapV3;

// Views the dev chain needs before main's UniswapV3PoolReads.cs arrives; deduplicated at the merge.

/// <summary>UniswapV3Pool <c>token0() returns (address)</c>: the token with the lower address.</summary>
[Function("token0", "address")]
public sealed class Token0Function : FunctionMessage;

/// <summary>UniswapV3Pool <c>token1() returns (address)</c>.</summary>
[Function("token1", "address")]
public sealed class Token1Function : FunctionMessage;
