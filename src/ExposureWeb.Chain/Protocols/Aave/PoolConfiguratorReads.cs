using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.Aave;

/// <summary>
/// PoolConfigurator <c>getPendingLtv(address asset) returns (uint256)</c> (Aave v3.1+): the LTV a frozen reserve
/// gets back when unfrozen, in basis points (0 when not frozen).
/// </summary>
[Function("getPendingLtv", typeof(PendingLtvOutput))]
public sealed class GetPendingLtvFunction : FunctionMessage
{
    [Parameter("address", "asset", 1)] public string Asset { get; set; } = "";
}

/// <summary>Output of <see cref="GetPendingLtvFunction"/>.</summary>
[FunctionOutput]
public sealed class PendingLtvOutput : IFunctionOutputDTO
{
    [Parameter("uint256", "ltv", 1)] public BigInteger Ltv { get; set; }
}
