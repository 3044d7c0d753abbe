using ExposureWeb.Chain.Abi;

namespace ExposureWeb.Chain.Adapters.Spot;

/// <summary>The ERC-20 functions read for spot balances.</summary>
public static class Erc20
{
    public static readonly AbiFunction BalanceOf = AbiFunction.Parse("balanceOf(address) returns (uint256)");

    public static readonly AbiFunction Decimals = AbiFunction.Parse("decimals() returns (uint8)");

    public static readonly AbiFunction Symbol = AbiFunction.Parse("symbol() returns (string)");
}
