using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.UniswapV3;

/// <summary>UniswapV3Factory <c>getPool(address tokenA, address tokenB, uint24 fee) returns (address)</c>: either token order; address 0 when none.</summary>
[Function("getPool", typeof(PoolAddressOutput))]
public sealed class GetPoolFunction : FunctionMessage
{
    [Parameter("address", "tokenA", 1)] public string TokenA { get; set; } = "";
    [Parameter("address", "tokenB", 2)] public string TokenB { get; set; } = "";
    [Parameter("uint24", "fee", 3)] public uint Fee { get; set; }
}

/// <summary>Output of <see cref="GetPoolFunction"/>.</summary>
[FunctionOutput]
public sealed class PoolAddressOutput : IFunctionOutputDTO
{
    [Parameter("address", "pool", 1)] public string Pool { get; set; } = "";
}
