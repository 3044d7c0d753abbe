using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.Erc20;

/// <summary>ERC-20 <c>approve(address,uint256) returns (bool)</c>.</summary>
[Function("approve", "bool")]
public sealed class ApproveFunction : FunctionMessage
{
    [Parameter("address", "spender", 1)]
    public string Spender { get; set; } = "";

    [Parameter("uint256", "value", 2)]
    public BigInteger Value { get; set; }
}

/// <summary>ERC-20 <c>transfer(address,uint256) returns (bool)</c>.</summary>
[Function("transfer", "bool")]
public sealed class TransferFunction : FunctionMessage
{
    [Parameter("address", "to", 1)]
    public string To { get; set; } = "";

    [Parameter("uint256", "value", 2)]
    public BigInteger Value { get; set; }
}
