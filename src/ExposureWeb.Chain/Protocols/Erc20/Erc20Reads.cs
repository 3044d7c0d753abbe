using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.Erc20;

// The ERC-20 views read for spot balances, aTokens, debt tokens and oTokens. ERC-721's balanceOf has the same
// signature and selector, so the Uniswap position manager's NFT count uses BalanceOfFunction too.

/// <summary><c>balanceOf(address owner) returns (uint256)</c>.</summary>
[Function("balanceOf", typeof(BalanceOfOutput))]
public sealed class BalanceOfFunction : FunctionMessage
{
    [Parameter("address", "owner", 1)] public string Owner { get; set; } = "";
}

/// <summary>Output of <see cref="BalanceOfFunction"/>: the balance in the token's smallest units.</summary>
[FunctionOutput]
public sealed class BalanceOfOutput : IFunctionOutputDTO
{
    [Parameter("uint256", "balance", 1)] public BigInteger Balance { get; set; }
}

/// <summary><c>decimals() returns (uint8)</c>.</summary>
[Function("decimals", typeof(DecimalsOutput))]
public sealed class DecimalsFunction : FunctionMessage;

/// <summary>Output of <see cref="DecimalsFunction"/>.</summary>
[FunctionOutput]
public sealed class DecimalsOutput : IFunctionOutputDTO
{
    [Parameter("uint8", "decimals", 1)] public byte Decimals { get; set; }
}

/// <summary><c>symbol() returns (string)</c>.</summary>
[Function("symbol", typeof(SymbolOutput))]
public sealed class SymbolFunction : FunctionMessage;

/// <summary>Output of <see cref="SymbolFunction"/>.</summary>
[FunctionOutput]
public sealed class SymbolOutput : IFunctionOutputDTO
{
    [Parameter("string", "symbol", 1)] public string Symbol { get; set; } = "";
}

/// <summary><c>totalSupply() returns (uint256)</c>.</summary>
[Function("totalSupply", typeof(TotalSupplyOutput))]
public sealed class TotalSupplyFunction : FunctionMessage;

/// <summary>Output of <see cref="TotalSupplyFunction"/>.</summary>
[FunctionOutput]
public sealed class TotalSupplyOutput : IFunctionOutputDTO
{
    [Parameter("uint256", "totalSupply", 1)] public BigInteger TotalSupply { get; set; }
}

/// <summary><c>allowance(address owner, address spender) returns (uint256)</c>.</summary>
[Function("allowance", "uint256")]
public sealed class AllowanceFunction : FunctionMessage
{
    [Parameter("address", "owner", 1)] public string Owner { get; set; } = "";
    [Parameter("address", "spender", 2)] public string Spender { get; set; } = "";
}
