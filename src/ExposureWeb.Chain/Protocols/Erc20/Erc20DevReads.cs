using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.Erc20;

// Views the dev chain's deployment and tests need before main's Erc20Reads.cs arrives; deduplicated at the merge.

/// <summary>ERC-20 <c>balanceOf(address) returns (uint256)</c>.</summary>
[Function("balanceOf", "uint256")]
public sealed class BalanceOfFunction : FunctionMessage
{
    [Parameter("address", "account", 1)]
    public string Account { get; set; } = "";
}

/// <summary>ERC-20 <c>decimals() returns (uint8)</c>.</summary>
[Function("decimals", "uint8")]
public sealed class DecimalsFunction : FunctionMessage;

/// <summary>ERC-20 <c>symbol() returns (string)</c>.</summary>
[Function("symbol", "string")]
public sealed class SymbolFunction : FunctionMessage;

/// <summary>ERC-20 <c>totalSupply() returns (uint256)</c>.</summary>
[Function("totalSupply", "uint256")]
public sealed class TotalSupplyFunction : FunctionMessage;
