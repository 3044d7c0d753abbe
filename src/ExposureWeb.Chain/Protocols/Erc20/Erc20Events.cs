using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace ExposureWeb.Chain.Protocols.Erc20;

/// <summary>ERC-20 <c>Transfer(address indexed from, address indexed to, uint256 value)</c>.</summary>
[Event("Transfer")]
public sealed class TransferEventDto : IEventDTO
{
    [Parameter("address", "from", 1, true)] public string From { get; set; } = "";
    [Parameter("address", "to", 2, true)] public string To { get; set; } = "";
    [Parameter("uint256", "value", 3, false)] public BigInteger Value { get; set; }
}
