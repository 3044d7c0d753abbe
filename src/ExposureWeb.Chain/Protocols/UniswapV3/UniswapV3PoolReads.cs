using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.UniswapV3;

/// <summary>UniswapV3Pool <c>slot0()</c>.</summary>
[Function("slot0", typeof(Slot0Output))]
public sealed class Slot0Function : FunctionMessage;

/// <summary>The packed slot 0: √price as Q64.96, current tick, oracle indexes, protocol fee, reentrancy lock.</summary>
[FunctionOutput]
public sealed class Slot0Output : IFunctionOutputDTO
{
    [Parameter("uint160", "sqrtPriceX96", 1)] public BigInteger SqrtPriceX96 { get; set; }
    [Parameter("int24", "tick", 2)] public int Tick { get; set; }
    [Parameter("uint16", "observationIndex", 3)] public ushort ObservationIndex { get; set; }
    [Parameter("uint16", "observationCardinality", 4)] public ushort ObservationCardinality { get; set; }
    [Parameter("uint16", "observationCardinalityNext", 5)] public ushort ObservationCardinalityNext { get; set; }
    [Parameter("uint8", "feeProtocol", 6)] public byte FeeProtocol { get; set; }
    [Parameter("bool", "unlocked", 7)] public bool Unlocked { get; set; }
}

/// <summary>UniswapV3Pool <c>feeGrowthGlobal0X128() returns (uint256)</c>.</summary>
[Function("feeGrowthGlobal0X128", typeof(FeeGrowthOutput))]
public sealed class FeeGrowthGlobal0X128Function : FunctionMessage;

/// <summary>UniswapV3Pool <c>feeGrowthGlobal1X128() returns (uint256)</c>.</summary>
[Function("feeGrowthGlobal1X128", typeof(FeeGrowthOutput))]
public sealed class FeeGrowthGlobal1X128Function : FunctionMessage;

/// <summary>Fee growth per unit of liquidity, Q128.128 (wraps modulo 2^256 by design).</summary>
[FunctionOutput]
public sealed class FeeGrowthOutput : IFunctionOutputDTO
{
    [Parameter("uint256", "feeGrowth", 1)] public BigInteger FeeGrowth { get; set; }
}

/// <summary>UniswapV3Pool <c>ticks(int24 tick)</c>.</summary>
[Function("ticks", typeof(TickInfoOutput))]
public sealed class TicksFunction : FunctionMessage
{
    [Parameter("int24", "tick", 1)] public int Tick { get; set; }
}

/// <summary>A tick's state; the fee growth "outside" values are what uncollected fees are computed from.</summary>
[FunctionOutput]
public sealed class TickInfoOutput : IFunctionOutputDTO
{
    [Parameter("uint128", "liquidityGross", 1)] public BigInteger LiquidityGross { get; set; }
    [Parameter("int128", "liquidityNet", 2)] public BigInteger LiquidityNet { get; set; }
    [Parameter("uint256", "feeGrowthOutside0X128", 3)] public BigInteger FeeGrowthOutside0X128 { get; set; }
    [Parameter("uint256", "feeGrowthOutside1X128", 4)] public BigInteger FeeGrowthOutside1X128 { get; set; }
    [Parameter("int56", "tickCumulativeOutside", 5)] public BigInteger TickCumulativeOutside { get; set; }
    [Parameter("uint160", "secondsPerLiquidityOutsideX128", 6)] public BigInteger SecondsPerLiquidityOutsideX128 { get; set; }
    [Parameter("uint32", "secondsOutside", 7)] public uint SecondsOutside { get; set; }
    [Parameter("bool", "initialized", 8)] public bool Initialized { get; set; }
}

/// <summary>UniswapV3Pool <c>token0() returns (address)</c>: the token with the lower address.</summary>
[Function("token0", typeof(PoolTokenOutput))]
public sealed class Token0Function : FunctionMessage;

/// <summary>UniswapV3Pool <c>token1() returns (address)</c>.</summary>
[Function("token1", typeof(PoolTokenOutput))]
public sealed class Token1Function : FunctionMessage;

/// <summary>Output of <see cref="Token0Function"/> and <see cref="Token1Function"/>.</summary>
[FunctionOutput]
public sealed class PoolTokenOutput : IFunctionOutputDTO
{
    [Parameter("address", "token", 1)] public string Token { get; set; } = "";
}

/// <summary>UniswapV3Pool <c>fee() returns (uint24)</c>: the fee tier in hundredths of a basis point (500 = 0.05%).</summary>
[Function("fee", typeof(PoolFeeOutput))]
public sealed class FeeFunction : FunctionMessage;

/// <summary>Output of <see cref="FeeFunction"/>.</summary>
[FunctionOutput]
public sealed class PoolFeeOutput : IFunctionOutputDTO
{
    [Parameter("uint24", "fee", 1)] public uint Fee { get; set; }
}

/// <summary>UniswapV3Pool <c>liquidity() returns (uint128)</c>: the liquidity of the positions in range at the current tick.</summary>
[Function("liquidity", typeof(PoolLiquidityOutput))]
public sealed class LiquidityFunction : FunctionMessage;

/// <summary>Output of <see cref="LiquidityFunction"/>.</summary>
[FunctionOutput]
public sealed class PoolLiquidityOutput : IFunctionOutputDTO
{
    [Parameter("uint128", "liquidity", 1)] public BigInteger Liquidity { get; set; }
}

/// <summary>UniswapV3Pool <c>tickSpacing() returns (int24)</c>: positions' ticks must be multiples of it.</summary>
[Function("tickSpacing", typeof(PoolTickSpacingOutput))]
public sealed class TickSpacingFunction : FunctionMessage;

/// <summary>Output of <see cref="TickSpacingFunction"/>.</summary>
[FunctionOutput]
public sealed class PoolTickSpacingOutput : IFunctionOutputDTO
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
