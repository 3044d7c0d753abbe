using System.Text.Json;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.Chain.Tests.Integration;

namespace ExposureWeb.Chain.Tests.Rpc;

/// <summary>Polling-mode behaviour against a scripted chain, for cases a real node cannot be made to show on demand.</summary>
public sealed class NewHeadsWatcherTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    private static readonly NewHeadsWatcherOptions Fast = new()
    {
        PollInterval = TimeSpan.FromMilliseconds(20),
        InitialRetryDelay = TimeSpan.FromMilliseconds(20),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
        MaxGapFill = 3,
    };

    [Fact]
    public async Task WatchAsync_TransportDown_ReportsUnreachableThenRecoversWithoutThrowing()
    {
        var chain = new ScriptedChain { Head = 5, Down = true };
        await using var recorder = new HeadEventRecorder(new NewHeadsWatcher(chain, null, Fast));

        var down = await recorder.WaitForAsync<HeadEvent.ConnectivityChanged>(Deadline);
        Assert.Equal(ChainConnectivity.Unreachable, down.Connectivity);
        Assert.Contains("scripted outage", down.Error);

        chain.Down = false;
        var up = await recorder.WaitForAsync<HeadEvent.ConnectivityChanged>(Deadline);
        Assert.Equal(ChainConnectivity.Connected, up.Connectivity);
        Assert.True(up.Since >= down.Since);
        await recorder.WaitForHeadAsync(5, Deadline);
    }

    [Fact]
    public async Task WatchAsync_SmallGap_FillsSkippedHeightsInOrder()
    {
        var chain = new ScriptedChain { Head = 5 };
        await using var recorder = new HeadEventRecorder(new NewHeadsWatcher(chain, null, Fast));
        await recorder.WaitForHeadAsync(5, Deadline);

        chain.Head = 8;

        Assert.Equal([6UL, 7, 8], (await recorder.WaitForHeadAsync(8, Deadline)).Select(h => h.Number));
    }

    [Fact]
    public async Task WatchAsync_GapLargerThanLimit_YieldsOnlyNewHead()
    {
        var chain = new ScriptedChain { Head = 5 };
        await using var recorder = new HeadEventRecorder(new NewHeadsWatcher(chain, null, Fast));
        await recorder.WaitForHeadAsync(5, Deadline);

        chain.Head = 100;

        Assert.Equal([100UL], (await recorder.WaitForHeadAsync(100, Deadline)).Select(h => h.Number));
    }

    [Fact]
    public async Task WatchAsync_ChainGoesBackwards_YieldsLowerHead()
    {
        var chain = new ScriptedChain { Head = 10 };
        await using var recorder = new HeadEventRecorder(new NewHeadsWatcher(chain, null, Fast));
        await recorder.WaitForHeadAsync(10, Deadline);

        chain.Head = 2; // e.g. a dev node restarted

        Assert.Equal([2UL], (await recorder.WaitForHeadAsync(2, Deadline)).Select(h => h.Number));
    }

    /// <summary>A chain whose head the test sets; block n has hash n and parent n - 1.</summary>
    private sealed class ScriptedChain : IRpcTransport
    {
        private long _head;
        private volatile bool _down;

        public ulong Head
        {
            get => (ulong)Interlocked.Read(ref _head);
            set => Interlocked.Exchange(ref _head, (long)value);
        }

        public bool Down
        {
            get => _down;
            set => _down = value;
        }

        public string DisplayName => "scripted";

        public Task<JsonElement> SendAsync(string method, IReadOnlyList<object?> parameters, CancellationToken ct = default)
        {
            if (Down)
            {
                throw new RpcUnavailableException(DisplayName, "scripted outage");
            }

            Assert.Equal("eth_getBlockByNumber", method);
            string tag = (string)parameters[0]!;
            return Task.FromResult(Block(tag == "latest" ? Head : HexQuantity.ParseUInt64(tag)));
        }

        public async Task<IReadOnlyList<RpcResult>> SendBatchAsync(IReadOnlyList<RpcRequest> requests, CancellationToken ct = default)
        {
            var results = new List<RpcResult>();
            foreach (RpcRequest request in requests)
            {
                results.Add(RpcResult.Success(request, await SendAsync(request.Method, request.Parameters, ct)));
            }

            return results;
        }

        private static JsonElement Block(ulong number)
        {
            string json = $$"""
                {"number":"{{HexQuantity.Format(number)}}","hash":"{{Hash(number)}}",
                 "parentHash":"{{Hash(number - 1)}}","timestamp":"{{HexQuantity.Format(1_700_000_000 + number)}}"}
                """;
            using JsonDocument document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }

        private static string Hash(ulong n) => "0x" + n.ToString("x64");
    }
}
