using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.UniswapV3;

// A view the dev chain needs before main's UniswapV3FactoryReads.cs arrives; deduplicated at the merge.

/// <summary>UniswapV3Factory <c>getPool(address tokenA, address tokenB, uint24 fee) returns (address)</c>; zero when none.</summary>
[Function("getPool", "address")]
public sealed class GetPoolFunction : FunctionMessage
{
    [Parameter("address", "tokenA", 1)]
    public string TokenA { get; set; } = "";

    [Parameter("address", "tokenB", 2)]
    public string TokenB { get; set; } = "";

    [Parameter("uint24", "fee", 3)]
    public BigInteger Fee { get; set; }
}
