using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.Opyn;

/// <summary>Opyn Gamma OToken <c>mintOtoken(address account, uint256 amount)</c> (the controller's entry point).</summary>
[Function("mintOtoken")]
public sealed class MintOtokenFunction : FunctionMessage
{
    [Parameter("address", "account", 1)]
    public string Account { get; set; } = "";

    [Parameter("uint256", "amount", 2)]
    public BigInteger Amount { get; set; }
}
