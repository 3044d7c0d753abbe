using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.UniswapV3;

/// <summary>UniswapV3Pool <c>initialize(uint160 sqrtPriceX96)</c>: the pool's first price, once.</summary>
[Function("initialize")]
public sealed class InitializeFunction : FunctionMessage
{
    [Parameter("uint160", "sqrtPriceX96", 1)]
    public BigInteger SqrtPriceX96 { get; set; }
}
