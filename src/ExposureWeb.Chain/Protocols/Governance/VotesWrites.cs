using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.Governance;

/// <summary>Votes <c>delegate(address delegatee)</c>: the sender's whole balance (now and later) votes for the delegatee; delegate to oneself to vote.</summary>
[Function("delegate")]
public sealed class DelegateFunction : FunctionMessage
{
    [Parameter("address", "delegatee", 1)] public string Delegatee { get; set; } = "";
}
