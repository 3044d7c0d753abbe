using System.Net;
using System.Net.Sockets;
using System.Text;
using ExposureWeb.Engine.Alerts.Delivery;

namespace ExposureWeb.Engine.Tests.Alerts.Delivery;

/// <summary>The webhook sender against a real receiver on 127.0.0.1 (allow-listed, as an internal receiver would be).</summary>
public sealed class WebhookSenderTests : IAsyncLifetime
{
    private static readonly string[] Secrets = ["current-secret"];
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"rule":"r1","instance":"p7","transition":"firing","value":0.93}""");

    private WebhookReceiver _receiver = null!;
    private WebhookSender _sender = null!;

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync(Secrets);
        _sender = Sender(allowList: ["127.0.0.1"]);
    }

    public async Task DisposeAsync()
    {
        _sender.Dispose();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task SendAsync_ReceiverUp_DeliveredWithValidSignatureAndHeaders()
    {
        var outcome = await _sender.SendAsync(Request(_receiver.Url + "hooks/alerts", "r1:p7:firing"), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(200, outcome.StatusCode);
        var received = Assert.Single(_receiver.Received);
        Assert.True(received.SignatureValid);
        Assert.Equal("r1:p7:firing", received.IdempotencyKey);
        Assert.Equal(Body, received.Body);
        Assert.StartsWith("application/json", received.ContentType);
        Assert.Equal(WebhookSender.UserAgent, received.UserAgent);
        Assert.InRange(long.Parse(received.Timestamp!), DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        Assert.Equal(1, _receiver.Accepted("r1:p7:firing"));
    }

    [Fact]
    public async Task SendAsync_TwoSecretsWhileRotating_ReceiverWithOnlyTheNewSecretVerifies()
    {
        await using var newReceiver = await WebhookReceiver.StartAsync(["new-secret"]);

        var outcome = await _sender.SendAsync(
            new WebhookRequest(newReceiver.Url.ToString(), ["old-secret", "new-secret"], "r1:p7:firing", Body), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
        var received = Assert.Single(newReceiver.Received);
        Assert.True(received.SignatureValid);
        Assert.Equal(2, received.Signature!.Split(',').Length);
    }

    [Fact]
    public async Task SendAsync_ReceiverWithAnotherSecret_401NotRetryable()
    {
        var outcome = await _sender.SendAsync(
            new WebhookRequest(_receiver.Url.ToString(), ["wrong-secret"], "r1:p7:firing", Body), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.False(outcome.Retryable);
        Assert.Equal(401, outcome.StatusCode);
    }

    [Fact]
    public async Task SendAsync_Receiver503Then200_RetryableThenSuccess()
    {
        _receiver.Script(new ScriptedAnswer(503, RetryAfter: "7"));
        var request = Request(_receiver.Url.ToString(), "r1:p7:firing");

        var first = await _sender.SendAsync(request, CancellationToken.None);
        var second = await _sender.SendAsync(request, CancellationToken.None);

        Assert.False(first.Succeeded);
        Assert.True(first.Retryable);
        Assert.Equal(503, first.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), first.RetryAfter);
        Assert.True(second.Succeeded, second.Error);
        Assert.Equal(1, _receiver.Accepted("r1:p7:firing"));
    }

    [Theory]
    [InlineData(408, true)]
    [InlineData(425, true)]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(502, true)]
    [InlineData(400, false)]
    [InlineData(404, false)]
    [InlineData(410, false)]
    [InlineData(422, false)]
    public async Task SendAsync_ErrorStatus_RetryableOnlyForTransientOnes(int status, bool retryable)
    {
        _receiver.Script(new ScriptedAnswer(status));

        var outcome = await _sender.SendAsync(Request(_receiver.Url.ToString(), "r1:p7:firing"), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Equal(retryable, outcome.Retryable);
        Assert.Equal(status, outcome.StatusCode);
        Assert.Contains($"HTTP {status}", outcome.Error);
    }

    [Fact]
    public async Task SendAsync_429WithRetryAfterDate_RetryAfterIsTheWaitUntilThen()
    {
        _receiver.Script(new ScriptedAnswer(429, RetryAfter: DateTimeOffset.UtcNow.AddSeconds(120).ToString("R")));

        var outcome = await _sender.SendAsync(Request(_receiver.Url.ToString(), "r1:p7:firing"), CancellationToken.None);

        Assert.True(outcome.Retryable);
        Assert.InRange(outcome.RetryAfter!.Value, TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(121));
    }

    [Fact]
    public async Task SendAsync_ReceiverRedirects_NotFollowedAndNotRetryable()
    {
        await using var other = await WebhookReceiver.StartAsync(Secrets);
        _receiver.Script(new ScriptedAnswer(307, Location: other.Url + "elsewhere"));

        var outcome = await _sender.SendAsync(Request(_receiver.Url.ToString(), "r1:p7:firing"), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.False(outcome.Retryable);
        Assert.Equal(307, outcome.StatusCode);
        Assert.Contains("redirects are not followed", outcome.Error);
        Assert.Empty(other.Received);
    }

    [Fact]
    public async Task SendAsync_SsrfUrl_ClearErrorAndNoRequest()
    {
        var outcome = await _sender.SendAsync(Request("http://169.254.169.254/latest/meta-data/", "r1:p7:firing"), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.False(outcome.Retryable);
        Assert.Null(outcome.StatusCode);
        Assert.Contains("cloud metadata address (169.254.169.254)", outcome.Error);
    }

    [Fact]
    public async Task SendAsync_NameResolvingToLoopbackWithoutAllowList_RefusedAtConnect()
    {
        // A public-looking name passes Validate; only the post-DNS check sees that it resolves to loopback. The resolver
        // answers as a rebinding attacker's DNS would (this machine's DNS cannot be made to lie without editing /etc/hosts).
        using var sender = Sender(allowList: [], resolve: (_, _) => Task.FromResult(new[] { IPAddress.Loopback }));
        var url = $"http://hooks.example.com:{_receiver.Port}/hook";
        Assert.Null(new WebhookUrlGuard([]).Validate(url));

        var outcome = await sender.SendAsync(Request(url, "r1:p7:firing"), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.False(outcome.Retryable);
        Assert.Contains("webhook host hooks.example.com resolved to a loopback address (127.0.0.1)", outcome.Error);
        Assert.Empty(_receiver.Received);
    }

    [Fact]
    public async Task SendAsync_NameResolvingToAllowListedAddress_ConnectsToTheCheckedAddress()
    {
        // The same name with 127.0.0.1 allow-listed is delivered: to the address the callback checked, since
        // hooks.example.com does not resolve to this receiver anywhere else.
        using var sender = Sender(allowList: ["127.0.0.1"], resolve: (_, _) => Task.FromResult(new[] { IPAddress.Loopback }));

        var outcome = await sender.SendAsync(Request($"http://hooks.example.com:{_receiver.Port}/hook", "r1:p7:firing"), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(1, _receiver.Accepted("r1:p7:firing"));
    }

    [Fact]
    public async Task SendAsync_DnsAnswerWithOneForbiddenAddress_RefusedBeforeAnyConnection()
    {
        // The allowed address comes first: a sender that checked only the address it connects to would deliver.
        using var sender = Sender(
            allowList: ["127.0.0.1"],
            resolve: (_, _) => Task.FromResult(new[] { IPAddress.Loopback, IPAddress.Parse("10.0.0.7") }));

        var outcome = await sender.SendAsync(Request($"http://hooks.example.com:{_receiver.Port}/hook", "r1:p7:firing"), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Contains("private address (10.0.0.7)", outcome.Error);
        Assert.Empty(_receiver.Received);
    }

    [Fact]
    public async Task SendAsync_LocalhostAllowListedByName_DeliveredThroughRealDns()
    {
        using var sender = Sender(allowList: ["localhost"]);

        var outcome = await sender.SendAsync(Request($"http://localhost:{_receiver.Port}/hook", "r1:p7:firing"), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
    }

    [Fact]
    public async Task SendAsync_NothingListening_RetryableNetworkError()
    {
        var outcome = await _sender.SendAsync(Request($"http://127.0.0.1:{FreePort()}/hook", "r1:p7:firing"), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.True(outcome.Retryable);
        Assert.Null(outcome.StatusCode);
        Assert.Contains("webhook request failed", outcome.Error);
    }

    [Fact]
    public async Task Delivery_ReceiverDownThenBack_RetriedWithBackoffAndDeliveredOnce()
    {
        // The outbox's loop, in miniature: attempt, decide, wait. The receiver is not there for the first three attempts.
        var port = FreePort();
        var request = Request($"http://127.0.0.1:{port}/hook", "r1:p7:firing");
        var policy = new DeliveryRetryPolicy(8, new DeliveryBackoff(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(200), new Random(1)));
        WebhookReceiver? receiver = null;
        try
        {
            var (decision, log) = await DeliverAsync(request, policy, async attempt =>
            {
                if (attempt == 4)
                    receiver = await WebhookReceiver.StartAsync(Secrets, port);
            });

            Assert.IsType<DeliveryDecision.Delivered>(decision);
            Assert.Equal(4, log.Count);
            Assert.All(log.Take(3), o => Assert.True(o.Retryable));
            Assert.True(log[3].Succeeded);
            Assert.Equal(1, receiver!.Accepted("r1:p7:firing"));
            Assert.Single(receiver.Received);
        }
        finally
        {
            if (receiver is not null)
                await receiver.DisposeAsync();
        }
    }

    [Fact]
    public async Task Delivery_FailingPastTheLimit_DeadLetterThenReplayDeliversOnce()
    {
        _receiver.AlwaysAnswer = 503;
        var request = Request(_receiver.Url.ToString(), "r1:p7:firing");
        var policy = new DeliveryRetryPolicy(3, new DeliveryBackoff(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50), new Random(2)));

        var (decision, log) = await DeliverAsync(request, policy);

        var deadLetter = Assert.IsType<DeliveryDecision.DeadLetter>(decision);
        Assert.Contains("gave up after 3 attempts", deadLetter.Reason);
        Assert.Equal(3, log.Count);
        Assert.Equal(0, _receiver.Accepted("r1:p7:firing"));

        // An operator replays the dead letter after the receiver is fixed: same request, same idempotency key.
        _receiver.Heal();
        var (replayed, replayLog) = await DeliverAsync(request, policy);

        Assert.IsType<DeliveryDecision.Delivered>(replayed);
        Assert.Single(replayLog);
        Assert.Equal(4, _receiver.Received.Count);
        Assert.All(_receiver.Received, r => Assert.Equal("r1:p7:firing", r.IdempotencyKey));
        Assert.Equal(1, _receiver.Accepted("r1:p7:firing"));
    }

    private async Task<(DeliveryDecision Decision, List<DeliveryOutcome> Log)> DeliverAsync(
        WebhookRequest request, DeliveryRetryPolicy policy, Func<int, Task>? beforeAttempt = null)
    {
        var log = new List<DeliveryOutcome>();
        for (var attempt = 1; ; attempt++)
        {
            if (beforeAttempt is not null)
                await beforeAttempt(attempt);
            var outcome = await _sender.SendAsync(request, CancellationToken.None);
            log.Add(outcome);
            var decision = policy.Decide(attempt, outcome);
            if (decision is not DeliveryDecision.Retry retry)
                return (decision, log);
            await Task.Delay(retry.Delay);
        }
    }

    private static WebhookRequest Request(string url, string key) => new(url, Secrets, key, Body);

    private static WebhookSender Sender(string[] allowList, HostResolver? resolve = null) =>
        new(new AlertDeliveryOptions { WebhookAllowList = allowList, TimeoutSeconds = 5 }, TimeProvider.System, resolve: resolve);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
