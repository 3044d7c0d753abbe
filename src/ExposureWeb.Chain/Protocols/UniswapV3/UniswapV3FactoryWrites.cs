using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.UniswapV3;

/// <summary>UniswapV3Factory <c>createPool(address tokenA, address tokenB, uint24 fee) returns (address pool)</c>.</summary>
[Function("createPool", "address")]
public sealed class CreatePoolFunction : FunctionMessage
{
    [Parameter("address", "tokenA", 1)]
    public string TokenA { get; set; } = "";

    [Parameter("address", "tokenB", 2)]
    public string TokenB { get; set; } = "";

    [Parameter("uint24", "fee", 3)]
    public BigInteger Fee { get; set; }
}
