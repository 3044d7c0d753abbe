using ExposureWeb.Chain.Abi;

namespace ExposureWeb.Chain.Multicall;

/// <summary>The Multicall3 functions the app calls (ABI of the canonical 0xcA11bde0…CA11 contract).</summary>
public static class Multicall3
{
    /// <summary><c>aggregate3((address target, bool allowFailure, bytes callData)[])</c> → <c>(bool success, bytes returnData)[]</c>.</summary>
    public static readonly AbiFunction Aggregate3 = AbiFunction.Parse("aggregate3((address,bool,bytes)[]) returns ((bool,bytes)[])");

    /// <summary>Native balance of an address, in wei.</summary>
    public static readonly AbiFunction GetEthBalance = AbiFunction.Parse("getEthBalance(address) returns (uint256)");

    /// <summary>The block's timestamp, in Unix seconds.</summary>
    public static readonly AbiFunction GetCurrentBlockTimestamp = AbiFunction.Parse("getCurrentBlockTimestamp() returns (uint256)");
}
