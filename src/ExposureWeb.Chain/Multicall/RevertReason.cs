using ExposureWeb.Chain.Abi;
using ExposureWeb.Chain.Primitives;

namespace ExposureWeb.Chain.Multicall;

/// <summary>Turns revert data into words: <c>Error(string)</c>, <c>Panic(uint256)</c>, or the raw selector.</summary>
public static class RevertReason
{
    private static readonly AbiFunction Error = AbiFunction.Parse("Error(string)");
    private static readonly AbiFunction Panic = AbiFunction.Parse("Panic(uint256)");

    public static string Describe(ReadOnlySpan<byte> data)
    {
        if (data.Length == 0) return "reverted without a reason";
        if (data.Length < 4) return "reverted with malformed data " + Hex.Encode(data);
        try
        {
            if (data[..4].SequenceEqual(Error.Selector)) return "reverted: " + (string)Error.DecodeInput(data)[0];
            if (data[..4].SequenceEqual(Panic.Selector)) return "panicked with code 0x" + ((System.Numerics.BigInteger)Panic.DecodeInput(data)[0]).ToString("x");
        }
        catch (AbiDecodingException)
        {
            // Fall through to the raw form: a garbled reason is still worth showing.
        }
        return "reverted with custom error " + Hex.Encode(data[..4]);
    }
}
