using System.Buffers;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace ExposureWeb.Chain.Rpc;

/// <summary>
/// Follows the chain head: push via a WebSocket <c>eth_subscribe("newHeads")</c> when possible, otherwise polling
/// the latest block over HTTP, switching back and forth as connectivity allows.
/// </summary>
/// <remarks>
/// <para>Guarantees of <see cref="WatchAsync"/>:</para>
/// <list type="bullet">
/// <item>Never yields the same block (number and hash) twice in a row (the WebSocket and polling overlap around
/// reconnects). A different block at the same height, i.e. a reorg that replaced the head, is yielded: consumers
/// compare hashes to tell a replacement from a new block.</item>
/// <item>Forward gaps up to <see cref="NewHeadsWatcherOptions.MaxGapFill"/> blocks (missed notifications, polling
/// slower than the block time) are filled by fetching the skipped headers over HTTP, so consumers normally see every
/// height in order. Larger jumps yield only the new head.</item>
/// <item>A lower number than the previous head (reorg to a shorter chain, or a dev node restarted from genesis) is
/// yielded as is.</item>
/// <item>Never throws because the node is down: failures become <see cref="HeadEvent.ConnectivityChanged"/> events
/// (only on change) and the watcher keeps retrying with backoff capped at
/// <see cref="NewHeadsWatcherOptions.MaxRetryDelay"/>. Cancelling the token ends the enumeration with
/// <see cref="OperationCanceledException"/>, as usual for async streams.</item>
/// </list>
/// <para>The instance only holds configuration; each enumeration has its own connection and state.</para>
/// </remarks>
public sealed class NewHeadsWatcher
{
    private readonly EthClient _http;
    private readonly Uri? _webSocketUrl;
    private readonly NewHeadsWatcherOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates a watcher.</summary>
    /// <param name="http">HTTP transport for polling, gap filling and stall checks.</param>
    /// <param name="webSocketUrl">ws:// or wss:// URL of the same node; null to poll only.</param>
    /// <param name="options">Timing; defaults as documented on <see cref="NewHeadsWatcherOptions"/>.</param>
    /// <param name="timeProvider">Clock for delays and <see cref="HeadEvent.ConnectivityChanged.Since"/>.</param>
    public NewHeadsWatcher(IRpcTransport http, Uri? webSocketUrl, NewHeadsWatcherOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (webSocketUrl is not null && (!webSocketUrl.IsAbsoluteUri || (webSocketUrl.Scheme != "ws" && webSocketUrl.Scheme != "wss")))
        {
            throw new ArgumentException($"expected an absolute ws(s) URL, got {EndpointRedactor.Redact(webSocketUrl)}", nameof(webSocketUrl));
        }

        _options = options ?? new NewHeadsWatcherOptions();
        _options.Validate();
        _time = timeProvider ?? TimeProvider.System;
        _http = new EthClient(http, _time);
        _webSocketUrl = webSocketUrl;
    }

    /// <summary>Yields new heads and connectivity changes until <paramref name="ct"/> is cancelled.</summary>
    public async IAsyncEnumerable<HeadEvent> WatchAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        // A producer task feeds a channel so the connection logic can use try/catch freely (an iterator cannot
        // yield inside a try with a catch) and so a slow consumer exerts back-pressure instead of piling up memory.
        var channel = Channel.CreateBounded<HeadEvent>(new BoundedChannelOptions(256)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var session = new Session(this, channel.Writer);
        Task producer = Task.Run(() => session.RunAsync(stop.Token), CancellationToken.None);
        try
        {
            await foreach (HeadEvent item in channel.Reader.ReadAllAsync(ct).ConfigureAwait(false))
            {
                yield return item;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await producer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>State of one enumeration.</summary>
    private sealed class Session(NewHeadsWatcher owner, ChannelWriter<HeadEvent> writer)
    {
        private const int MaxMessageBytes = 4 * 1024 * 1024;
        private const int LatestBlockRequestId = 2;
        private const string LatestBlockRequest = """{"jsonrpc":"2.0","id":2,"method":"eth_getBlockByNumber","params":["latest",false]}""";

        private readonly NewHeadsWatcherOptions _options = owner._options;
        private readonly TimeProvider _time = owner._time;
        private readonly EthClient _http = owner._http;

        private BlockHeader? _last;
        private ChainConnectivity? _connectivity;
        private HeadSource? _source;
        private DateTimeOffset _since;
        private int _httpFailures;
        private int _webSocketFailures;
        private long _nextWebSocketAttempt; // TimeProvider timestamp
        private string? _lastWebSocketError;

        public async Task RunAsync(CancellationToken ct)
        {
            Exception? fault = null;
            try
            {
                while (true)
                {
                    ct.ThrowIfCancellationRequested();
                    if (owner._webSocketUrl is { } url && _time.GetTimestamp() >= _nextWebSocketAttempt)
                    {
                        bool subscribed = false;
                        try
                        {
                            await RunWebSocketAsync(url, () => subscribed = true, ct).ConfigureAwait(false);
                            _lastWebSocketError = "connection closed by the node";
                        }
                        catch (Exception ex) when (!ct.IsCancellationRequested)
                        {
                            _lastWebSocketError = Describe(ex);
                        }

                        // A subscription that worked and then dropped is retried at once (likely a blip); repeated
                        // failures to even subscribe back off up to MaxWebSocketRetryDelay.
                        _webSocketFailures = subscribed ? 0 : _webSocketFailures + 1;
                        _nextWebSocketAttempt = _time.GetTimestamp()
                            + ToTicks(Backoff(_webSocketFailures, _options.MaxWebSocketRetryDelay));
                    }

                    // Poll right away after a WebSocket failure: that tells "node down" from "no WebSocket here".
                    bool polled = await PollOnceAsync(ct).ConfigureAwait(false);
                    TimeSpan delay = polled ? _options.PollInterval : Backoff(_httpFailures, _options.MaxRetryDelay);
                    if (owner._webSocketUrl is not null)
                    {
                        TimeSpan untilWebSocket = _time.GetElapsedTime(_time.GetTimestamp(), _nextWebSocketAttempt);
                        delay = untilWebSocket < delay ? untilWebSocket : delay;
                    }

                    if (delay > TimeSpan.Zero)
                    {
                        await Task.Delay(delay, _time, ct).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Normal end.
            }
            catch (Exception ex)
            {
                // Only a bug gets here; surface it to the consumer rather than stalling silently.
                fault = ex;
            }
            finally
            {
                writer.TryComplete(fault);
            }
        }

        /// <summary>One HTTP poll of the latest block. Returns whether the node answered.</summary>
        private async Task<bool> PollOnceAsync(CancellationToken ct)
        {
            BlockHeader header;
            try
            {
                header = await _http.GetBlockAsync(BlockParameter.Latest, ct).ConfigureAwait(false)
                         ?? throw new FormatException("node returned no latest block");
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                _httpFailures++;
                string error = "HTTP: " + Describe(ex);
                if (owner._webSocketUrl is not null && _lastWebSocketError is not null)
                {
                    error += "; WebSocket: " + _lastWebSocketError;
                }

                await ReportAsync(ChainConnectivity.Unreachable, null, error, ct).ConfigureAwait(false);
                return false;
            }

            if (_httpFailures > 0 || _connectivity == ChainConnectivity.Unreachable)
            {
                // The node is back: try push delivery again now rather than after the WebSocket backoff.
                _webSocketFailures = 0;
                _nextWebSocketAttempt = _time.GetTimestamp();
            }

            _httpFailures = 0;
            await ReportAsync(ChainConnectivity.Connected, HeadSource.Polling, null, ct).ConfigureAwait(false);
            await EmitHeadAsync(header, ct).ConfigureAwait(false);
            return true;
        }

        /// <summary>
        /// Connects, subscribes and yields heads until the socket fails or closes. Returns normally on a close by the
        /// node; throws on failures. <paramref name="onSubscribed"/> runs once the subscription is confirmed.
        /// </summary>
        private async Task RunWebSocketAsync(Uri url, Action onSubscribed, CancellationToken ct)
        {
            using var socket = new ClientWebSocket();
            socket.Options.KeepAliveInterval = _options.WebSocketKeepAlive;
            socket.Options.KeepAliveTimeout = _options.WebSocketKeepAlive;
            var buffer = new ArrayBufferWriter<byte>(16 * 1024);
            string subscriptionId;

            using (var connectCts = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                connectCts.CancelAfter(_options.WebSocketConnectTimeout);
                try
                {
                    await socket.ConnectAsync(url, connectCts.Token).ConfigureAwait(false);
                    const string subscribe = """{"jsonrpc":"2.0","id":1,"method":"eth_subscribe","params":["newHeads"]}""";
                    await socket.SendAsync(Encoding.UTF8.GetBytes(subscribe), WebSocketMessageType.Text, true, connectCts.Token).ConfigureAwait(false);
                    subscriptionId = await ReadSubscriptionReplyAsync(socket, buffer, connectCts.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    throw new TimeoutException($"no subscription within {_options.WebSocketConnectTimeout.TotalSeconds:0.###} s");
                }
            }

            onSubscribed();
            _lastWebSocketError = null;
            await ReportAsync(ChainConnectivity.Connected, HeadSource.WebSocket, null, ct).ConfigureAwait(false);

            // newHeads only reports blocks mined from now on; ask for the current head so a consumer that just started
            // (or a reconnect after missed blocks) is up to date immediately. Asked on the socket itself, so push mode
            // does not depend on the HTTP endpoint being healthy at this moment.
            await socket.SendAsync(Encoding.UTF8.GetBytes(LatestBlockRequest), WebSocketMessageType.Text, true, ct).ConfigureAwait(false);

            Task<bool> receive = ReadMessageAsync(socket, buffer, ct);
            try
            {
                while (true)
                {
                    // Wait for the next message, but check now and then that the subscription is not silently dead.
                    while (!await CompletesWithinAsync(receive, _options.SubscriptionStallCheck, ct).ConfigureAwait(false))
                    {
                        ulong? before = _last?.Number;
                        await CatchUpOverHttpAsync(ct).ConfigureAwait(false);
                        if (_last?.Number != before)
                        {
                            throw new IOException("subscription stalled: the chain advanced without a notification");
                        }
                    }

                    if (!await receive.ConfigureAwait(false))
                    {
                        return; // closed by the node
                    }

                    if (TryReadHead(buffer.WrittenSpan, subscriptionId) is { } header)
                    {
                        await EmitHeadAsync(header, ct).ConfigureAwait(false);
                    }

                    receive = ReadMessageAsync(socket, buffer, ct);
                }
            }
            finally
            {
                await CloseQuietlyAsync(socket).ConfigureAwait(false);

                // A receive still pending when we give up faults once the socket is disposed; observe it so it does
                // not surface as an unobserved task exception.
                _ = receive.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }
        }

        private async Task<bool> CompletesWithinAsync(Task task, TimeSpan limit, CancellationToken ct)
        {
            using var delayCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            Task delay = Task.Delay(limit, _time, delayCts.Token);
            Task winner = await Task.WhenAny(task, delay).ConfigureAwait(false);
            await delayCts.CancelAsync().ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
            return winner == task;
        }

        private async Task CatchUpOverHttpAsync(CancellationToken ct)
        {
            try
            {
                if (await _http.GetBlockAsync(BlockParameter.Latest, ct).ConfigureAwait(false) is { } latest)
                {
                    await EmitHeadAsync(latest, ct).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && ex is RpcException or FormatException)
            {
                // Best effort: the subscription still delivers the next block.
            }
        }

        private static async Task<string> ReadSubscriptionReplyAsync(ClientWebSocket socket, ArrayBufferWriter<byte> buffer, CancellationToken ct)
        {
            while (true)
            {
                if (!await ReadMessageAsync(socket, buffer, ct).ConfigureAwait(false))
                {
                    throw new IOException("closed by the node before confirming the subscription");
                }

                using JsonDocument document = JsonDocument.Parse(buffer.WrittenMemory);
                JsonElement root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("id", out JsonElement id) || !id.TryGetInt32(out int value) || value != 1)
                {
                    continue; // not our reply (unexpected here, but harmless)
                }

                if (root.TryGetProperty("error", out JsonElement error) && error.ValueKind != JsonValueKind.Null)
                {
                    throw RpcError.FromJson(error).ToException();
                }

                return root.TryGetProperty("result", out JsonElement result) && result.ValueKind == JsonValueKind.String
                    ? result.GetString()!
                    : throw new FormatException("eth_subscribe returned no subscription id");
            }
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

        /// <summary>
        /// The header from an <c>eth_subscription</c> notification for our subscription, or from the reply to
        /// <see cref="LatestBlockRequest"/>; null for anything else.
        /// </summary>
        /// <exception cref="FormatException">A header we asked for is malformed (treated as a broken connection).</exception>
        private static BlockHeader? TryReadHead(ReadOnlySpan<byte> message, string subscriptionId)
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

        private static async Task CloseQuietlyAsync(ClientWebSocket socket)
        {
            if (socket.State != WebSocketState.Open)
            {
                return;
            }

            // Be polite to the node, but never let shutdown hang on it.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // Already broken; Dispose aborts it.
            }
        }

        private async Task EmitHeadAsync(BlockHeader header, CancellationToken ct)
        {
            if (_last is { } last)
            {
                if (header.Number == last.Number && string.Equals(header.Hash, last.Hash, StringComparison.OrdinalIgnoreCase))
                {
                    return;
                }

                if (header.Number > last.Number + 1 && header.Number - last.Number - 1 <= (ulong)_options.MaxGapFill)
                {
                    await FillGapAsync(last.Number + 1, header.Number - 1, ct).ConfigureAwait(false);
                }
            }

            await writer.WriteAsync(new HeadEvent.NewHead(header), ct).ConfigureAwait(false);
            _last = header;
        }

        private async Task FillGapAsync(ulong from, ulong to, CancellationToken ct)
        {
            var requests = new List<RpcRequest>();
            for (ulong n = from; n <= to; n++)
            {
                requests.Add(RpcRequest.Create("eth_getBlockByNumber", HexQuantity.Format(n), false));
            }

            try
            {
                foreach (RpcResult result in await _http.Transport.SendBatchAsync(requests, ct).ConfigureAwait(false))
                {
                    JsonElement block = result.GetResultOrThrow();
                    if (block.ValueKind == JsonValueKind.Null)
                    {
                        return; // reorged away or not served; the new head is still yielded
                    }

                    BlockHeader header = BlockHeader.FromJson(block);
                    await writer.WriteAsync(new HeadEvent.NewHead(header), ct).ConfigureAwait(false);
                    _last = header;
                }
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && ex is RpcException or FormatException)
            {
                // Gap filling is best effort; the head that revealed the gap is yielded regardless.
            }
        }

        private async Task ReportAsync(ChainConnectivity connectivity, HeadSource? source, string? error, CancellationToken ct)
        {
            if (_connectivity == connectivity && _source == source)
            {
                return;
            }

            if (_connectivity != connectivity)
            {
                _since = _time.GetUtcNow();
            }

            _connectivity = connectivity;
            _source = source;
            await writer.WriteAsync(new HeadEvent.ConnectivityChanged(connectivity, source, error, _since), ct).ConfigureAwait(false);
        }

        private TimeSpan Backoff(int failures, TimeSpan cap)
        {
            if (failures <= 0)
            {
                return TimeSpan.Zero;
            }

            double ms = _options.InitialRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 20));
            return ms >= cap.TotalMilliseconds ? cap : TimeSpan.FromMilliseconds(ms);
        }

        private long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

        private static string Describe(Exception ex) => ex switch
        {
            RpcUnavailableException u => u.Reason,
            WebSocketException { InnerException: { } inner } w => $"{w.Message} ({inner.Message})",
            _ => ex.Message,
        };
    }
}
