using ExposureWeb.Chain.Rpc;

namespace ExposureWeb.Chain.Tests.Integration;

[Collection(AnvilCollection.Name)]
public sealed class NewHeadsWatcherIntegrationTests(AnvilFixture anvil)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task WatchAsync_WebSocket_YieldsMinedHeadersInOrder()
    {
        var watcher = new NewHeadsWatcher(anvil.Rpc, anvil.Anvil.WsUrl);
        ulong start = await anvil.Eth.BlockNumberAsync();
        await using var recorder = new HeadEventRecorder(watcher);

        var connected = await recorder.WaitForAsync<HeadEvent.ConnectivityChanged>(Deadline);
        Assert.Equal(ChainConnectivity.Connected, connected.Connectivity);
        Assert.Equal(HeadSource.WebSocket, connected.Source);
        await recorder.WaitForHeadAsync(start, Deadline); // the current head, fetched right after subscribing

        for (int i = 0; i < 3; i++)
        {
            await anvil.Rpc.SendAsync("evm_mine", []);
        }

        List<BlockHeader> heads = await recorder.WaitForHeadAsync(start + 3, Deadline);

        Assert.Equal([start + 1, start + 2, start + 3], heads.Select(h => h.Number));
        foreach (BlockHeader head in heads)
        {
            Assert.Equal(await anvil.Eth.GetBlockAsync(head.Number), head);
        }

        Assert.DoesNotContain(recorder.Seen, e => e is HeadEvent.ConnectivityChanged { Source: HeadSource.Polling });
    }

    [Fact]
    public async Task WatchAsync_NoWebSocketUrl_PollsAndYieldsEveryHead()
    {
        var options = new NewHeadsWatcherOptions { PollInterval = TimeSpan.FromMilliseconds(100) };
        var watcher = new NewHeadsWatcher(anvil.Rpc, webSocketUrl: null, options);
        ulong start = await anvil.Eth.BlockNumberAsync();
        await using var recorder = new HeadEventRecorder(watcher);

        var connected = await recorder.WaitForAsync<HeadEvent.ConnectivityChanged>(Deadline);
        Assert.Equal(ChainConnectivity.Connected, connected.Connectivity);
        Assert.Equal(HeadSource.Polling, connected.Source);
        await recorder.WaitForHeadAsync(start, Deadline);

        // Mined back to back, usually within one poll interval: the skipped heights are filled in.
        for (int i = 0; i < 3; i++)
        {
            await anvil.Rpc.SendAsync("evm_mine", []);
        }

        List<BlockHeader> heads = await recorder.WaitForHeadAsync(start + 3, Deadline);
        Assert.Equal([start + 1, start + 2, start + 3], heads.Select(h => h.Number));
        Assert.Equal(heads[0].Hash, heads[1].ParentHash);
        Assert.Equal(heads[1].Hash, heads[2].ParentHash);
    }

    [Fact]
    public async Task WatchAsync_QuietChain_DoesNotRepeatTheHead()
    {
        var probe = new CountingTransport(anvil.Rpc);
        var options = new NewHeadsWatcherOptions { PollInterval = TimeSpan.FromMilliseconds(50) };
        var watcher = new NewHeadsWatcher(probe, webSocketUrl: null, options);
        ulong start = await anvil.Eth.BlockNumberAsync();
        await using var recorder = new HeadEventRecorder(watcher);
        await recorder.WaitForHeadAsync(start, Deadline);

        // Let the watcher see the same latest block many times. Waiting on the poll count rather than sleeping
        // guarantees the quiet period really happened.
        int polledBefore = probe.RoundTrips;
        using (var deadline = new CancellationTokenSource(Deadline))
        {
            while (probe.RoundTrips < polledBefore + 10)
            {
                await Task.Delay(10, deadline.Token);
            }
        }

        await anvil.Rpc.SendAsync("evm_mine", []);
        List<BlockHeader> heads = await recorder.WaitForHeadAsync(start + 1, Deadline);

        Assert.Equal([start + 1], heads.Select(h => h.Number));
    }
}
