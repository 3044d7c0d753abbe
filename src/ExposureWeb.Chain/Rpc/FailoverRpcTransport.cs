using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ExposureWeb.Chain.Rpc;

/// <summary>
/// One logical node over several JSON-RPC endpoints (a chain profile's <c>rpcUrls</c>, in order of preference):
/// each call goes to the most preferred endpoint that is available, moves on to the next one at once when an endpoint
/// cannot answer, and retries whole passes with exponential backoff and jitter when none could.
/// </summary>
/// <remarks>
/// <para>The policy, in the terms of <see cref="IRpcTransport"/>'s two failure kinds:</para>
/// <list type="bullet">
/// <item><see cref="RpcUnavailableException"/> from an endpoint (refused, timed out after
/// <see cref="RpcFailoverOptions.RequestTimeout"/>, HTTP error, malformed answer): the next endpoint is tried in the
/// same pass, without delay. The failed endpoint cools down (<see cref="RpcFailoverOptions.CoolDown"/>, doubling per
/// consecutive failure): it is passed over, but still tried as a last resort when nothing else is left, so a single
/// endpoint never locks itself out. When the cool-down ends it is preferred again in its configured order, so a
/// recovered primary takes over from the fallback (the first call after the cool-down probes it).</item>
/// <item>HTTP 429/503 with <c>Retry-After</c> (seconds or an HTTP date): nothing is sent to that endpoint before the
/// time has passed, not even as a last resort. If every endpoint is waiting, the retry waits for the first one (up to
/// <see cref="RpcFailoverOptions.MaxRetryAfter"/>; beyond that the call fails at once, with
/// <see cref="RpcUnavailableException.RetryAfter"/> telling the caller how long).</item>
/// <item><see cref="RpcErrorException"/>: the node answered, and another node running the same chain would answer the
/// same (a revert, an unknown method, bad parameters), so it goes straight to the caller: no other endpoint, no retry.
/// The exception are <see cref="RpcFailoverOptions.TransientErrorCodes"/> (by default only <c>-32005</c> "limit
/// exceeded", a rate limit dressed as a node error), handled like an unreachable endpoint.</item>
/// <item>When a pass finds no endpoint that answers, Polly's retry runs another pass after an exponentially growing,
/// jittered delay (<see cref="RpcFailoverOptions.RetryBaseDelay"/>, <see cref="RpcFailoverOptions.MaxRetries"/>). The
/// final failure is an <see cref="RpcUnavailableException"/> naming every endpoint (redacted) with its reason.</item>
/// </list>
/// <para>Endpoint URLs appear only in their redacted form (<see cref="EndpointRedactor"/>), in messages and logs alike.
/// Thread-safe; one instance per chain.</para>
/// </remarks>
public sealed class FailoverRpcTransport : IRpcTransport, IDisposable
{
    // Timers may fire a little early relative to the wall clock an endpoint's Retry-After is measured against.
    private static readonly TimeSpan RetryAfterPad = TimeSpan.FromMilliseconds(20);

    private readonly Endpoint[] _endpoints;
    private readonly bool _ownsTransports;
    private readonly RpcFailoverOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _retry;
    private readonly ResiliencePipeline _attempt;
    private Endpoint? _answering;

    /// <summary>Creates a transport over one <see cref="JsonRpcHttpClient"/> per URL, disposed with this instance.</summary>
    /// <param name="endpoints">HTTP(S) URLs in order of preference; at least one.</param>
    /// <param name="options">Policy; defaults as documented on <see cref="RpcFailoverOptions"/>.</param>
    /// <param name="timeProvider">Clock for cool-downs, Retry-After and backoff; the system clock by default.</param>
    /// <param name="logger">Where endpoint failures and switches are logged (redacted); none by default.</param>
    public FailoverRpcTransport(IEnumerable<Uri> endpoints, RpcFailoverOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
        : this(CreateClients(endpoints, options ?? new RpcFailoverOptions()), ownsTransports: true, options, timeProvider, logger)
    {
    }

    /// <summary>Creates a transport over caller-owned transports (not disposed by this instance).</summary>
    /// <param name="endpoints">Transports in order of preference; at least one.</param>
    /// <param name="options">Policy; defaults as documented on <see cref="RpcFailoverOptions"/>.</param>
    /// <param name="timeProvider">Clock for cool-downs, Retry-After and backoff; the system clock by default.</param>
    /// <param name="logger">Where endpoint failures and switches are logged (redacted); none by default.</param>
    public FailoverRpcTransport(IEnumerable<IRpcTransport> endpoints, RpcFailoverOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
        : this(endpoints?.ToList() ?? throw new ArgumentNullException(nameof(endpoints)), ownsTransports: false, options, timeProvider, logger)
    {
    }

    private FailoverRpcTransport(List<IRpcTransport> transports, bool ownsTransports, RpcFailoverOptions? options, TimeProvider? timeProvider, ILogger? logger)
    {
        if (transports.Count == 0)
        {
            throw new ArgumentException("at least one RPC endpoint is required", nameof(transports));
        }

        _options = options ?? new RpcFailoverOptions();
        _options.Validate();
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _ownsTransports = ownsTransports;
        _endpoints = transports.Select((t, i) => new Endpoint(i, t ?? throw new ArgumentException("null transport", nameof(transports)))).ToArray();
        DisplayName = string.Join(", ", _endpoints.Select(e => e.DisplayName));

        _attempt = new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddTimeout(new TimeoutStrategyOptions { Timeout = _options.RequestTimeout })
            .Build();

        var retry = new ResiliencePipelineBuilder { TimeProvider = _time };
        if (_options.MaxRetries > 0)
        {
            retry.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = _options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.RetryBaseDelay,
                MaxDelay = _options.MaxRetryDelay,
                // A pass fails with RetryAfter set only when every endpoint is waiting out a Retry-After; then wait for
                // the first of them, unless that is longer than the caller should be blocked.
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is RpcUnavailableException u && !(u.RetryAfter > _options.MaxRetryAfter)),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is RpcUnavailableException { RetryAfter: { } wait } ? wait + RetryAfterPad : (TimeSpan?)null),
                OnRetry = args =>
                {
                    _logger.LogDebug("RPC {Endpoints}: no endpoint answered; retry {Attempt} in {Delay} ms",
                        DisplayName, args.AttemptNumber + 1, (int)args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            });
        }

        _retry = retry.Build();
    }

    /// <summary>Every endpoint, redacted, comma-separated in order of preference.</summary>
    public string DisplayName { get; }

    /// <summary>The endpoints, redacted, in order of preference.</summary>
    public IReadOnlyList<string> Endpoints => _endpoints.Select(e => e.DisplayName).ToArray();

    /// <summary>
    /// The endpoint (redacted) that answered the most recent call that got an answer, a node error included; null
    /// before the first. For provenance: "read from …".
    /// </summary>
    public string? AnsweredBy => Volatile.Read(ref _answering)?.DisplayName;

    /// <summary>Index (into <see cref="Endpoints"/>) of <see cref="AnsweredBy"/>; null before the first answer.</summary>
    public int? AnsweredByIndex => Volatile.Read(ref _answering)?.Index;

    /// <summary>Each endpoint's state now, in order of preference.</summary>
    public IReadOnlyList<RpcEndpointHealth> Health
    {
        get
        {
            DateTimeOffset now = _time.GetUtcNow();
            Endpoint? answering = Volatile.Read(ref _answering);
            return _endpoints.Select(e => e.Snapshot(now, e == answering)).ToArray();
        }
    }

    /// <inheritdoc />
    public Task<JsonElement> SendAsync(string method, IReadOnlyList<object?> parameters, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(parameters);
        return ExecuteAsync((transport, token) => transport.SendAsync(method, parameters, token), ct);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The batch goes to one endpoint as a whole; errors of single items (reverts and the like) are results, not
    /// failures, so they never cause a failover.
    /// </remarks>
    public Task<IReadOnlyList<RpcResult>> SendBatchAsync(IReadOnlyList<RpcRequest> requests, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        return requests.Count == 0
            ? Task.FromResult<IReadOnlyList<RpcResult>>([])
            : ExecuteAsync((transport, token) => transport.SendBatchAsync(requests, token), ct);
    }

    /// <summary>
    /// Treats an endpoint as failed although it answered, e.g. because its chain head went backwards: it cools down
    /// like after a transport failure, so the next calls go to another endpoint if there is one.
    /// </summary>
    /// <param name="index">Index into <see cref="Endpoints"/>, e.g. <see cref="AnsweredByIndex"/>.</param>
    /// <param name="reason">Why, for <see cref="RpcEndpointHealth.LastError"/> and the log.</param>
    public void Demote(int index, string reason)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _endpoints.Length);
        ArgumentException.ThrowIfNullOrEmpty(reason);
        Endpoint endpoint = _endpoints[index];
        Failed(endpoint, new RpcUnavailableException(endpoint.DisplayName, reason));
        Interlocked.CompareExchange(ref _answering, null, endpoint);
    }

    /// <summary>Disposes the endpoint clients if this instance created them.</summary>
    public void Dispose()
    {
        if (_ownsTransports)
        {
            foreach (Endpoint endpoint in _endpoints)
            {
                (endpoint.Transport as IDisposable)?.Dispose();
            }
        }
    }

    private async Task<T> ExecuteAsync<T>(Func<IRpcTransport, CancellationToken, Task<T>> call, CancellationToken ct) =>
        await _retry.ExecuteAsync(
            static (state, token) => state.Self.PassAsync(state.Call, token),
            (Self: this, Call: call),
            ct).ConfigureAwait(false);

    /// <summary>
    /// One pass: the available endpoints in order of preference, then those cooling down. Endpoints waiting out a
    /// Retry-After are skipped. Returns the first answer; throws when no endpoint answered.
    /// </summary>
    private async ValueTask<T> PassAsync<T>(Func<IRpcTransport, CancellationToken, Task<T>> call, CancellationToken ct)
    {
        DateTimeOffset now = _time.GetUtcNow();
        List<Endpoint> order = [.. _endpoints.Where(e => e.IsAvailable(now)), .. _endpoints.Where(e => e.IsCoolingOnly(now))];
        var failures = new List<(Endpoint Endpoint, RpcUnavailableException Error)>();
        foreach (Endpoint endpoint in order)
        {
            ct.ThrowIfCancellationRequested();
            RpcUnavailableException failure;
            try
            {
                endpoint.CountRequest();
                T result = await _attempt.ExecuteAsync(
                    static async (state, token) => await state.Call(state.Endpoint.Transport, token).ConfigureAwait(false),
                    (Endpoint: endpoint, Call: call),
                    ct).ConfigureAwait(false);
                Succeeded(endpoint);
                return result;
            }
            catch (TimeoutRejectedException ex)
            {
                string reason = $"no response within {Seconds(_options.RequestTimeout)} s";
                failure = new RpcUnavailableException(endpoint.DisplayName, reason, new TimeoutException(reason, ex));
            }
            catch (RpcUnavailableException ex)
            {
                failure = ex;
            }
            catch (RpcErrorException ex) when (_options.TransientErrorCodes.Contains(ex.Code))
            {
                failure = new RpcUnavailableException(endpoint.DisplayName, $"transient node error: {ex.Message}", ex);
            }
            catch (RpcErrorException)
            {
                // The node answered; the same request gets the same answer elsewhere. Not a failure of the endpoint.
                Succeeded(endpoint);
                throw;
            }

            Failed(endpoint, failure);
            failures.Add((endpoint, failure));
        }

        throw AllFailed(failures);
    }

    private RpcUnavailableException AllFailed(List<(Endpoint Endpoint, RpcUnavailableException Error)> failures)
    {
        DateTimeOffset now = _time.GetUtcNow();

        // Retry-After is reported (and waited for by the retry) only when no endpoint may be asked before it ends.
        TimeSpan? retryAfter = _endpoints.All(e => e.RateLimitedUntil(now) is not null)
            ? _endpoints.Min(e => e.RateLimitedUntil(now)!.Value) - now
            : null;

        var reasons = new List<(Endpoint Endpoint, string Reason)>(failures.Select(f => (f.Endpoint, f.Error.Reason)));
        foreach (Endpoint skipped in _endpoints.Except(failures.Select(f => f.Endpoint)))
        {
            string reason = skipped.RateLimitedUntil(now) is { } until
                ? $"rate limited, asked to retry after {Seconds(until - now)} s"
                : "not tried";
            reasons.Add((skipped, reason));
        }

        reasons.Sort((a, b) => a.Endpoint.Index.CompareTo(b.Endpoint.Index));
        Exception? inner = failures.Count > 0 ? failures[^1].Error : null;
        if (_endpoints.Length == 1)
        {
            // One endpoint: read like that endpoint's own error.
            var single = failures.Count > 0 ? failures[0].Error : null;
            return new RpcUnavailableException(_endpoints[0].DisplayName, reasons[0].Reason, inner, single?.StatusCode, retryAfter);
        }

        string summary = $"none of the {_endpoints.Length} endpoints answered: "
                         + string.Join("; ", reasons.Select(r => $"{r.Endpoint.DisplayName}: {r.Reason}"));
        return new RpcUnavailableException(DisplayName, summary, inner, null, retryAfter);
    }

    private void Succeeded(Endpoint endpoint)
    {
        DateTimeOffset now = _time.GetUtcNow();
        int failedBefore = endpoint.RecordSuccess(now);
        if (failedBefore > 0)
        {
            _logger.LogInformation("RPC endpoint {Endpoint} answers again after {Failures} failure(s)", endpoint.DisplayName, failedBefore);
        }

        Endpoint? previous = Interlocked.Exchange(ref _answering, endpoint);
        if (previous is not null && previous != endpoint)
        {
            _logger.LogInformation("RPC: now answering from {Endpoint} (endpoint {Position} of {Count}; was {Previous})",
                endpoint.DisplayName, endpoint.Index + 1, _endpoints.Length, previous.DisplayName);
        }
    }

    private void Failed(Endpoint endpoint, RpcUnavailableException failure)
    {
        DateTimeOffset now = _time.GetUtcNow();
        (int consecutive, TimeSpan coolDown) = endpoint.RecordFailure(now, failure, _options);
        if (consecutive == 1)
        {
            // Only the first failure of a run is a warning; an endpoint that stays down would flood the log otherwise.
            _logger.LogWarning("RPC endpoint {Endpoint} failed ({Reason}); passed over for {CoolDown} s{RetryAfter}",
                endpoint.DisplayName, failure.Reason, Seconds(coolDown),
                failure.RetryAfter is { } wait ? $", nothing sent for {Seconds(wait)} s (Retry-After)" : "");
        }
        else
        {
            _logger.LogDebug("RPC endpoint {Endpoint} failed again ({Count} in a row): {Reason}", endpoint.DisplayName, consecutive, failure.Reason);
        }
    }

    private static List<IRpcTransport> CreateClients(IEnumerable<Uri> endpoints, RpcFailoverOptions options)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var clients = new List<IRpcTransport>();
        try
        {
            foreach (Uri endpoint in endpoints)
            {
                clients.Add(new JsonRpcHttpClient(endpoint, options.RequestTimeout));
            }
        }
        catch
        {
            foreach (IRpcTransport client in clients)
            {
                ((IDisposable)client).Dispose();
            }

            throw;
        }

        return clients;
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>One endpoint and what happened to it; all state under the instance lock.</summary>
    private sealed class Endpoint(int index, IRpcTransport transport)
    {
        private readonly Lock _lock = new();
        private int _consecutiveFailures;
        private long _requests;
        private long _failures;
        private DateTimeOffset? _lastSuccess;
        private DateTimeOffset? _lastFailure;
        private string? _lastError;
        private DateTimeOffset? _coolingUntil;
        private DateTimeOffset? _rateLimitedUntil;

        public int Index { get; } = index;

        public IRpcTransport Transport { get; } = transport;

        public string DisplayName { get; } = transport.DisplayName;

        public void CountRequest() => Interlocked.Increment(ref _requests);

        /// <summary>Neither cooling down nor rate limited.</summary>
        public bool IsAvailable(DateTimeOffset now)
        {
            lock (_lock)
            {
                return !(_rateLimitedUntil > now) && !(_coolingUntil > now);
            }
        }

        /// <summary>Cooling down but not rate limited: a last resort.</summary>
        public bool IsCoolingOnly(DateTimeOffset now)
        {
            lock (_lock)
            {
                return !(_rateLimitedUntil > now) && _coolingUntil > now;
            }
        }

        /// <summary>When its Retry-After ends, if that is still ahead.</summary>
        public DateTimeOffset? RateLimitedUntil(DateTimeOffset now)
        {
            lock (_lock)
            {
                return _rateLimitedUntil > now ? _rateLimitedUntil : null;
            }
        }

        /// <summary>Returns the number of failures in a row before this success.</summary>
        public int RecordSuccess(DateTimeOffset now)
        {
            lock (_lock)
            {
                int before = _consecutiveFailures;
                _consecutiveFailures = 0;
                _coolingUntil = null;
                _rateLimitedUntil = null;
                _lastSuccess = now;
                return before;
            }
        }

        public (int Consecutive, TimeSpan CoolDown) RecordFailure(DateTimeOffset now, RpcUnavailableException failure, RpcFailoverOptions options)
        {
            lock (_lock)
            {
                _consecutiveFailures++;
                _failures++;
                _lastFailure = now;
                _lastError = failure.Reason;
                double ms = options.CoolDown.TotalMilliseconds * Math.Pow(2, Math.Min(_consecutiveFailures - 1, 20));
                TimeSpan coolDown = ms >= options.MaxCoolDown.TotalMilliseconds ? options.MaxCoolDown : TimeSpan.FromMilliseconds(ms);
                _coolingUntil = now + coolDown;
                if (failure.RetryAfter is { } wait)
                {
                    _rateLimitedUntil = now + wait;
                }

                return (_consecutiveFailures, coolDown);
            }
        }

        public RpcEndpointHealth Snapshot(DateTimeOffset now, bool answering)
        {
            lock (_lock)
            {
                (RpcEndpointState state, DateTimeOffset? until) =
                    _rateLimitedUntil > now ? (RpcEndpointState.RateLimited, _rateLimitedUntil)
                    : _coolingUntil > now ? (RpcEndpointState.CoolingDown, _coolingUntil)
                    : (RpcEndpointState.Available, null);
                return new RpcEndpointHealth(Index, DisplayName, state, answering, _consecutiveFailures,
                    Interlocked.Read(ref _requests), _failures, _lastSuccess, _lastFailure, _lastError, until);
            }
        }
    }
}
