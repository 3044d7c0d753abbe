using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.UniswapV3;

/// <summary>
/// SwapRouter <c>exactInputSingle(ExactInputSingleParams) returns (uint256 amountOut)</c>: a swap in one pool; with a
/// <see cref="ExactInputSingleParams.SqrtPriceLimitX96"/> it stops where the pool's price reaches the limit.
/// </summary>
[Function("exactInputSingle", typeof(AmountOutOutput))]
public sealed class ExactInputSingleFunction : FunctionMessage
{
    [Parameter("tuple", "params", 1)] public ExactInputSingleParams Params { get; set; } = new();
}

/// <summary><c>ISwapRouter.ExactInputSingleParams</c>.</summary>
public sealed class ExactInputSingleParams
{
    [Parameter("address", "tokenIn", 1)] public string TokenIn { get; set; } = "";
    [Parameter("address", "tokenOut", 2)] public string TokenOut { get; set; } = "";
    [Parameter("uint24", "fee", 3)] public uint Fee { get; set; }
    [Parameter("address", "recipient", 4)] public string Recipient { get; set; } = "";
    [Parameter("uint256", "deadline", 5)] public BigInteger Deadline { get; set; }
    [Parameter("uint256", "amountIn", 6)] public BigInteger AmountIn { get; set; }
    [Parameter("uint256", "amountOutMinimum", 7)] public BigInteger AmountOutMinimum { get; set; }
    [Parameter("uint160", "sqrtPriceLimitX96", 8)] public BigInteger SqrtPriceLimitX96 { get; set; }
}

/// <summary>Output of <see cref="ExactInputSingleFunction"/>.</summary>
[FunctionOutput]
public sealed class AmountOutOutput : IFunctionOutputDTO
{
    [Parameter("uint256", "amountOut", 1)] public BigInteger AmountOut { get; set; }
}
