using System.Text.Json;
using ExposureWeb.Chain.Primitives;

namespace ExposureWeb.Chain.Rpc;

/// <summary>A JSON-RPC error object returned by the node.</summary>
/// <param name="Code">The error code, e.g. -32601 (method not found) or 3 (execution reverted).</param>
/// <param name="Message">The node's message.</param>
/// <param name="Data">
/// The <c>data</c> member when it is a hex string, e.g. ABI-encoded revert data; otherwise null.
/// </param>
public sealed record RpcError(long Code, string Message, string? Data)
{
    /// <summary><see cref="Data"/> decoded to bytes, or null when there is none or it is not valid hex.</summary>
    public byte[]? DataBytes => Data is not null && Hex.TryDecode(Data, out byte[] bytes) ? bytes : null;

    /// <summary>Reads a JSON-RPC error object.</summary>
    /// <exception cref="FormatException">The object has no integer <c>code</c>.</exception>
    public static RpcError FromJson(JsonElement error)
    {
        if (error.ValueKind != JsonValueKind.Object
            || !error.TryGetProperty("code", out JsonElement codeElement)
            || !codeElement.TryGetInt64(out long code))
        {
            throw new FormatException($"malformed JSON-RPC error object: {RpcJson.Describe(error)}");
        }

        string message = error.TryGetProperty("message", out JsonElement m) && m.ValueKind == JsonValueKind.String
            ? m.GetString()!
            : "(no message)";

        return new RpcError(code, message, FindHexData(error));
    }

    /// <summary>The exception to throw for this error.</summary>
    public RpcErrorException ToException() => new(this);

    // Geth and anvil put revert data directly in "data"; older Hardhat/Ganache-style nodes nest it one level
    // deeper ({"data": {"data": "0x..."}}). Both forms are accepted so callers see one shape.
    private static string? FindHexData(JsonElement error)
    {
        if (!error.TryGetProperty("data", out JsonElement data))
        {
            return null;
        }

        if (data.ValueKind == JsonValueKind.Object && data.TryGetProperty("data", out JsonElement nested))
        {
            data = nested;
        }

        return data.ValueKind == JsonValueKind.String
               && data.GetString() is { } s
               && s.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
               && Hex.TryDecode(s, out _)
            ? s
            : null;
    }
}
