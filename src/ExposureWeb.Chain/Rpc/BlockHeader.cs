using System.Text.Json;

namespace ExposureWeb.Chain.Rpc;

/// <summary>The parts of a block header the dashboard uses.</summary>
/// <param name="Number">Block height (0 = genesis).</param>
/// <param name="Hash">Block hash, "0x" + 64 lower-case hex characters.</param>
/// <param name="ParentHash">Hash of the previous block, same format.</param>
/// <param name="Timestamp">Block time; the chain records whole seconds since the Unix epoch (UTC).</param>
public sealed record BlockHeader(ulong Number, string Hash, string ParentHash, DateTimeOffset Timestamp)
{
    /// <summary>Reads a block or newHeads header object (<c>number</c>, <c>hash</c>, <c>parentHash</c>, <c>timestamp</c>).</summary>
    /// <exception cref="FormatException">The object lacks a field or a field is malformed.</exception>
    public static BlockHeader FromJson(JsonElement block)
    {
        if (block.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"expected a block object, got {block.ValueKind}");
        }

        ulong seconds = HexQuantity.ParseUInt64(RpcJson.GetString(block, "timestamp"));
        if (seconds > (ulong)DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            throw new FormatException($"block timestamp {seconds} s is out of range");
        }

        return new BlockHeader(
            HexQuantity.ParseUInt64(RpcJson.GetString(block, "number")),
            RpcJson.GetHash(block, "hash"),
            RpcJson.GetHash(block, "parentHash"),
            DateTimeOffset.FromUnixTimeSeconds((long)seconds));
    }
}
