using System.Collections.Concurrent;
using System.Net;
using ExposureWeb.Engine.Alerts.Delivery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ExposureWeb.Engine.Tests.Alerts.Delivery;

/// <summary>A scripted answer of <see cref="WebhookReceiver"/>: a status, optionally with Location or Retry-After.</summary>
public sealed record ScriptedAnswer(int Status, string? Location = null, string? RetryAfter = null);

/// <summary>What <see cref="WebhookReceiver"/> saw of one request.</summary>
public sealed record ReceivedWebhook(
    string? IdempotencyKey, bool SignatureValid, string? Signature, string? Timestamp, string? ContentType, string? UserAgent, byte[] Body, int Answered);

/// <summary>
/// A webhook receiver as a customer would write one, on Kestrel on 127.0.0.1: verifies <c>X-Signature</c> with
/// <see cref="WebhookSignature.Verify"/> (401 when it fails), answers the scripted statuses first, then 200, and counts
/// the deliveries it accepted per <c>Idempotency-Key</c>.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IReadOnlyList<string> _secrets;
    private readonly ConcurrentQueue<ScriptedAnswer> _script = new();
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private readonly ConcurrentDictionary<string, int> _accepted = new();

    private WebhookReceiver(WebApplication app, IReadOnlyList<string> secrets)
    {
        _app = app;
        _secrets = secrets;
    }

    /// <summary>The receiver's base URL, http://127.0.0.1:port/.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>The port it listens on.</summary>
    public int Port => Url.Port;

    /// <summary>Every request, in arrival order.</summary>
    public IReadOnlyList<ReceivedWebhook> Received => _received.ToArray();

    /// <summary>Starts a receiver that accepts signatures made with any of <paramref name="secrets"/>; port 0 picks a free one.</summary>
    public static async Task<WebhookReceiver> StartAsync(IReadOnlyList<string> secrets, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, secrets);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.Url = new Uri(address.EndsWith('/') ? address : address + "/");
        return receiver;
    }

    /// <summary>Answers the next requests with these, in order; afterwards 200 again.</summary>
    public void Script(params ScriptedAnswer[] answers)
    {
        foreach (var answer in answers)
            _script.Enqueue(answer);
    }

    /// <summary>Answers every request with <paramref name="status"/> until <see cref="Script"/> is cleared by <see cref="Heal"/>.</summary>
    public int? AlwaysAnswer { get; set; }

    /// <summary>The receiver's clock for the timestamp check: a test that moves the sender's fake clock hours ahead gives the receiver the same one.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Back to answering 200.</summary>
    public void Heal()
    {
        AlwaysAnswer = null;
        _script.Clear();
    }

    /// <summary>How many deliveries with this idempotency key were accepted (answered 2xx with a valid signature).</summary>
    public int Accepted(string idempotencyKey) => _accepted.GetValueOrDefault(idempotencyKey);

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var headers = context.Request.Headers;
        var key = headers["Idempotency-Key"].ToString();
        var valid = WebhookSignature.Verify(
            headers["X-Signature"], _secrets, headers["X-Timestamp"], body, Clock.GetUtcNow(), TimeSpan.FromMinutes(5));

        var answer = valid is false ? new ScriptedAnswer(401)
            : _script.TryDequeue(out var scripted) ? scripted
            : AlwaysAnswer is { } always ? new ScriptedAnswer(always)
            : new ScriptedAnswer(200);
        if (answer.Status is >= 200 and < 300)
            _accepted.AddOrUpdate(key, 1, (_, n) => n + 1);
        _received.Enqueue(new ReceivedWebhook(
            key, valid, headers["X-Signature"], headers["X-Timestamp"], context.Request.ContentType, headers.UserAgent, body, answer.Status));

        context.Response.StatusCode = answer.Status;
        if (answer.Location is not null)
            context.Response.Headers.Location = answer.Location;
        if (answer.RetryAfter is not null)
            context.Response.Headers.RetryAfter = answer.RetryAfter;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
