using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.UniswapV3;

/// <summary>UniswapV3Pool <c>tickSpacing() returns (int24)</c>.</summary>
[Function("tickSpacing", typeof(TickSpacingOutput))]
public sealed class TickSpacingFunction : FunctionMessage;

/// <summary>Output of <see cref="TickSpacingFunction"/>.</summary>
[FunctionOutput]
public sealed class TickSpacingOutput : IFunctionOutputDTO
{
    [Parameter("int24", "tickSpacing", 1)] public int TickSpacing { get; set; }
}

/// <summary>
/// UniswapV3Pool <c>tickBitmap(int16 wordPosition) returns (uint256)</c>: bit b of word w is set when the compressed tick
/// (tick ÷ tickSpacing, rounded toward −∞) w·256 + b is initialized.
/// </summary>
[Function("tickBitmap", typeof(TickBitmapOutput))]
public sealed class TickBitmapFunction : FunctionMessage
{
    [Parameter("int16", "wordPosition", 1)] public short WordPosition { get; set; }
}

/// <summary>Output of <see cref="TickBitmapFunction"/>.</summary>
[FunctionOutput]
public sealed class TickBitmapOutput : IFunctionOutputDTO
{
    [Parameter("uint256", "word", 1)] public BigInteger Word { get; set; }
}
