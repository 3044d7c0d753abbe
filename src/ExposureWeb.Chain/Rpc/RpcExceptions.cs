using System.Net;

namespace ExposureWeb.Chain.Rpc;

/// <summary>Base for all JSON-RPC failures, so callers can catch "anything the node did wrong" in one place.</summary>
public abstract class RpcException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected RpcException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The node answered with a JSON-RPC error object: the request reached the node and was rejected or reverted.
/// Retrying on another node normally gives the same answer.
/// </summary>
public sealed class RpcErrorException : RpcException
{
    /// <summary>Creates the exception from the node's error object.</summary>
    public RpcErrorException(RpcError error)
        : base($"JSON-RPC error {error.Code}: {error.Message}" + (error.Data is null ? "" : $" (data {Abbreviate(error.Data)})"), null)
    {
        Error = error;
    }

    /// <summary>The node's error object.</summary>
    public RpcError Error { get; }

    /// <summary>The JSON-RPC error code, e.g. -32601 (method not found) or 3 (execution reverted).</summary>
    public long Code => Error.Code;

    /// <summary>The node's message, without the code prefix that <see cref="Exception.Message"/> carries.</summary>
    public string RpcMessage => Error.Message;

    /// <summary>
    /// Hex <c>data</c> from the error, e.g. ABI-encoded revert data; null when absent. (Not named <c>Data</c>
    /// because <see cref="Exception.Data"/> already exists.)
    /// </summary>
    public string? DataHex => Error.Data;

    /// <summary><see cref="DataHex"/> as bytes; null when absent. Empty for a bare <c>revert()</c>.</summary>
    public byte[]? DataBytes => Error.DataBytes;

    private static string Abbreviate(string data) => data.Length <= 138 ? data : data[..138] + "…";
}

/// <summary>
/// The node could not be reached or did not answer with valid JSON-RPC: connection refused, timeout, non-2xx HTTP
/// status, malformed JSON or a response that does not match the request. Another node may well succeed.
/// </summary>
public sealed class RpcUnavailableException : RpcException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="endpoint">The endpoint, already redacted (see <see cref="EndpointRedactor"/>).</param>
    /// <param name="reason">What went wrong, without the endpoint.</param>
    /// <param name="innerException">The underlying transport or parse exception, if any.</param>
    /// <param name="statusCode">The HTTP status when the failure was a non-2xx response.</param>
    /// <param name="retryAfter">
    /// How long the endpoint asked us to wait before the next request (HTTP <c>Retry-After</c>, typically with 429 or
    /// 503); null when it did not say.
    /// </param>
    public RpcUnavailableException(string endpoint, string reason, Exception? innerException = null, HttpStatusCode? statusCode = null, TimeSpan? retryAfter = null)
        : base($"RPC endpoint {endpoint} unavailable: {reason}", innerException)
    {
        if (retryAfter < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(retryAfter), retryAfter, "must not be negative");
        }

        Endpoint = endpoint;
        Reason = reason;
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    /// <summary>The endpoint URL with credentials (userinfo, query, key-like path segments) redacted.</summary>
    public string Endpoint { get; }

    /// <summary>What went wrong, without the endpoint.</summary>
    public string Reason { get; }

    /// <summary>The HTTP status for non-2xx responses (e.g. 429 when rate limited); otherwise null.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>
    /// The wait the endpoint asked for before it accepts another request, from the HTTP <c>Retry-After</c> header
    /// (delta seconds, or an HTTP date converted to the time left; never negative). Null when the endpoint did not
    /// say. <see cref="FailoverRpcTransport"/> sends nothing to that endpoint before it has passed.
    /// </summary>
    public TimeSpan? RetryAfter { get; }
}
