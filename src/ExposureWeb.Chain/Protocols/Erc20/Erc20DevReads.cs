using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.Erc20;

// A view only the dev chain's tests need (not in Erc20Reads.cs, which holds what the adapters read).

/// <summary>ERC-20 <c>totalSupply() returns (uint256)</c>.</summary>
[Function("totalSupply", "uint256")]
public sealed class TotalSupplyFunction : FunctionMessage;
