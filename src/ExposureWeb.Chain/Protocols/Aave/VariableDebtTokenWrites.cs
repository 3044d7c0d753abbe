using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.Aave;

/// <summary>Aave v3 debt token <c>approveDelegation(address delegatee, uint256 amount)</c>: credit delegation to a borrower.</summary>
[Function("approveDelegation")]
public sealed class ApproveDelegationFunction : FunctionMessage
{
    [Parameter("address", "delegatee", 1)]
    public string Delegatee { get; set; } = "";

    [Parameter("uint256", "amount", 2)]
    public BigInteger Amount { get; set; }
}
