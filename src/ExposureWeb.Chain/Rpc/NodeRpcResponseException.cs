using Nethereum.JsonRpc.Client;

namespace ExposureWeb.Chain.Rpc;

/// <summary>
/// A node's JSON-RPC error seen through <see cref="TransportRpcClient"/>: Nethereum's <see cref="RpcResponseException"/>
/// (code, message and revert data unchanged in <see cref="RpcResponseException.RpcError"/>, so Nethereum's revert
/// decoding works), with a message that says which call, which code and which endpoint (redacted).
/// </summary>
public sealed class NodeRpcResponseException(Nethereum.JsonRpc.Client.RpcError error, string method, string endpoint)
    : RpcResponseException(error)
{
    /// <summary>The JSON-RPC method the node rejected.</summary>
    public string Method { get; } = method;

    /// <summary>The endpoint(s), credentials redacted.</summary>
    public string Endpoint { get; } = endpoint;

    /// <inheritdoc />
    public override string Message =>
        $"{Method} rejected by {Endpoint}: JSON-RPC error {RpcError.Code}: {RpcError.Message}"
        + (RpcError.Data is string data && data.Length > 2 ? $" (data {(data.Length <= 138 ? data : data[..138] + "…")})" : "");
}
