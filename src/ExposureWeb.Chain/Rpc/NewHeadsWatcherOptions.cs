namespace ExposureWeb.Chain.Rpc;

/// <summary>Timing settings for <see cref="NewHeadsWatcher"/>.</summary>
public sealed record NewHeadsWatcherOptions
{
    /// <summary>How often to ask for the latest block when polling over HTTP. Default 1 s.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>First retry delay after a failure; doubles per consecutive failure. Default 250 ms.</summary>
    public TimeSpan InitialRetryDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Longest retry delay while the node is unreachable. Default 2 s: small, so a node that comes back is noticed
    /// within about that long, and one cheap request per 2 s against a dead endpoint is affordable.
    /// </summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Longest delay between WebSocket attempts while HTTP polling works. Default 30 s: an endpoint without WebSocket
    /// support should not see a failed handshake every few seconds. Reset as soon as HTTP recovers from an outage,
    /// so a restarted node is back on push delivery quickly.
    /// </summary>
    public TimeSpan MaxWebSocketRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Limit for the WebSocket handshake plus the subscription reply. Default 5 s.</summary>
    public TimeSpan WebSocketConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// WebSocket ping interval; a pong missing for as long again drops the connection, which catches half-open
    /// sockets that would otherwise wait forever. Default 5 s.
    /// </summary>
    public TimeSpan WebSocketKeepAlive { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// After this long without a notification, compare with the latest block over HTTP; if the chain moved on, the
    /// subscription is treated as dead and re-established. Default 30 s. (A quiet chain alone is not an error.)
    /// </summary>
    public TimeSpan SubscriptionStallCheck { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long one poll or liveness probe may take before the node counts as unreachable, failover included; null: no
    /// bound beyond the transport's own timeouts and retries. Set it a little above the RPC timeout, so that a second
    /// endpoint tried after the first timed out can still answer in time, while a node that accepts connections and
    /// never answers (an overloaded provider) is reported after about this long, not after every retry.
    /// </summary>
    public TimeSpan? ProbeTimeout { get; init; }

    /// <summary>
    /// While heads come by WebSocket, how often the node is probed over HTTP when no message arrived in between: a frozen
    /// node sends nothing, and a quiet chain sends nothing either, so silence alone proves nothing. Null: no probe (only
    /// <see cref="SubscriptionStallCheck"/>). Set with <see cref="ProbeTimeout"/>: a freeze is noticed within their sum.
    /// </summary>
    public TimeSpan? ProbeInterval { get; init; }

    /// <summary>
    /// Largest gap (in blocks) filled by fetching the skipped headers over HTTP; larger jumps yield only the new
    /// head. Default 32.
    /// </summary>
    public int MaxGapFill { get; init; } = 32;

    internal void Validate()
    {
        foreach ((string name, TimeSpan value) in new[]
                 {
                     (nameof(PollInterval), PollInterval), (nameof(InitialRetryDelay), InitialRetryDelay),
                     (nameof(MaxRetryDelay), MaxRetryDelay), (nameof(MaxWebSocketRetryDelay), MaxWebSocketRetryDelay),
                     (nameof(WebSocketConnectTimeout), WebSocketConnectTimeout), (nameof(WebSocketKeepAlive), WebSocketKeepAlive),
                     (nameof(SubscriptionStallCheck), SubscriptionStallCheck),
                     (nameof(ProbeTimeout), ProbeTimeout ?? TimeSpan.MaxValue), (nameof(ProbeInterval), ProbeInterval ?? TimeSpan.MaxValue),
                 })
        {
            if (value <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(name, value, "must be positive");
            }
        }

        ArgumentOutOfRangeException.ThrowIfNegative(MaxGapFill);
    }
}
