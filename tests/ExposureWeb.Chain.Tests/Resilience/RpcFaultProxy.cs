using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ExposureWeb.Chain.Tests.Resilience;

/// <summary>
/// STAND-IN for a hosted RPC provider's HTTP edge: a Kestrel server on loopback that forwards every JSON-RPC POST to a
/// real node (anvil) unchanged, except when told to misbehave the way providers do and anvil cannot: HTTP 429 with
/// <c>Retry-After</c> (seconds or an HTTP date), 503, a JSON-RPC error such as <c>-32005 limit exceeded</c>, a hang, a
/// dropped connection. Records when each request arrived (on its own clock), so waits are measured where the provider
/// would see them.
/// </summary>
public sealed class RpcFaultProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly Uri _target;
    private readonly ConcurrentQueue<RpcFault> _once = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<ProxiedRequest> _requests = new();
    private volatile RpcFault? _always;

    private RpcFaultProxy(WebApplication app, Uri target)
    {
        _app = app;
        _target = target;
    }

    /// <summary>The proxy's own URL (http://127.0.0.1:port/).</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>A fault applied to every request while set; null forwards (one-shot faults still apply first).</summary>
    public RpcFault? Always
    {
        get => _always;
        set => _always = value;
    }

    /// <summary>Requests received so far, in arrival order.</summary>
    public IReadOnlyList<ProxiedRequest> Requests => _requests.ToArray();

    /// <summary>Starts a proxy in front of <paramref name="target"/>.</summary>
    public static async Task<RpcFaultProxy> StartAsync(Uri target)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var proxy = new RpcFaultProxy(app, target);
        app.Run(proxy.HandleAsync);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        proxy.Url = new Uri(address.EndsWith('/') ? address : address + "/");
        return proxy;
    }

    /// <summary>Queues a fault for the next request only.</summary>
    public void Once(RpcFault fault) => _once.Enqueue(fault);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        string body = await reader.ReadToEndAsync(context.RequestAborted);
        RpcFault? fault = _once.TryDequeue(out RpcFault? next) ? next : _always;
        _requests.Enqueue(new ProxiedRequest(_clock.Elapsed, DateTimeOffset.UtcNow, body, fault));

        switch (fault)
        {
            case RpcFault.HttpStatus status:
                context.Response.StatusCode = status.Code;
                if (status.RetryAfter is not null)
                {
                    context.Response.Headers.RetryAfter = status.RetryAfter;
                }

                await context.Response.WriteAsync($"stand-in: HTTP {status.Code}", context.RequestAborted);
                return;
            case RpcFault.NodeError error:
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(ErrorResponse(body, error), context.RequestAborted);
                return;
            case RpcFault.Hang hang:
                await Task.Delay(hang.For, context.RequestAborted);
                break;
            case RpcFault.Drop:
                context.Abort();
                return;
        }

        using var forward = new StringContent(body, Encoding.UTF8, "application/json");
        using HttpResponseMessage answer = await _upstream.PostAsync(_target, forward, context.RequestAborted);
        context.Response.StatusCode = (int)answer.StatusCode;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(await answer.Content.ReadAsStringAsync(context.RequestAborted), context.RequestAborted);
    }

    // Answers with the same id(s) the request carried, as a node would.
    private static string ErrorResponse(string body, RpcFault.NodeError error)
    {
        using JsonDocument request = JsonDocument.Parse(body);
        string One(JsonElement call) =>
            JsonSerializer.Serialize(new { jsonrpc = "2.0", id = call.GetProperty("id").GetInt64(), error = new { code = error.Code, message = error.Message } });
        return request.RootElement.ValueKind == JsonValueKind.Array
            ? "[" + string.Join(",", request.RootElement.EnumerateArray().Select(One)) + "]"
            : One(request.RootElement);
    }
}

/// <summary>One request the proxy received.</summary>
/// <param name="At">When it arrived, on the proxy's stopwatch.</param>
/// <param name="WallClock">When it arrived, UTC (for HTTP-date Retry-After).</param>
/// <param name="Body">The JSON-RPC request.</param>
/// <param name="Fault">What the proxy did instead of forwarding; null when forwarded.</param>
public sealed record ProxiedRequest(TimeSpan At, DateTimeOffset WallClock, string Body, RpcFault? Fault);

/// <summary>How <see cref="RpcFaultProxy"/> misbehaves.</summary>
public abstract record RpcFault
{
    /// <summary>Answers with an HTTP status (e.g. 429, 503) and optionally a raw <c>Retry-After</c> header value.</summary>
    public sealed record HttpStatus(int Code, string? RetryAfter = null) : RpcFault;

    /// <summary>Answers 200 with a JSON-RPC error object, e.g. -32005 limit exceeded.</summary>
    public sealed record NodeError(long Code, string Message) : RpcFault;

    /// <summary>Waits this long before forwarding.</summary>
    public sealed record Hang(TimeSpan For) : RpcFault;

    /// <summary>Drops the connection without an answer.</summary>
    public sealed record Drop : RpcFault;
}
