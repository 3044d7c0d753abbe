using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.UniswapV3;

/// <summary>
/// QuoterV2 <c>quoteExactInputSingle(QuoteExactInputSingleParams)</c>: what a swap would return, by simulating it (not
/// a view: call it statically).
/// </summary>
[Function("quoteExactInputSingle", typeof(QuoteExactInputSingleOutput))]
public sealed class QuoteExactInputSingleFunction : FunctionMessage
{
    [Parameter("tuple", "params", 1)] public QuoteExactInputSingleParams Params { get; set; } = new();
}

/// <summary><c>IQuoterV2.QuoteExactInputSingleParams</c>.</summary>
public sealed class QuoteExactInputSingleParams
{
    [Parameter("address", "tokenIn", 1)] public string TokenIn { get; set; } = "";
    [Parameter("address", "tokenOut", 2)] public string TokenOut { get; set; } = "";
    [Parameter("uint256", "amountIn", 3)] public BigInteger AmountIn { get; set; }
    [Parameter("uint24", "fee", 4)] public uint Fee { get; set; }
    [Parameter("uint160", "sqrtPriceLimitX96", 5)] public BigInteger SqrtPriceLimitX96 { get; set; }
}

/// <summary>Output of <see cref="QuoteExactInputSingleFunction"/>: amount out, the price after, ticks crossed, gas estimate.</summary>
[FunctionOutput]
public sealed class QuoteExactInputSingleOutput : IFunctionOutputDTO
{
    [Parameter("uint256", "amountOut", 1)] public BigInteger AmountOut { get; set; }
    [Parameter("uint160", "sqrtPriceX96After", 2)] public BigInteger SqrtPriceX96After { get; set; }
    [Parameter("uint32", "initializedTicksCrossed", 3)] public uint InitializedTicksCrossed { get; set; }
    [Parameter("uint256", "gasEstimate", 4)] public BigInteger GasEstimate { get; set; }
}
