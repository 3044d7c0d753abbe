namespace ExposureWeb.Chain.Rpc;

/// <summary>Timing and policy of <see cref="FailoverRpcTransport"/>.</summary>
public sealed record RpcFailoverOptions
{
    /// <summary>
    /// JSON-RPC error codes that mean "this node cannot serve you right now" rather than "this request is wrong", so
    /// another endpoint (or the same one later) is tried: only <c>-32005</c> (EIP-1474 "limit exceeded", the rate limit
    /// of Infura and others). Every other node error is the answer: see <see cref="TransientErrorCodes"/>.
    /// </summary>
    public static readonly IReadOnlySet<long> DefaultTransientErrorCodes = new HashSet<long> { -32005 };

    /// <summary>Limit for one request to one endpoint (connect, send, whole response). Default 5 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many more passes over the endpoints after a pass in which none answered. Default 2 (three passes in all).
    /// 0 disables retries: one pass, still failing over from endpoint to endpoint.
    /// </summary>
    public int MaxRetries { get; init; } = 2;

    /// <summary>Backoff before the first retry; doubles per retry, with jitter (Polly's decorrelated jitter). Default 200 ms.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Cap of the exponential backoff. Default 2 s. (A longer <c>Retry-After</c> is still honoured.)</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Longest <c>Retry-After</c> the transport waits out inside one call. When every endpoint asks for longer, the call
    /// fails at once with <see cref="RpcUnavailableException.RetryAfter"/> set, rather than blocking its caller for
    /// minutes. Default 30 s.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long an endpoint that failed is passed over (tried only when no other endpoint is left). Doubles per
    /// consecutive failure up to <see cref="MaxCoolDown"/>; one success resets it. When it runs out the endpoint is
    /// preferred again in its configured order, so a recovered primary takes over again. Default 5 s.
    /// </summary>
    public TimeSpan CoolDown { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Cap of the growing cool-down. Default 60 s.</summary>
    public TimeSpan MaxCoolDown { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Node error codes treated like an unreachable endpoint (fail over, retry). Default
    /// <see cref="DefaultTransientErrorCodes"/>. Everything else the node answers, e.g. <c>3</c>/<c>-32000</c>
    /// "execution reverted", <c>-32601</c> method not found, <c>-32602</c> invalid params, is deterministic: another node
    /// running the same chain says the same, so it goes straight back to the caller.
    /// </summary>
    public IReadOnlySet<long> TransientErrorCodes { get; init; } = DefaultTransientErrorCodes;

    internal void Validate()
    {
        foreach ((string name, TimeSpan value) in new[]
                 {
                     (nameof(RequestTimeout), RequestTimeout), (nameof(CoolDown), CoolDown), (nameof(MaxCoolDown), MaxCoolDown),
                     (nameof(RetryBaseDelay), RetryBaseDelay), (nameof(MaxRetryDelay), MaxRetryDelay),
                 })
        {
            if (value <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(name, value, "must be positive");
            }
        }

        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetries);
        if (MaxRetryAfter < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetryAfter), MaxRetryAfter, "must not be negative");
        }

        ArgumentNullException.ThrowIfNull(TransientErrorCodes);
    }
}
