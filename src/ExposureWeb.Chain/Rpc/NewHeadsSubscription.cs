using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace ExposureWeb.Chain.Rpc;

/// <summary>
/// One WebSocket <c>eth_subscribe("newHeads")</c>: the handshake, the subscription, and the node's messages read whole
/// (a message may span several frames). Knows nothing of retries, polling or gaps: <see cref="NewHeadsWatcher"/> does.
/// </summary>
internal sealed class NewHeadsSubscription : IAsyncDisposable
{
    private const int MaxMessageBytes = 4 * 1024 * 1024;
    private const int SubscribeRequestId = 1;
    private const int LatestBlockRequestId = 2;
    private const string SubscribeRequest = """{"jsonrpc":"2.0","id":1,"method":"eth_subscribe","params":["newHeads"]}""";
    private const string LatestBlockRequest = """{"jsonrpc":"2.0","id":2,"method":"eth_getBlockByNumber","params":["latest",false]}""";

    private readonly ClientWebSocket _socket;
    private readonly ArrayBufferWriter<byte> _buffer;
    private readonly string _subscriptionId;
    private Task<bool>? _receive;

    private NewHeadsSubscription(ClientWebSocket socket, ArrayBufferWriter<byte> buffer, string subscriptionId)
    {
        _socket = socket;
        _buffer = buffer;
        _subscriptionId = subscriptionId;
    }

    /// <summary>Connects and subscribes, within <see cref="NewHeadsWatcherOptions.WebSocketConnectTimeout"/>.</summary>
    /// <exception cref="TimeoutException">No confirmed subscription in time.</exception>
    /// <exception cref="RpcErrorException">The node refused the subscription.</exception>
    public static async Task<NewHeadsSubscription> OpenAsync(Uri url, NewHeadsWatcherOptions options, CancellationToken ct)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = options.WebSocketKeepAlive;
        socket.Options.KeepAliveTimeout = options.WebSocketKeepAlive;
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            using var connectCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            connectCts.CancelAfter(options.WebSocketConnectTimeout);
            try
            {
                await socket.ConnectAsync(url, connectCts.Token).ConfigureAwait(false);
                await socket.SendAsync(Encoding.UTF8.GetBytes(SubscribeRequest), WebSocketMessageType.Text, true, connectCts.Token).ConfigureAwait(false);
                while (true)
                {
                    if (!await ReadMessageAsync(socket, buffer, connectCts.Token).ConfigureAwait(false))
                    {
                        throw new IOException("closed by the node before confirming the subscription");
                    }

                    if (TryReadSubscriptionReply(buffer.WrittenMemory) is { } subscriptionId)
                    {
                        return new NewHeadsSubscription(socket, buffer, subscriptionId);
                    }
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"no subscription within {options.WebSocketConnectTimeout.TotalSeconds:0.###} s");
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Asks, on the socket itself, for the latest block: newHeads only reports blocks mined from now on, and this way
    /// push mode does not depend on the HTTP endpoint being healthy at this moment. The reply is read as a head.
    /// </summary>
    public Task RequestLatestAsync(CancellationToken ct) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(LatestBlockRequest), WebSocketMessageType.Text, true, ct);

    /// <summary>Starts reading the next whole message; the task is false when the node closed the socket.</summary>
    /// <remarks>One read at a time: call again only after the previous task completed, then read it with <see cref="Head"/>.</remarks>
    public Task<bool> ReceiveAsync(CancellationToken ct) => _receive = ReadMessageAsync(_socket, _buffer, ct);

    /// <summary>The head in the message just received, or null when it is no head of ours.</summary>
    /// <exception cref="FormatException">A header we asked for is malformed (treated as a broken connection).</exception>
    public BlockHeader? Head() => TryReadHead(_buffer.WrittenSpan, _subscriptionId);

    /// <summary>
    /// The subscription id from the reply to <see cref="SubscribeRequest"/>, or null for any other message (unexpected
    /// before the reply, but harmless).
    /// </summary>
    /// <exception cref="RpcErrorException">The node refused the subscription.</exception>
    /// <exception cref="FormatException">The reply carries no subscription id.</exception>
    internal static string? TryReadSubscriptionReply(ReadOnlyMemory<byte> message)
    {
        using JsonDocument document = JsonDocument.Parse(message);
        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("id", out JsonElement id) || !id.TryGetInt32(out int value) || value != SubscribeRequestId)
        {
            return null;
        }

        if (root.TryGetProperty("error", out JsonElement error) && error.ValueKind != JsonValueKind.Null)
        {
            throw RpcError.FromJson(error).ToException();
        }

        return root.TryGetProperty("result", out JsonElement result) && result.ValueKind == JsonValueKind.String
            ? result.GetString()!
            : throw new FormatException("eth_subscribe returned no subscription id");
    }

    /// <summary>
    /// The header from an <c>eth_subscription</c> notification for <paramref name="subscriptionId"/>, or from the reply
    /// to <see cref="LatestBlockRequest"/>; null for anything else.
    /// </summary>
    /// <exception cref="FormatException">A header we asked for is malformed.</exception>
    internal static BlockHeader? TryReadHead(ReadOnlySpan<byte> message, string subscriptionId)
    {
        var reader = new Utf8JsonReader(message);
        using JsonDocument document = JsonDocument.ParseValue(ref reader);
        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (root.TryGetProperty("method", out JsonElement method) && method.ValueEquals("eth_subscription")
            && root.TryGetProperty("params", out JsonElement parameters) && parameters.ValueKind == JsonValueKind.Object
            && parameters.TryGetProperty("subscription", out JsonElement subscription) && subscription.ValueEquals(subscriptionId)
            && parameters.TryGetProperty("result", out JsonElement notified))
        {
            return BlockHeader.FromJson(notified);
        }

        if (root.TryGetProperty("id", out JsonElement id) && id.TryGetInt32(out int value) && value == LatestBlockRequestId
            && root.TryGetProperty("result", out JsonElement latest) && latest.ValueKind == JsonValueKind.Object)
        {
            return BlockHeader.FromJson(latest);
        }

        return null; // e.g. an error reply to the catch-up request: the subscription still delivers the next block
    }

    /// <summary>Reads one whole message into <paramref name="buffer"/>; false when the node closed the socket.</summary>
    private static async Task<bool> ReadMessageAsync(ClientWebSocket socket, ArrayBufferWriter<byte> buffer, CancellationToken ct)
    {
        buffer.ResetWrittenCount();
        while (true)
        {
            ValueWebSocketReceiveResult result = await socket.ReceiveAsync(buffer.GetMemory(8 * 1024), ct).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return false;
            }

            buffer.Advance(result.Count);
            if (buffer.WrittenCount > MaxMessageBytes)
            {
                throw new IOException($"WebSocket message larger than {MaxMessageBytes} bytes");
            }

            if (result.EndOfMessage)
            {
                return true;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CloseQuietlyAsync().ConfigureAwait(false);

        // A receive still pending when we give up faults once the socket is disposed; observe it so it does not surface
        // as an unobserved task exception.
        _ = _receive?.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        _socket.Dispose();
    }

    private async Task CloseQuietlyAsync()
    {
        if (_socket.State != WebSocketState.Open)
        {
            return;
        }

        // Be polite to the node, but never let shutdown hang on it.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Already broken; Dispose aborts it.
        }
    }
}
