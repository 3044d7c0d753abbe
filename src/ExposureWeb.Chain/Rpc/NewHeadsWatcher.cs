using System.Net.WebSockets;
using System.Runtime.CompilerServices;
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

    /// <summary>
    /// State of one enumeration: composes the WebSocket subscription (<see cref="NewHeadsSubscription"/>), HTTP polling
    /// (<see cref="LatestBlockPoller"/>) and gap filling (<see cref="HeadGapFiller"/>), and decides between push and poll.
    /// </summary>
    private sealed class Session(NewHeadsWatcher owner, ChannelWriter<HeadEvent> writer)
    {
        private readonly NewHeadsWatcherOptions _options = owner._options;
        private readonly TimeProvider _time = owner._time;
        private readonly LatestBlockPoller _poller = new(owner._http, owner._options);
        private readonly HeadGapFiller _gaps = new(owner._http.Transport);

        private BlockHeader? _last;
        private ChainConnectivity? _connectivity;
        private HeadSource? _source;
        private DateTimeOffset _since;
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
                            + ToTicks(RetryBackoff.Delay(_webSocketFailures, _options.InitialRetryDelay, _options.MaxWebSocketRetryDelay));
                    }

                    // Poll right away after a WebSocket failure: that tells "node down" from "no WebSocket here".
                    await PollOnceAsync(ct).ConfigureAwait(false);
                    TimeSpan delay = _poller.NextDelay;
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

        /// <summary>One HTTP poll of the latest block, reported as connectivity and, when it worked, as a head.</summary>
        private async Task PollOnceAsync(CancellationToken ct)
        {
            bool failedBefore = _poller.Failures > 0;
            (BlockHeader? header, Exception? failure) = await BoundedAsync(token => _poller.PollAsync(token), ct).ConfigureAwait(false);
            if (header is null)
            {
                string error = "HTTP: " + Describe(failure!);
                if (owner._webSocketUrl is not null && _lastWebSocketError is not null)
                {
                    error += "; WebSocket: " + _lastWebSocketError;
                }

                await ReportAsync(ChainConnectivity.Unreachable, null, error, ct).ConfigureAwait(false);
                return;
            }

            if (failedBefore || _connectivity == ChainConnectivity.Unreachable)
            {
                // The node is back: try push delivery again now rather than after the WebSocket backoff.
                _webSocketFailures = 0;
                _nextWebSocketAttempt = _time.GetTimestamp();
            }

            await ReportAsync(ChainConnectivity.Connected, HeadSource.Polling, null, ct).ConfigureAwait(false);
            await EmitHeadAsync(header, ct).ConfigureAwait(false);
        }

        /// <summary>
        /// Subscribes and yields heads until the socket fails or closes. Returns normally on a close by the node; throws
        /// on failures. <paramref name="onSubscribed"/> runs once the subscription is confirmed.
        /// </summary>
        private async Task RunWebSocketAsync(Uri url, Action onSubscribed, CancellationToken ct)
        {
            await using NewHeadsSubscription subscription = await NewHeadsSubscription.OpenAsync(url, _options, ct).ConfigureAwait(false);
            onSubscribed();
            _lastWebSocketError = null;
            await ReportAsync(ChainConnectivity.Connected, HeadSource.WebSocket, null, ct).ConfigureAwait(false);

            // A consumer that just started (or a reconnect after missed blocks) is up to date at once.
            await subscription.RequestLatestAsync(ct).ConfigureAwait(false);

            Task<bool> receive = subscription.ReceiveAsync(ct);
            TimeSpan wait = _options.ProbeInterval is { } probe && probe < _options.SubscriptionStallCheck ? probe : _options.SubscriptionStallCheck;
            // The newest head the subscription itself delivered (the request for the latest counts): when probes or the
            // stall check find the chain past it, the subscription is dead even though the socket is open.
            ulong? notified = _last?.Number;
            while (true)
            {
                // Wait for the next message, but check now and then that the node answers at all (a frozen node sends
                // nothing, like a quiet chain) and, less often, that the subscription is not silently dead.
                long silentSince = _time.GetTimestamp();
                while (!await CompletesWithinAsync(receive, wait, ct).ConfigureAwait(false))
                {
                    if (_time.GetElapsedTime(silentSince) < _options.SubscriptionStallCheck)
                    {
                        (BlockHeader? alive, Exception? failure) = await BoundedAsync(token => _poller.PollAsync(token), ct).ConfigureAwait(false);
                        if (alive is null)
                        {
                            string error = "HTTP: " + Describe(failure!) + "; WebSocket: silent";
                            await ReportAsync(ChainConnectivity.Unreachable, null, error, ct).ConfigureAwait(false);
                            throw new IOException("the node stopped answering: " + Describe(failure!));
                        }
                        // Another endpoint may answer while the subscribed one is frozen: its heads are not held back
                        // until the stall check below gives up on the subscription.
                        await EmitHeadAsync(alive, ct).ConfigureAwait(false);
                        continue;
                    }

                    silentSince = _time.GetTimestamp();
                    if (await _poller.TryGetLatestAsync(ct).ConfigureAwait(false) is { } latest)
                    {
                        await EmitHeadAsync(latest, ct).ConfigureAwait(false);
                    }

                    if (_last?.Number != notified)
                    {
                        throw new IOException("subscription stalled: the chain advanced without a notification");
                    }
                }

                if (!await receive.ConfigureAwait(false))
                {
                    return; // closed by the node
                }

                if (subscription.Head() is { } header)
                {
                    await EmitHeadAsync(header, ct).ConfigureAwait(false);
                    notified = _last?.Number;
                }

                receive = subscription.ReceiveAsync(ct);
            }
        }

        /// <summary>
        /// A poll bounded by <see cref="NewHeadsWatcherOptions.ProbeTimeout"/>: past it, the node counts as not answering
        /// (the request is abandoned), however many retries the transport had left.
        /// </summary>
        private async Task<(BlockHeader? Header, Exception? Error)> BoundedAsync(Func<CancellationToken, Task<(BlockHeader?, Exception?)>> poll, CancellationToken ct)
        {
            if (_options.ProbeTimeout is not { } limit) return await poll(ct).ConfigureAwait(false);
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
            bounded.CancelAfter(limit);
            try
            {
                return await poll(bounded.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                _poller.CountFailure();
                return (null, new TimeoutException($"no answer within {limit.TotalSeconds:0.###} s"));
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

        /// <summary>Yields <paramref name="header"/> unless it repeats the last one, after the heights it skipped when the gap is small.</summary>
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
                    foreach (BlockHeader skipped in await _gaps.FetchAsync(last.Number + 1, header.Number - 1, ct).ConfigureAwait(false))
                    {
                        await WriteHeadAsync(skipped, ct).ConfigureAwait(false);
                    }
                }
            }

            await WriteHeadAsync(header, ct).ConfigureAwait(false);
        }

        private async Task WriteHeadAsync(BlockHeader header, CancellationToken ct)
        {
            await writer.WriteAsync(new HeadEvent.NewHead(header), ct).ConfigureAwait(false);
            _last = header;
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

        private long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

        private static string Describe(Exception ex) => ex switch
        {
            RpcUnavailableException u => u.Reason,
            WebSocketException { InnerException: { } inner } w => $"{w.Message} ({inner.Message})",
            _ => ex.Message,
        };
    }
}
