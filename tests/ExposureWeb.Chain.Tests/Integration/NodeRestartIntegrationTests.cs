using System.Diagnostics;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.DevChain.Anvil;

namespace ExposureWeb.Chain.Tests.Integration;

/// <summary>Uses its own anvil, because it stops and replaces the node.</summary>
public sealed class NodeRestartIntegrationTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task WatchAsync_NodeStoppedThenRestartedOnSamePort_ReportsUnreachableThenConnectedAndYieldsHeads()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string anvilPath = AnvilLocator.Find(null, AppContext.BaseDirectory);
        AnvilProcess node = await AnvilProcess.StartOnFreePortAsync(anvilPath, statePath: null, limit.Token);
        try
        {
            using var rpc = new JsonRpcHttpClient(node.RpcUrl, TimeSpan.FromSeconds(1));
            var watcher = new NewHeadsWatcher(rpc, node.WsUrl);
            await using var recorder = new HeadEventRecorder(watcher);
            await recorder.WaitForAsync<HeadEvent.ConnectivityChanged>(Deadline, c => c.Source == HeadSource.WebSocket);
            await recorder.WaitForHeadAsync(0, Deadline);

            int port = node.Port;
            await node.DisposeAsync();
            var stopwatch = Stopwatch.StartNew();
            var unreachable = await recorder.WaitForAsync<HeadEvent.ConnectivityChanged>(
                Deadline, c => c.Connectivity == ChainConnectivity.Unreachable);
            Assert.Null(unreachable.Source);
            Assert.False(string.IsNullOrWhiteSpace(unreachable.Error));
            Assert.DoesNotContain("http://", unreachable.Error); // reasons only; the URL would be redundant noise

            node = await AnvilProcess.StartAsync(anvilPath, port, statePath: null, limit.Token);
            stopwatch.Restart();
            var connected = await recorder.WaitForAsync<HeadEvent.ConnectivityChanged>(Deadline, c => c.Connectivity == ChainConnectivity.Connected);
            TimeSpan recovery = stopwatch.Elapsed;
            if (connected.Source != HeadSource.WebSocket)
            {
                // Polling may notice the node first; push delivery must follow.
                await recorder.WaitForAsync<HeadEvent.ConnectivityChanged>(Deadline, c => c.Source == HeadSource.WebSocket);
            }

            // The new node starts again at genesis; mine one block and expect exactly that block.
            await rpc.SendAsync("evm_mine", []);
            BlockHeader? mined = await new EthClient(rpc).GetBlockAsync(1);
            var head = await recorder.WaitForAsync<HeadEvent.NewHead>(Deadline, h => h.Header.Number == 1);

            Assert.Equal(mined, head.Header);
            Assert.True(recovery < Deadline, $"recovered after {recovery}");
        }
        finally
        {
            await node.DisposeAsync();
        }
    }
}
