using System.Numerics;
using System.Text.Json;
using ExposureWeb.Chain.Primitives;

namespace ExposureWeb.Chain.Rpc;

/// <summary>The parts of a mined transaction's receipt the application uses.</summary>
/// <param name="TransactionHash">"0x" + 64 lower-case hex characters.</param>
/// <param name="BlockNumber">Height of the block that included the transaction.</param>
/// <param name="BlockHash">Hash of that block.</param>
/// <param name="Status">1 = success, 0 = reverted; null for pre-Byzantium receipts, which carry no status.</param>
/// <param name="ContractAddress">The created contract for a deployment; otherwise null.</param>
/// <param name="GasUsed">Gas consumed by this transaction (gas units, not wei).</param>
/// <param name="EffectiveGasPrice">
/// Wei actually paid per gas unit (so the fee is <c>GasUsed * EffectiveGasPrice</c> wei); null from nodes that
/// predate EIP-1559 receipts.
/// </param>
public sealed record TransactionReceipt(
    string TransactionHash,
    ulong BlockNumber,
    string BlockHash,
    ulong? Status,
    Address? ContractAddress,
    ulong GasUsed,
    BigInteger? EffectiveGasPrice)
{
    /// <summary>Whether the transaction executed without reverting.</summary>
    public bool Succeeded => Status == 1;

    /// <summary>Reads an <c>eth_getTransactionReceipt</c> result object.</summary>
    /// <exception cref="FormatException">A required field is missing or malformed.</exception>
    public static TransactionReceipt FromJson(JsonElement receipt)
    {
        if (receipt.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"expected a receipt object, got {receipt.ValueKind}");
        }

        string? status = RpcJson.GetOptionalString(receipt, "status");
        string? contract = RpcJson.GetOptionalString(receipt, "contractAddress");
        string? gasPrice = RpcJson.GetOptionalString(receipt, "effectiveGasPrice");
        return new TransactionReceipt(
            RpcJson.GetHash(receipt, "transactionHash"),
            HexQuantity.ParseUInt64(RpcJson.GetString(receipt, "blockNumber")),
            RpcJson.GetHash(receipt, "blockHash"),
            status is null ? null : HexQuantity.ParseUInt64(status),
            contract is null ? null : Address.Parse(contract),
            HexQuantity.ParseUInt64(RpcJson.GetString(receipt, "gasUsed")),
            gasPrice is null ? null : HexQuantity.ParseBigInteger(gasPrice));
    }
}
