using System.Numerics;
using System.Text;
using ExposureWeb.Chain.Abi;
using ExposureWeb.Chain.Primitives;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Util;

namespace ExposureWeb.Chain.Multicall;

/// <summary>Turns revert data into words: <c>Error(string)</c>, <c>Panic(uint256)</c>, or the raw selector.</summary>
public static class RevertReason
{
    private static readonly byte[] ErrorSelector = Selector("Error(string)");
    private static readonly byte[] PanicSelector = Selector("Panic(uint256)");

    public static string Describe(ReadOnlySpan<byte> data)
    {
        if (data.Length == 0) return "reverted without a reason";
        if (data.Length < 4) return "reverted with malformed data " + Hex.Encode(data);
        try
        {
            if (data[..4].SequenceEqual(ErrorSelector)) return "reverted: " + SpanAbiDecoder.Decode<ErrorMessage>(data[4..]).Message;
            if (data[..4].SequenceEqual(PanicSelector)) return "panicked with code 0x" + SpanAbiDecoder.Decode<PanicCode>(data[4..]).Code.ToString("x");
        }
        catch (AbiDecodingException)
        {
            // Fall through to the raw form: a garbled reason is still worth showing.
        }
        return "reverted with custom error " + Hex.Encode(data[..4]);
    }

    private static byte[] Selector(string signature) => Sha3Keccack.Current.CalculateHash(Encoding.ASCII.GetBytes(signature))[..4];

    /// <summary>Solidity's <c>Error(string)</c> (require/revert with a message).</summary>
    [Error("Error")]
    private sealed class ErrorMessage
    {
        [Parameter("string", "message", 1)] public string Message { get; set; } = "";
    }

    /// <summary>Solidity's <c>Panic(uint256)</c> (assert, overflow, division by zero …).</summary>
    [Error("Panic")]
    private sealed class PanicCode
    {
        [Parameter("uint256", "code", 1)] public BigInteger Code { get; set; }
    }
}
