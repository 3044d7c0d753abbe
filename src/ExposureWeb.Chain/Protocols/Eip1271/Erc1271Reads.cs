using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.Eip1271;

/// <summary>
/// ERC-1271 <c>isValidSignature(bytes32 hash, bytes signature) returns (bytes4)</c>: a contract wallet answers the
/// magic value 0x1626ba7e when it accepts the signature. Read raw (first 4 bytes), since wallets differ in padding.
/// </summary>
[Function("isValidSignature", "bytes4")]
public sealed class IsValidSignatureFunction : FunctionMessage
{
    [Parameter("bytes32", "hash", 1)] public byte[] Hash { get; set; } = [];
    [Parameter("bytes", "signature", 2)] public byte[] Signature { get; set; } = [];
}
