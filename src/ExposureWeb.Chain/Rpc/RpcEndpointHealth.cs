namespace ExposureWeb.Chain.Rpc;

/// <summary>One endpoint of a <see cref="FailoverRpcTransport"/> as of a moment, for status pages and logs.</summary>
/// <param name="Index">Position in the configured order (0 = primary).</param>
/// <param name="Endpoint">The URL with credentials redacted (<see cref="EndpointRedactor"/>).</param>
/// <param name="State">Whether it is used, passed over after a failure, or waiting out a <c>Retry-After</c>.</param>
/// <param name="IsAnswering">Whether it answered the most recent call that got an answer.</param>
/// <param name="ConsecutiveFailures">Failures since its last success.</param>
/// <param name="Requests">Requests sent to it so far.</param>
/// <param name="Failures">Requests that failed (unreachable, timed out, rate limited, transient node error).</param>
/// <param name="LastSuccess">When it last answered (UTC).</param>
/// <param name="LastFailure">When it last failed (UTC).</param>
/// <param name="LastError">Why it last failed; null when it never did.</param>
/// <param name="AvailableAgainAt">When its cool-down or <c>Retry-After</c> ends (UTC); null when it is available.</param>
public sealed record RpcEndpointHealth(
    int Index,
    string Endpoint,
    RpcEndpointState State,
    bool IsAnswering,
    int ConsecutiveFailures,
    long Requests,
    long Failures,
    DateTimeOffset? LastSuccess,
    DateTimeOffset? LastFailure,
    string? LastError,
    DateTimeOffset? AvailableAgainAt);

/// <summary>How <see cref="FailoverRpcTransport"/> currently treats an endpoint.</summary>
public enum RpcEndpointState
{
    /// <summary>Used in its configured order: it has not failed since its last success (or was never tried).</summary>
    Available,

    /// <summary>Failed recently: passed over until its cool-down ends, tried before that only as a last resort.</summary>
    CoolingDown,

    /// <summary>Asked for a pause with <c>Retry-After</c>: nothing is sent to it before the pause ends.</summary>
    RateLimited,
}
