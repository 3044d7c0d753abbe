using System.Text.Json;

namespace ExposureWeb.Chain.Rpc;

/// <summary>The outcome of one call in a batch: either a <see cref="Result"/> or an <see cref="Error"/>.</summary>
public sealed class RpcResult
{
    private RpcResult(RpcRequest request, JsonElement result, RpcError? error)
    {
        Request = request;
        Result = result;
        Error = error;
    }

    /// <summary>The request this answers.</summary>
    public RpcRequest Request { get; }

    /// <summary>
    /// The result on success (may be JSON null, e.g. an unknown receipt); <see cref="JsonValueKind.Undefined"/> on error.
    /// </summary>
    public JsonElement Result { get; }

    /// <summary>The error on failure; null on success.</summary>
    public RpcError? Error { get; }

    /// <summary>Whether the call succeeded.</summary>
    public bool IsSuccess => Error is null;

    /// <summary>Returns <see cref="Result"/> or throws the error.</summary>
    /// <exception cref="RpcErrorException">The call failed.</exception>
    public JsonElement GetResultOrThrow() => Error is null ? Result : throw Error.ToException();

    /// <summary>A successful result.</summary>
    public static RpcResult Success(RpcRequest request, JsonElement result) => new(request, result, null);

    /// <summary>A failed result.</summary>
    public static RpcResult Failure(RpcRequest request, RpcError error) =>
        new(request, default, error ?? throw new ArgumentNullException(nameof(error)));
}
