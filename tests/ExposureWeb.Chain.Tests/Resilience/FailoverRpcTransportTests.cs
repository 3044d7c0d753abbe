using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.Chain.Tests.Integration;
using ExposureWeb.DevChain.Anvil;
using Microsoft.Extensions.Logging;

namespace ExposureWeb.Chain.Tests.Resilience;

/// <summary>
/// <see cref="FailoverRpcTransport"/> against a real anvil, with endpoints that are really down (closed loopback ports,
/// a stopped anvil) and, for faults anvil cannot produce (429 + Retry-After, -32005, hangs), the
/// <see cref="RpcFaultProxy"/> stand-in in front of it.
/// </summary>
[Collection(AnvilCollection.Name)]
public sealed class FailoverRpcTransportTests(AnvilFixture node)
{
    private static readonly RpcFailoverOptions Fast = new()
    {
        RequestTimeout = TimeSpan.FromSeconds(2),
        RetryBaseDelay = TimeSpan.FromMilliseconds(50),
        MaxRetryDelay = TimeSpan.FromMilliseconds(200),
        CoolDown = TimeSpan.FromSeconds(30),
    };

    /// <summary>A loopback URL nothing listens on: connections are refused at once.</summary>
    private static Uri ClosedPort(string userInfo = "", string path = "/") =>
        new($"http://{userInfo}127.0.0.1:{FreePort.Pick()}{path}");

    private static async Task<ulong> ChainIdAsync(IRpcTransport rpc) => await new EthClient(rpc).ChainIdAsync();

    [Fact]
    public async Task SendAsync_PrimaryPortClosed_SecondAnswersWithinOneSecond()
    {
        Uri down = ClosedPort();
        using var rpc = new FailoverRpcTransport([down, node.Anvil.RpcUrl], Fast);

        var clock = Stopwatch.StartNew();
        ulong chainId = await ChainIdAsync(rpc);
        TimeSpan elapsed = clock.Elapsed;

        Assert.Equal(AnvilFixture.ChainId, chainId);
        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"the second endpoint answered after {elapsed.TotalMilliseconds:0} ms");
        Assert.Equal(1, rpc.AnsweredByIndex);
        Assert.Equal(EndpointRedactor.Redact(node.Anvil.RpcUrl), rpc.AnsweredBy);
        var health = rpc.Health;
        Assert.Equal(RpcEndpointState.CoolingDown, health[0].State);
        Assert.Equal(1, health[0].ConsecutiveFailures);
        Assert.False(string.IsNullOrEmpty(health[0].LastError));
        Assert.Equal(RpcEndpointState.Available, health[1].State);
        Assert.True(health[1].IsAnswering);
        Assert.False(health[0].IsAnswering);
    }

    [Fact]
    public async Task SendAsync_PrimaryCoolingDown_GoesStraightToSecondWithoutAskingPrimary()
    {
        await using var primary = await RpcFaultProxy.StartAsync(node.Anvil.RpcUrl);
        primary.Always = new RpcFault.HttpStatus(503);
        using var rpc = new FailoverRpcTransport([primary.Url, node.Anvil.RpcUrl], Fast);

        await ChainIdAsync(rpc);
        await ChainIdAsync(rpc);
        await ChainIdAsync(rpc);

        Assert.Single(primary.Requests);
        Assert.Equal(3, rpc.Health[1].Requests);
    }

    [Fact]
    public async Task SendAsync_RateLimitedWithRetryAfterOneSecond_NextRequestAtLeastOneSecondLaterThenSucceeds()
    {
        // One endpoint: the retry has to wait. The backoff cap (200 ms) is far below the second asked for.
        await using var provider = await RpcFaultProxy.StartAsync(node.Anvil.RpcUrl);
        provider.Once(new RpcFault.HttpStatus(429, "1"));
        using var rpc = new FailoverRpcTransport([provider.Url], Fast);

        ulong chainId = await ChainIdAsync(rpc);

        Assert.Equal(AnvilFixture.ChainId, chainId);
        var requests = provider.Requests;
        Assert.Equal(2, requests.Count);
        Assert.IsType<RpcFault.HttpStatus>(requests[0].Fault);
        Assert.Null(requests[1].Fault);
        TimeSpan gap = requests[1].At - requests[0].At;
        Assert.True(gap >= TimeSpan.FromSeconds(1), $"retried after {gap.TotalMilliseconds:0} ms, Retry-After said 1 s");
        Assert.True(gap < TimeSpan.FromSeconds(3), $"retried only after {gap.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task SendAsync_RateLimitedWithRetryAfterHttpDate_NextRequestNotBeforeThatDate()
    {
        await using var provider = await RpcFaultProxy.StartAsync(node.Anvil.RpcUrl);
        // HTTP dates have whole seconds: 2 s ahead, truncated, is 1-2 s away.
        var until = DateTimeOffset.UtcNow.AddSeconds(2);
        until = new DateTimeOffset(until.Year, until.Month, until.Day, until.Hour, until.Minute, until.Second, TimeSpan.Zero);
        provider.Once(new RpcFault.HttpStatus(429, until.ToString("R", CultureInfo.InvariantCulture)));
        using var rpc = new FailoverRpcTransport([provider.Url], Fast);

        await ChainIdAsync(rpc);

        var requests = provider.Requests;
        Assert.Equal(2, requests.Count);
        Assert.True(requests[1].WallClock >= until, $"retried at {requests[1].WallClock:HH:mm:ss.fff}, Retry-After said {until:HH:mm:ss}");
    }

    [Fact]
    public async Task SendAsync_PrimaryRateLimited_SecondAnswersAtOnceAndPrimaryIsLeftAloneUntilRetryAfter()
    {
        await using var primary = await RpcFaultProxy.StartAsync(node.Anvil.RpcUrl);
        primary.Always = new RpcFault.HttpStatus(429, "60");
        using var rpc = new FailoverRpcTransport([primary.Url, node.Anvil.RpcUrl], Fast with { CoolDown = TimeSpan.FromMilliseconds(100) });

        var clock = Stopwatch.StartNew();
        await ChainIdAsync(rpc);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1));
        // Well past the cool-down, but not past Retry-After: the primary is still not asked.
        await Poll.UntilAsync(() => clock.Elapsed > TimeSpan.FromMilliseconds(300), "the cool-down to pass");
        await ChainIdAsync(rpc);

        Assert.Single(primary.Requests);
        var health = rpc.Health[0];
        Assert.Equal(RpcEndpointState.RateLimited, health.State);
        Assert.True(health.AvailableAgainAt > DateTimeOffset.UtcNow.AddSeconds(50));
    }

    [Fact]
    public async Task JsonRpcHttpClient_Http429WithRetryAfter_ExceptionCarriesStatusAndWait()
    {
        await using var provider = await RpcFaultProxy.StartAsync(node.Anvil.RpcUrl);
        provider.Once(new RpcFault.HttpStatus(429, "7"));
        using var client = new JsonRpcHttpClient(provider.Url);

        var ex = await Assert.ThrowsAsync<RpcUnavailableException>(() => client.SendAsync("eth_chainId", []));

        Assert.Equal(HttpStatusCode.TooManyRequests, ex.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), ex.RetryAfter);
        Assert.Contains("retry after 7 s", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_AllEndpointsDown_ThrowsUnavailableNamingEachEndpointRedacted()
    {
        const string key = "0123456789abcdef0123456789abcdef";
        Uri withPassword = ClosedPort("alice:s3cret@");
        Uri withKey = ClosedPort(path: $"/v3/{key}");
        var log = new CapturingLogger();
        using var rpc = new FailoverRpcTransport([withPassword, withKey], Fast with { MaxRetries = 1 }, logger: log);

        var ex = await Assert.ThrowsAsync<RpcUnavailableException>(() => ChainIdAsync(rpc));

        string first = EndpointRedactor.Redact(withPassword);
        string second = EndpointRedactor.Redact(withKey);
        Assert.Contains(first, ex.Message, StringComparison.Ordinal);
        Assert.Contains(second, ex.Message, StringComparison.Ordinal);
        Assert.Contains("none of the 2 endpoints answered", ex.Message, StringComparison.Ordinal);
        foreach (string secret in new[] { "s3cret", "alice", key })
        {
            Assert.DoesNotContain(secret, ex.ToString(), StringComparison.Ordinal);
            Assert.All(log.Lines, line => Assert.DoesNotContain(secret, line, StringComparison.Ordinal));
        }

        Assert.NotEmpty(log.Lines);
        // Two passes (one retry), two endpoints each.
        Assert.All(rpc.Health, h => Assert.Equal(2, h.Requests));
        Assert.Null(rpc.AnsweredBy);
    }

    [Fact]
    public async Task SendAsync_PrimaryRecoversAfterCoolDown_PrimaryAnswersAgain()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string anvilPath = AnvilLocator.Find(null, AppContext.BaseDirectory);
        AnvilProcess primary = await AnvilProcess.StartOnFreePortAsync(anvilPath, statePath: null, limit.Token);
        try
        {
            Uri primaryUrl = primary.RpcUrl;
            using var rpc = new FailoverRpcTransport([primaryUrl, node.Anvil.RpcUrl], Fast with { CoolDown = TimeSpan.FromMilliseconds(500) });
            await ChainIdAsync(rpc);
            Assert.Equal(0, rpc.AnsweredByIndex);

            // The primary goes down: the fallback answers.
            await primary.DisposeAsync();
            await ChainIdAsync(rpc);
            Assert.Equal(1, rpc.AnsweredByIndex);

            // It comes back on the same port; once its cool-down is over it is asked first again.
            primary = await AnvilProcess.StartAsync(anvilPath, primaryUrl.Port, statePath: null, limit.Token);
            var clock = Stopwatch.StartNew();
            await Poll.UntilAsync(async () =>
            {
                await ChainIdAsync(rpc);
                return rpc.AnsweredByIndex == 0;
            }, "the recovered primary to answer again", TimeSpan.FromSeconds(10));

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"primary preferred again after {clock.Elapsed.TotalMilliseconds:0} ms");
            Assert.Equal(RpcEndpointState.Available, rpc.Health[0].State);
            Assert.Equal(0, rpc.Health[0].ConsecutiveFailures);
        }
        finally
        {
            await primary.DisposeAsync();
        }
    }

    [Fact]
    public async Task SendAsync_NodeAnswersWithError_NotRetriedOnAnotherEndpointNorAgain()
    {
        await using var primary = await RpcFaultProxy.StartAsync(node.Anvil.RpcUrl);
        await using var secondary = await RpcFaultProxy.StartAsync(node.Anvil.RpcUrl);
        using var rpc = new FailoverRpcTransport([primary.Url, secondary.Url], Fast);

        // A real node error from anvil: the method does not exist.
        var ex = await Assert.ThrowsAsync<RpcErrorException>(() => rpc.SendAsync("eth_noSuchMethod", []));

        Assert.Equal(-32601, ex.Code);
        Assert.Single(primary.Requests);
        Assert.Empty(secondary.Requests);
        Assert.Equal(0, rpc.AnsweredByIndex);
        Assert.Equal(RpcEndpointState.Available, rpc.Health[0].State);
    }

    [Fact]
    public async Task SendAsync_RevertedCall_ErrorComesFromPrimaryOnly()
    {
        await using var primary = await RpcFaultProxy.StartAsync(node.Anvil.RpcUrl);
        await using var secondary = await RpcFaultProxy.StartAsync(node.Anvil.RpcUrl);
        using var rpc = new FailoverRpcTransport([primary.Url, secondary.Url], Fast);
        // Init code that reverts at once (PUSH1 0 PUSH1 0 REVERT), run as a call without a target.
        var call = new { data = "0x60006000fd" };

        await Assert.ThrowsAsync<RpcErrorException>(() => rpc.SendAsync("eth_call", [call, "latest"]));

        Assert.Single(primary.Requests);
        Assert.Empty(secondary.Requests);
    }

    [Fact]
    public async Task SendAsync_PrimaryLimitExceeded32005_TreatedAsTransientAndSecondAnswers()
    {
        await using var primary = await RpcFaultProxy.StartAsync(node.Anvil.RpcUrl);
        primary.Always = new RpcFault.NodeError(-32005, "daily request count exceeded, request rate limited");
        using var rpc = new FailoverRpcTransport([primary.Url, node.Anvil.RpcUrl], Fast);

        ulong chainId = await ChainIdAsync(rpc);

        Assert.Equal(AnvilFixture.ChainId, chainId);
        Assert.Equal(1, rpc.AnsweredByIndex);
        Assert.Contains("-32005", rpc.Health[0].LastError, StringComparison.Ordinal);
        Assert.Equal(RpcEndpointState.CoolingDown, rpc.Health[0].State);
    }

    [Fact]
    public async Task SendAsync_PrimaryHangs_TimesOutAndSecondAnswers()
    {
        await using var primary = await RpcFaultProxy.StartAsync(node.Anvil.RpcUrl);
        primary.Always = new RpcFault.Hang(TimeSpan.FromSeconds(20));
        using var rpc = new FailoverRpcTransport([primary.Url, node.Anvil.RpcUrl], Fast with { RequestTimeout = TimeSpan.FromMilliseconds(300) });

        var clock = Stopwatch.StartNew();
        ulong chainId = await ChainIdAsync(rpc);

        Assert.Equal(AnvilFixture.ChainId, chainId);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"answered after {clock.Elapsed.TotalMilliseconds:0} ms");
        Assert.Contains("no response within 0.3 s", rpc.Health[0].LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_PrimaryDropsConnection_SecondAnswers()
    {
        await using var primary = await RpcFaultProxy.StartAsync(node.Anvil.RpcUrl);
        primary.Always = new RpcFault.Drop();
        using var rpc = new FailoverRpcTransport([primary.Url, node.Anvil.RpcUrl], Fast);

        Assert.Equal(AnvilFixture.ChainId, await ChainIdAsync(rpc));
        Assert.Equal(1, rpc.AnsweredByIndex);
    }

    [Fact]
    public async Task SendAsync_SingleEndpointFailsOnceThenAnswers_RetriedWithBackoff()
    {
        await using var provider = await RpcFaultProxy.StartAsync(node.Anvil.RpcUrl);
        provider.Once(new RpcFault.HttpStatus(503));
        using var rpc = new FailoverRpcTransport([provider.Url], Fast);

        Assert.Equal(AnvilFixture.ChainId, await ChainIdAsync(rpc));

        var requests = provider.Requests;
        Assert.Equal(2, requests.Count);
        // Some backoff happened, within the 200 ms cap (plus scheduling).
        Assert.True(requests[1].At - requests[0].At < TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task SendBatchAsync_PrimaryDown_BatchAnsweredBySecondInOrder()
    {
        using var rpc = new FailoverRpcTransport([ClosedPort(), node.Anvil.RpcUrl], Fast);

        var results = await rpc.SendBatchAsync([RpcRequest.Create("eth_chainId"), RpcRequest.Create("eth_noSuchMethod"), RpcRequest.Create("net_version")]);

        Assert.Equal(3, results.Count);
        Assert.Equal("0x7a69", results[0].Result.GetString());
        Assert.False(results[1].IsSuccess);
        Assert.Equal("31337", results[2].Result.GetString());
        Assert.Equal(1, rpc.AnsweredByIndex);
    }

    [Fact]
    public async Task Demote_AnsweringEndpoint_NextCallGoesToTheOther()
    {
        using var rpc = new FailoverRpcTransport([node.Anvil.RpcUrl, node.Anvil.RpcUrl], Fast);
        await ChainIdAsync(rpc);
        Assert.Equal(0, rpc.AnsweredByIndex);

        rpc.Demote(0, "head went backwards");
        await ChainIdAsync(rpc);

        Assert.Equal(1, rpc.AnsweredByIndex);
        Assert.Equal("head went backwards", rpc.Health[0].LastError);
        Assert.Equal(RpcEndpointState.CoolingDown, rpc.Health[0].State);
    }

    [Fact]
    public async Task SendAsync_CallerCancels_OperationCanceledWithoutFailover()
    {
        await using var primary = await RpcFaultProxy.StartAsync(node.Anvil.RpcUrl);
        primary.Always = new RpcFault.Hang(TimeSpan.FromSeconds(20));
        await using var secondary = await RpcFaultProxy.StartAsync(node.Anvil.RpcUrl);
        using var rpc = new FailoverRpcTransport([primary.Url, secondary.Url], Fast);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => rpc.SendAsync("eth_chainId", [], cancel.Token));

        Assert.Empty(secondary.Requests);
        Assert.Equal(0, rpc.Health[0].Failures);
    }

    [Fact]
    public void ReadRetryAfter_DeltaDateAndPastDate_WaitNeverNegative()
    {
        var now = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromSeconds(1), JsonRpcHttpClient.ReadRetryAfter(new(TimeSpan.FromSeconds(1)), now));
        Assert.Equal(TimeSpan.FromSeconds(90), JsonRpcHttpClient.ReadRetryAfter(new(now.AddSeconds(90)), now));
        Assert.Equal(TimeSpan.Zero, JsonRpcHttpClient.ReadRetryAfter(new(now.AddSeconds(-5)), now));
        Assert.Null(JsonRpcHttpClient.ReadRetryAfter(null, now));
    }

    [Fact]
    public void Constructor_NoEndpoints_Throws()
    {
        Assert.Throws<ArgumentException>(() => new FailoverRpcTransport(Array.Empty<Uri>()));
    }

    [Fact]
    public void DisplayName_SeveralEndpoints_ListsThemRedactedInOrder()
    {
        using var rpc = new FailoverRpcTransport([new Uri("https://u:p@rpc.example/"), new Uri("http://127.0.0.1:8546/?key=abc")]);

        Assert.Equal("https://***@rpc.example/, http://127.0.0.1:8546/?***", rpc.DisplayName);
        Assert.Equal(["https://***@rpc.example/", "http://127.0.0.1:8546/?***"], rpc.Endpoints);
    }

    private sealed class CapturingLogger : ILogger
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyList<string> Lines => _lines.ToArray();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _lines.Enqueue($"{logLevel}: {formatter(state, exception)} {exception}");
    }
}
