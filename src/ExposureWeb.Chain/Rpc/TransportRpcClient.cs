using System.Text.Json;
using Nethereum.JsonRpc.Client;
using Nethereum.JsonRpc.Client.RpcMessages;
using Newtonsoft.Json;
using NethereumRpcError = Nethereum.JsonRpc.Client.RpcError;
using NethereumRpcMessageError = Nethereum.JsonRpc.Client.RpcMessages.RpcError;

namespace ExposureWeb.Chain.Rpc;

/// <summary>
/// Nethereum's <see cref="IClient"/> over the project's <see cref="IRpcTransport"/>, so that <c>Web3</c>, typed
/// contract handlers and the transaction manager use the chain's failover, per-request timeouts, 429 Retry-After
/// handling and credential redaction instead of Nethereum's own HTTP client.
/// </summary>
/// <remarks>
/// <para>Failures keep the transport's meaning: a node's error object becomes Nethereum's
/// <see cref="RpcResponseException"/> (so Nethereum decodes revert data and custom errors as it does for its own client),
/// as a <see cref="NodeRpcResponseException"/> whose message names the method, the code and the (redacted) endpoint.
/// A node that could not answer stays an <see cref="RpcUnavailableException"/>: callers that already catch the
/// project's <see cref="RpcException"/> keep working, and Nethereum's exceptions for that case carry no endpoint.</para>
/// <para>Timeouts come from the transport (per chain); Nethereum's process-wide <c>ClientBase.ConnectionTimeout</c> is
/// not used. Parameters are serialized with Nethereum's Newtonsoft settings, because Nethereum's DTOs
/// (<c>CallInput</c>, <c>BlockParameter</c>, <c>HexBigInteger</c>) carry Newtonsoft converters, and handed to the
/// transport as JSON it sends unchanged.</para>
/// </remarks>
public sealed class TransportRpcClient(IRpcTransport transport) : ClientBase
{
    private static readonly JsonSerializerSettings NethereumJson = DefaultJsonSerializerSettingsFactory.BuildDefaultJsonSerializerSettings();

    /// <summary>The transport every request goes through.</summary>
    public IRpcTransport Transport { get; } = transport ?? throw new ArgumentNullException(nameof(transport));

    /// <inheritdoc />
    public override async Task<RpcResponseMessage> SendAsync(RpcRequestMessage rpcRequestMessage, string? route = null)
    {
        ArgumentNullException.ThrowIfNull(rpcRequestMessage);
        try
        {
            var result = await Transport.SendAsync(rpcRequestMessage.Method, ToParameters(rpcRequestMessage)).ConfigureAwait(false);
            return Success(rpcRequestMessage.Id, result);
        }
        catch (RpcErrorException ex)
        {
            return new RpcResponseMessage(rpcRequestMessage.Id, ToMessageError(ex.Error));
        }
    }

    /// <inheritdoc />
    protected override async Task<RpcResponseMessage[]> SendAsync(RpcRequestMessage[] requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var batch = requests.Select(r => new RpcRequest(r.Method, ToParameters(r))).ToArray();
        var results = await Transport.SendBatchAsync(batch).ConfigureAwait(false);
        return results.Select((r, i) => r.Error is { } error
                ? new RpcResponseMessage(requests[i].Id, ToMessageError(error))
                : Success(requests[i].Id, r.Result))
            .ToArray();
    }

    /// <inheritdoc />
    protected override async Task<T> SendInnerRequestAsync<T>(RpcRequestMessage reqMsg, string? route = null)
    {
        var response = await SendAsync(reqMsg, route).ConfigureAwait(false);
        ThrowIfError(response, reqMsg.Method);
        try
        {
            return DecodeResult<T>(response);
        }
        catch (FormatException ex)
        {
            throw new RpcResponseFormatException($"{reqMsg.Method}: the answer of {Transport.DisplayName} has an invalid format", ex);
        }
    }

    /// <inheritdoc />
    public override async Task SendRequestAsync(Nethereum.JsonRpc.Client.RpcRequest request, string? route = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await SendAsync(new RpcRequestMessage(request.Id, request.Method, request.RawParameters), route).ConfigureAwait(false);
        ThrowIfError(response, request.Method);
    }

    /// <inheritdoc />
    public override async Task SendRequestAsync(string method, string? route = null, params object[] paramList)
    {
        var response = await SendAsync(new RpcRequestMessage(Guid.NewGuid().ToString(), method, paramList), route).ConfigureAwait(false);
        ThrowIfError(response, method);
    }

    private void ThrowIfError(RpcResponseMessage response, string method)
    {
        if (response.Error is { } error)
        {
            throw new NodeRpcResponseException(new NethereumRpcError(error.Code, error.Message, error.Data), method, Transport.DisplayName);
        }
    }

    // JSON null stays a null result, so Nethereum returns default(T) for "no such receipt/block" as with its own client.
    private static RpcResponseMessage Success(object id, JsonElement result) =>
        new(id, result.ValueKind == JsonValueKind.Null ? null! : (object)result);

    private static NethereumRpcMessageError ToMessageError(RpcError error) => new()
    {
        // JSON-RPC codes are small integers; clamp anything wider rather than wrap it into a different code.
        Code = (int)Math.Clamp(error.Code, int.MinValue, int.MaxValue),
        Message = error.Message,
        Data = error.Data,
    };

    private static IReadOnlyList<object?> ToParameters(RpcRequestMessage message) => message.RawParameters switch
    {
        null => [],
        object[] positional => positional.Select(ToJson).ToArray(),
        _ => throw new NotSupportedException($"{message.Method}: named JSON-RPC parameters are not supported by the transport; pass them positionally"),
    };

    private static object? ToJson(object? parameter)
    {
        if (parameter is null) return null;
        var json = JsonConvert.SerializeObject(parameter, NethereumJson);
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
