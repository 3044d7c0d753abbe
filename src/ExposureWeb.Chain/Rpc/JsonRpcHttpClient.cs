using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ExposureWeb.Chain.Rpc;

/// <summary>
/// JSON-RPC 2.0 over HTTP POST with System.Text.Json: single calls and batches, one timeout per request, and a
/// strict split between node errors (<see cref="RpcErrorException"/>) and transport problems
/// (<see cref="RpcUnavailableException"/>). No retries or failover: those belong in a wrapping
/// <see cref="IRpcTransport"/>.
/// </summary>
/// <remarks>Thread-safe; share one instance per endpoint.</remarks>
public sealed class JsonRpcHttpClient : IRpcTransport, IDisposable
{
    /// <summary>Default per-request timeout: 5 seconds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");

    private readonly HttpClient _http;
    private readonly bool _ownsHttpClient;
    private readonly Uri _requestUri;
    private readonly AuthenticationHeaderValue? _basicAuth;
    private readonly string _originalUrl;
    private long _lastId;

    /// <summary>Creates a client with its own <see cref="HttpClient"/>, disposed with this instance.</summary>
    /// <param name="endpoint">The node's HTTP(S) URL. Userinfo, if present, is sent as HTTP Basic authentication.</param>
    /// <param name="timeout">Per-request timeout covering connect, send and reading the whole response; default 5 s.</param>
    public JsonRpcHttpClient(Uri endpoint, TimeSpan? timeout = null)
        : this(new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = System.Threading.Timeout.InfiniteTimeSpan }, endpoint, timeout, ownsHttpClient: true)
    {
    }

    /// <summary>Creates a client over a caller-owned <see cref="HttpClient"/> (e.g. from IHttpClientFactory).</summary>
    /// <param name="httpClient">Not disposed by this instance. Its own Timeout still applies if shorter.</param>
    /// <param name="endpoint">The node's HTTP(S) URL. Userinfo, if present, is sent as HTTP Basic authentication.</param>
    /// <param name="timeout">Per-request timeout covering connect, send and reading the whole response; default 5 s.</param>
    public JsonRpcHttpClient(HttpClient httpClient, Uri endpoint, TimeSpan? timeout = null)
        : this(httpClient, endpoint, timeout, ownsHttpClient: false)
    {
    }

    private JsonRpcHttpClient(HttpClient httpClient, Uri endpoint, TimeSpan? timeout, bool ownsHttpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"expected an absolute http(s) URL, got {EndpointRedactor.Redact(endpoint)}", nameof(endpoint));
        }

        Timeout = timeout ?? DefaultTimeout;
        if (Timeout <= TimeSpan.Zero && Timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), "timeout must be positive");
        }

        _http = httpClient;
        _ownsHttpClient = ownsHttpClient;
        _originalUrl = endpoint.OriginalString;
        DisplayName = EndpointRedactor.Redact(endpoint);

        // HttpClient does not turn URL userinfo into credentials, so convert it here and keep it out of the
        // request line (where proxies might log it).
        if (!string.IsNullOrEmpty(endpoint.UserInfo))
        {
            string userInfo = Uri.UnescapeDataString(endpoint.UserInfo);
            _basicAuth = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(userInfo)));
            _requestUri = new UriBuilder(endpoint) { UserName = "", Password = "" }.Uri;
        }
        else
        {
            _requestUri = endpoint;
        }
    }

    /// <inheritdoc />
    public string DisplayName { get; }

    /// <summary>The per-request timeout.</summary>
    public TimeSpan Timeout { get; }

    /// <inheritdoc />
    public async Task<JsonElement> SendAsync(string method, IReadOnlyList<object?> parameters, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(parameters);

        long id = Interlocked.Increment(ref _lastId);
        byte[] body = Serialize(w => WriteRequest(w, id, method, parameters));
        using JsonDocument document = await PostAsync(body, ct).ConfigureAwait(false);
        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Invalid($"expected a JSON-RPC response object, got {root.ValueKind}");
        }

        // An error without an id is how nodes answer requests they could not even parse; still the node's answer.
        if (TryGetError(root, out RpcError? error) && (!root.TryGetProperty("id", out JsonElement errorId) || errorId.ValueKind == JsonValueKind.Null || IsId(errorId, id)))
        {
            throw error.ToException();
        }

        if (!root.TryGetProperty("id", out JsonElement responseId) || !IsId(responseId, id))
        {
            throw Invalid($"response id {RpcJson.Describe(responseId)} does not match request id {id}");
        }

        if (!root.TryGetProperty("result", out JsonElement result))
        {
            throw Invalid("response has neither 'result' nor 'error'");
        }

        return result.Clone();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RpcResult>> SendBatchAsync(IReadOnlyList<RpcRequest> requests, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0)
        {
            // JSON-RPC defines an empty batch as invalid, so do not bother the node.
            return [];
        }

        long firstId = Interlocked.Add(ref _lastId, requests.Count) - requests.Count + 1;
        byte[] body = Serialize(w =>
        {
            w.WriteStartArray();
            for (int i = 0; i < requests.Count; i++)
            {
                RpcRequest request = requests[i] ?? throw new ArgumentException("batch contains a null request", nameof(requests));
                WriteRequest(w, firstId + i, request.Method, request.Parameters);
            }

            w.WriteEndArray();
        });

        using JsonDocument document = await PostAsync(body, ct).ConfigureAwait(false);
        JsonElement root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Object && TryGetError(root, out RpcError? batchError))
        {
            // The node rejected the batch as a whole (e.g. batching disabled or too large).
            throw batchError.ToException();
        }

        if (root.ValueKind != JsonValueKind.Array)
        {
            throw Invalid($"expected a JSON array for a batch, got {root.ValueKind}");
        }

        // Servers may answer batch items in any order, so match by id rather than position.
        var results = new RpcResult?[requests.Count];
        foreach (JsonElement item in root.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object
                || !item.TryGetProperty("id", out JsonElement idElement)
                || !idElement.TryGetInt64(out long id)
                || id < firstId || id >= firstId + requests.Count)
            {
                throw Invalid($"batch response item does not carry one of our ids: {RpcJson.Describe(item)}");
            }

            int index = (int)(id - firstId);
            if (results[index] is not null)
            {
                throw Invalid($"batch response answers id {id} twice");
            }

            if (TryGetError(item, out RpcError? error))
            {
                results[index] = RpcResult.Failure(requests[index], error);
            }
            else if (item.TryGetProperty("result", out JsonElement result))
            {
                results[index] = RpcResult.Success(requests[index], result.Clone());
            }
            else
            {
                throw Invalid($"batch response item {id} has neither 'result' nor 'error'");
            }
        }

        int missing = Array.IndexOf(results, null);
        if (missing >= 0)
        {
            throw Invalid($"batch response has no answer for request {missing} ({requests[missing].Method})");
        }

        return results!;
    }

    /// <summary>Disposes the HttpClient if this instance created it.</summary>
    public void Dispose()
    {
        if (_ownsHttpClient)
        {
            _http.Dispose();
        }
    }

    private async Task<JsonDocument> PostAsync(byte[] body, CancellationToken ct)
    {
        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (Timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            timeoutCts.CancelAfter(Timeout);
        }

        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _requestUri);
            request.Content = new ByteArrayContent(body) { Headers = { ContentType = JsonContentType } };
            request.Headers.Authorization = _basicAuth;

            using HttpResponseMessage response = await _http
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeoutCts.Token)
                .ConfigureAwait(false);

            if (!response.IsSuccessStatusCode)
            {
                string snippet = await ReadSnippetAsync(response, timeoutCts.Token).ConfigureAwait(false);
                TimeSpan? retryAfter = ReadRetryAfter(response.Headers.RetryAfter, DateTimeOffset.UtcNow);
                string wait = retryAfter is { } w ? $" (retry after {w.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s)" : "";
                throw new RpcUnavailableException(
                    DisplayName,
                    $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}{wait}{snippet}",
                    null,
                    response.StatusCode,
                    retryAfter);
            }

            Stream stream = await response.Content.ReadAsStreamAsync(timeoutCts.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await JsonDocument.ParseAsync(stream, default, timeoutCts.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            // Our timeout fired (or the HttpClient's own, shorter one); the caller did not cancel.
            string reason = $"no response within {Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s";
            throw new RpcUnavailableException(DisplayName, reason, new TimeoutException(reason, ex));
        }
        catch (HttpRequestException ex)
        {
            throw new RpcUnavailableException(DisplayName, Scrub(ex.Message), ex, ex.StatusCode);
        }
        catch (JsonException ex)
        {
            throw new RpcUnavailableException(DisplayName, "response is not valid JSON: " + Scrub(ex.Message), ex);
        }
        catch (IOException ex)
        {
            throw new RpcUnavailableException(DisplayName, Scrub(ex.Message), ex);
        }
    }

    /// <summary>
    /// The wait a <c>Retry-After</c> header asks for (RFC 9110 §10.2.3): delta seconds as given, or an HTTP date as
    /// the time left until then, never negative (a date in the past means "now"). Null without the header.
    /// </summary>
    /// <param name="header">The parsed header, e.g. <c>response.Headers.RetryAfter</c>.</param>
    /// <param name="now">The current time, to turn a date into a wait.</param>
    public static TimeSpan? ReadRetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now)
    {
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            return date > now ? date - now : TimeSpan.Zero;
        }

        return null;
    }

    // A short excerpt of an error body helps diagnose proxies and rate limiters; capped so a large HTML page
    // does not end up in every log line.
    private static async Task<string> ReadSnippetAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            string text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            text = text.Trim();
            return text.Length == 0 ? "" : ": " + (text.Length <= 200 ? text : text[..200] + "…");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return "";
        }
    }

    // Exception texts from the stack normally name only host:port, but make sure the raw URL (with any
    // credentials) never reaches our message even if a future runtime includes it.
    private string Scrub(string message) =>
        message.Replace(_originalUrl, DisplayName, StringComparison.OrdinalIgnoreCase)
               .Replace(_requestUri.AbsoluteUri, DisplayName, StringComparison.OrdinalIgnoreCase);

    private RpcUnavailableException Invalid(string reason) => new(DisplayName, "invalid JSON-RPC response: " + reason);

    private bool TryGetError(JsonElement response, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RpcError? error)
    {
        error = null;
        if (!response.TryGetProperty("error", out JsonElement errorElement) || errorElement.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        try
        {
            error = RpcError.FromJson(errorElement);
            return true;
        }
        catch (FormatException ex)
        {
            // Without a code we cannot tell what the node meant; treat it like any other malformed response.
            throw new RpcUnavailableException(DisplayName, "invalid JSON-RPC response: " + ex.Message, ex);
        }
    }

    private static bool IsId(JsonElement element, long id) => element.TryGetInt64(out long value) && value == id;

    private static byte[] Serialize(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteRequest(Utf8JsonWriter writer, long id, string method, IReadOnlyList<object?> parameters)
    {
        writer.WriteStartObject();
        writer.WriteString("jsonrpc", "2.0");
        writer.WriteNumber("id", id);
        writer.WriteString("method", method);
        writer.WriteStartArray("params");
        foreach (object? parameter in parameters)
        {
            JsonSerializer.Serialize(writer, parameter, parameter?.GetType() ?? typeof(object), RpcJson.Options);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
