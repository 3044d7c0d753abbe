using System.Text.Json;

namespace ExposureWeb.Chain.Rpc;

/// <summary>
/// Sends JSON-RPC calls to one logical node. <see cref="JsonRpcHttpClient"/> is the HTTP implementation; failover
/// and retry policies are meant to be further implementations that wrap several transports.
/// </summary>
/// <remarks>
/// Implementations report failures only as <see cref="RpcErrorException"/> (the node rejected the call; do not
/// retry elsewhere) or <see cref="RpcUnavailableException"/> (the node could not answer; another node may), plus
/// <see cref="OperationCanceledException"/> when the caller's token is cancelled. That split is what a failover
/// policy needs to decide.
/// </remarks>
public interface IRpcTransport
{
    /// <summary>The endpoint for messages and logs, with credentials redacted.</summary>
    string DisplayName { get; }

    /// <summary>Sends one call and returns its <c>result</c>, which may be JSON null.</summary>
    /// <exception cref="RpcErrorException">The node returned an error object.</exception>
    /// <exception cref="RpcUnavailableException">The node was unreachable or answered with something invalid.</exception>
    Task<JsonElement> SendAsync(string method, IReadOnlyList<object?> parameters, CancellationToken ct = default);

    /// <summary>
    /// Sends the calls as one JSON-RPC batch. Results come back in request order, each with its own result or
    /// error; a failed item does not fail the batch.
    /// </summary>
    /// <exception cref="RpcErrorException">The node rejected the whole batch with a single error object.</exception>
    /// <exception cref="RpcUnavailableException">The node was unreachable or the response does not answer every request.</exception>
    Task<IReadOnlyList<RpcResult>> SendBatchAsync(IReadOnlyList<RpcRequest> requests, CancellationToken ct = default);
}
