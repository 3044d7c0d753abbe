using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExposureWeb.Engine.Alerts.Delivery;

/// <summary>Resolves a host name to its addresses (by default <see cref="Dns.GetHostAddressesAsync(string, CancellationToken)"/>).</summary>
public delegate Task<IPAddress[]> HostResolver(string host, CancellationToken cancellationToken);

/// <summary>
/// Sends one webhook attempt: a signed JSON POST, judged into a <see cref="DeliveryOutcome"/>. Retrying is the caller's
/// (the outbox, with <see cref="DeliveryRetryPolicy"/>); this class makes exactly one request per call.
/// <para>
/// A singleton that owns its <see cref="SocketsHttpHandler"/> rather than a client from IHttpClientFactory: the
/// handler's settings are the SSRF defence (no redirects, no proxy, the connect-time address check), and a factory
/// client can be reconfigured from elsewhere (ConfigureHttpClientDefaults, added message handlers, a logging handler
/// that writes whole URLs, which may hold a receiver's token). The factory's handler rotation exists to pick up DNS
/// changes; here every new connection resolves DNS itself and pooled connections are recycled every two minutes.
/// </para>
/// </summary>
public sealed class WebhookSender : IDisposable
{
    /// <summary>The User-Agent every webhook is sent with.</summary>
    public const string UserAgent = "ExposureWeb-Alerts";

    private readonly HttpClient _client;
    private readonly WebhookUrlGuard _guard;
    private readonly HostResolver _resolve;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _timeout;

    /// <param name="options">Timeout and allow-list.</param>
    /// <param name="time">The clock for <c>X-Timestamp</c>, durations and Retry-After dates.</param>
    /// <param name="logger">Where each attempt is logged (scheme, host and port only: paths and queries may hold tokens).</param>
    /// <param name="resolve">DNS; tests pass one that answers like a rebinding attacker's DNS would.</param>
    public WebhookSender(AlertDeliveryOptions options, TimeProvider time, ILogger<WebhookSender>? logger = null, HostResolver? resolve = null)
    {
        _guard = new WebhookUrlGuard(options.WebhookAllowList);
        _resolve = resolve ?? ((host, ct) => Dns.GetHostAddressesAsync(host, ct));
        _time = time;
        _logger = logger ?? NullLogger<WebhookSender>.Instance;
        _timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
        var handler = new SocketsHttpHandler
        {
            // A redirect would be a second request to a URL nobody validated (a public host answering 302 to 169.254.169.254).
            AllowAutoRedirect = false,
            // Through a proxy the connect callback would only see the proxy, and the proxy would reach the forbidden host.
            UseProxy = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = _timeout,
            ConnectCallback = ConnectToCheckedAddressAsync,
        };
        // The per-attempt timeout is ours (a linked token), so the caller's cancellation and a timeout can be told apart.
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>
    /// POSTs <paramref name="request"/>'s body with <c>Content-Type: application/json</c>, <c>X-Timestamp</c>,
    /// <c>X-Signature</c>, <c>Idempotency-Key</c> and <c>User-Agent: ExposureWeb-Alerts</c>, and judges the answer: 2xx
    /// succeeded; 3xx failed permanently (redirects are not followed); 408, 425, 429 and 5xx, timeouts and network
    /// errors are retryable (with the receiver's Retry-After on 429 and 503); other 4xx and refused URLs are permanent.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (not a timeout: that is an outcome).</exception>
    public async Task<DeliveryOutcome> SendAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        TimeSpan Elapsed() => _time.GetElapsedTime(started);
        if (_guard.Validate(request.Url) is { } refused)
            return DeliveryOutcome.Permanent(refused, Elapsed());
        if (request.Secrets.Count == 0 || request.Secrets.Any(string.IsNullOrEmpty))
            return DeliveryOutcome.Permanent("webhook has no signing secret", Elapsed());

        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
        using var message = new HttpRequestMessage(HttpMethod.Post, request.Url);
        message.Content = new ReadOnlyMemoryContent(request.Body);
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        message.Headers.TryAddWithoutValidation("X-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        message.Headers.TryAddWithoutValidation("X-Signature", WebhookSignature.Header(request.Secrets, timestamp, request.Body.Span));
        message.Headers.TryAddWithoutValidation("Idempotency-Key", request.IdempotencyKey);
        message.Headers.UserAgent.Add(new ProductInfoHeaderValue(UserAgent, null));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        DeliveryOutcome outcome;
        try
        {
            using var response = await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            outcome = Judge(response, Elapsed());
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested is false)
        {
            outcome = DeliveryOutcome.Transient($"webhook timed out after {_timeout.TotalSeconds:0.#} s", Elapsed());
        }
        catch (HttpRequestException e) when (FindRefusal(e) is { } refusal)
        {
            outcome = DeliveryOutcome.Permanent(refusal.Message, Elapsed());
        }
        catch (HttpRequestException e)
        {
            outcome = DeliveryOutcome.Transient($"webhook request failed: {Innermost(e).Message}", Elapsed());
        }
        _logger.LogInformation(
            "Webhook {IdempotencyKey} to {Endpoint}: {Result} in {DurationMs:0} ms (status {Status}){Error}",
            request.IdempotencyKey, Redact(request.Url), outcome.Succeeded ? "delivered" : outcome.Retryable ? "retryable failure" : "failed",
            outcome.Duration.TotalMilliseconds, outcome.StatusCode, outcome.Error is null ? "" : ": " + outcome.Error);
        return outcome;
    }

    /// <summary>Scheme, host and port of a URL: what may be logged (paths and queries often carry a receiver's token).</summary>
    public static string Redact(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.Authority}" : "(invalid URL)";

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    private DeliveryOutcome Judge(HttpResponseMessage response, TimeSpan duration)
    {
        var status = (int)response.StatusCode;
        var described = $"HTTP {status} {response.ReasonPhrase}".TrimEnd();
        return status switch
        {
            >= 200 and < 300 => DeliveryOutcome.Success(status, duration),
            >= 300 and < 400 => DeliveryOutcome.Permanent(
                $"webhook answered {described} to {response.Headers.Location?.ToString() ?? "(no Location)"}; redirects are not followed, configure the final URL",
                duration, status),
            408 or 425 or 429 or >= 500 => DeliveryOutcome.Transient(
                $"webhook answered {described}", duration, status, status is 429 or 503 ? RetryAfter(response) : null),
            _ => DeliveryOutcome.Permanent($"webhook answered {described}", duration, status),
        };
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
            return delta;
        if (header?.Date is { } date)
        {
            var wait = date - _time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }

    // Resolves the host itself, refuses the connection if ANY address is forbidden (an attacker's DNS answering one
    // public and one private address must not get a chance at the private one), and connects to the very addresses it
    // checked, so no second lookup can answer differently.
    private async ValueTask<Stream> ConnectToCheckedAddressAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = WebhookUrlGuard.NormalizeHost(context.DnsEndPoint.Host);
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await _resolve(host, cancellationToken);
        if (addresses.Length == 0)
            throw new SocketException((int)SocketError.HostNotFound);
        foreach (var address in addresses)
        {
            if (_guard.Check(address, host) is { } refusal)
                throw new WebhookAddressRefusedException(refusal);
        }
        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw last!;
    }

    private static WebhookAddressRefusedException? FindRefusal(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is WebhookAddressRefusedException refusal)
                return refusal;
        }
        return null;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
            e = e.InnerException;
        return e;
    }
}
