using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.Aave;

// Aave v3.0 DefaultReserveInterestRateStrategy views (@aave/core-v3 1.19.3): one immutable strategy contract per curve,
// so a governance change of a rate curve shows as a new strategy address on the reserve. All values in ray (1e27).

/// <summary><c>OPTIMAL_USAGE_RATIO() returns (uint256)</c>: the utilisation at the kink, ray.</summary>
[Function("OPTIMAL_USAGE_RATIO", typeof(RayOutput))]
public sealed class OptimalUsageRatioFunction : FunctionMessage;

/// <summary><c>getBaseVariableBorrowRate() returns (uint256)</c>: the variable rate at 0% utilisation, ray a year.</summary>
[Function("getBaseVariableBorrowRate", typeof(RayOutput))]
public sealed class GetBaseVariableBorrowRateFunction : FunctionMessage;

/// <summary><c>getVariableRateSlope1() returns (uint256)</c>: rate added from 0 to the optimal utilisation, ray a year.</summary>
[Function("getVariableRateSlope1", typeof(RayOutput))]
public sealed class GetVariableRateSlope1Function : FunctionMessage;

/// <summary><c>getVariableRateSlope2() returns (uint256)</c>: rate added from the optimal utilisation to 100%, ray a year.</summary>
[Function("getVariableRateSlope2", typeof(RayOutput))]
public sealed class GetVariableRateSlope2Function : FunctionMessage;

/// <summary>A ray value (1e27 = 1).</summary>
[FunctionOutput]
public sealed class RayOutput : IFunctionOutputDTO
{
    [Parameter("uint256", "value", 1)] public BigInteger Value { get; set; }
}
