using System.Numerics;
using ExposureWeb.Risk.Governance;

namespace ExposureWeb.Chain.Governance;

/// <summary>One call of a proposal (or a timelock operation), decoded as far as it could be.</summary>
/// <param name="Index">The call's position in the proposal.</param>
/// <param name="Target">The contract called, checksummed (as given when it is no address).</param>
/// <param name="TargetName">What the target is (<c>PoolConfigurator</c>, <c>AaveOracle</c>), or null when it is none of the known contracts.</param>
/// <param name="Value">Wei sent with the call.</param>
/// <param name="Selector">The first 4 bytes of the calldata as 0x hex, or <c>none</c> when the calldata is shorter.</param>
/// <param name="Signature">The recognised function, e.g. <c>configureReserveAsCollateral(address,uint256,uint256,uint256)</c>; null when not recognised.</param>
/// <param name="Arguments">The decoded arguments, in order; empty when not recognised.</param>
/// <param name="Changes">The parameters the call sets, in the units <see cref="MarketParameterDiff"/> uses; empty when not recognised.</param>
/// <param name="Unrecognised">Why the call was not decoded (with the target, the selector and the raw data), or null when it was.</param>
/// <param name="RawData">The whole calldata as 0x hex.</param>
public sealed record DecodedCall(
    int Index,
    string Target,
    string? TargetName,
    BigInteger Value,
    string Selector,
    string? Signature,
    IReadOnlyList<CallArgument> Arguments,
    IReadOnlyList<ParameterChange> Changes,
    string? Unrecognised,
    string RawData)
{
    /// <summary>Whether the call was decoded.</summary>
    public bool IsRecognised => Unrecognised is null;
}

/// <summary>One decoded argument of a call.</summary>
/// <param name="Name">The parameter's name in the contract's ABI.</param>
/// <param name="Type">Its ABI type (<c>address</c>, <c>uint256</c>, <c>address[]</c>).</param>
/// <param name="Value">The value as text: addresses checksummed, integers in decimal, booleans <c>true</c>/<c>false</c>, arrays as <c>[a, b]</c>.</param>
public sealed record CallArgument(string Name, string Type, string Value);
