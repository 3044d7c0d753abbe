using System.Numerics;
using System.Text.Json.Nodes;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.DevChain.Anvil;

namespace ExposureWeb.Chain.Tests.DevChain;

/// <summary>
/// The dev chain's saved state: written by the app when the head moved, pruned to the newest blocks, replaced whole;
/// a real anvil started from it continues the chain.
/// </summary>
public sealed class AnvilStateStoreTests : IDisposable
{
    private static readonly Address Sender = Address.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    private static readonly Address Receiver = Address.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");

    private readonly string _folder = Directory.CreateTempSubdirectory("anvil-store-").FullName;

    private string StatePath => Path.Combine(_folder, "anvil-state.json");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Trim_HistoryLongerThanKept_KeepsTheNewestBlocksAndTheirTransactions()
    {
        var state = new JsonObject
        {
            ["best_block_number"] = 9,
            ["blocks"] = new JsonArray(Enumerable.Range(0, 10).Reverse().Select(n => (JsonNode)new JsonObject { ["header"] = new JsonObject { ["number"] = $"0x{n:x}" } }).ToArray()),
            ["transactions"] = new JsonArray(Enumerable.Range(1, 9).Select(n => (JsonNode)new JsonObject { ["block_number"] = n }).ToArray()),
            ["accounts"] = new JsonObject { ["0x01"] = new JsonObject() },
        };

        AnvilStateStore.Trim(state, historyBlocks: 3);

        Assert.Equal(["0x9", "0x8", "0x7"], state["blocks"]!.AsArray().Select(b => b!["header"]!["number"]!.GetValue<string>()));
        Assert.Equal([7, 8, 9], state["transactions"]!.AsArray().Select(t => t!["block_number"]!.GetValue<int>()));
        Assert.NotNull(state["accounts"]!["0x01"]);
    }

    [Fact]
    public void Trim_FewerBlocksThanKept_KeepsAll()
    {
        var state = new JsonObject
        {
            ["best_block_number"] = "0x1",
            ["blocks"] = new JsonArray(new JsonObject { ["header"] = new JsonObject { ["number"] = "0x0" } }, new JsonObject { ["header"] = new JsonObject { ["number"] = "0x1" } }),
        };

        AnvilStateStore.Trim(state, historyBlocks: 256);

        Assert.Equal(2, state["blocks"]!.AsArray().Count);
    }

    [Fact]
    public async Task SaveAsync_RealAnvil_RestartedNodeContinuesTheChainWithBoundedHistory()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var anvilPath = AnvilLocator.Find(null, AppContext.BaseDirectory);
        var store = new AnvilStateStore(StatePath, historyBlocks: 20);
        var node = await AnvilProcess.StartOnFreePortAsync(anvilPath, StatePath, limit.Token);
        var port = node.Port;
        try
        {
            BigInteger balance;
            long sizeAfter40, sizeAfter200;
            using (var rpc = new JsonRpcHttpClient(node.RpcUrl))
            {
                var eth = new EthClient(rpc);
                await MineTransfersAsync(eth, 40, limit.Token);
                Assert.Equal(40UL, await store.SaveIfChangedAsync(eth, limit.Token));
                sizeAfter40 = new FileInfo(StatePath).Length;
                Assert.Null(await store.SaveIfChangedAsync(eth, limit.Token)); // nothing moved: nothing written
                await MineTransfersAsync(eth, 160, limit.Token);
                Assert.Equal(200UL, await store.SaveAsync(eth, limit.Token));
                sizeAfter200 = new FileInfo(StatePath).Length;
                balance = await eth.GetBalanceAsync(Receiver, BlockParameter.Latest, limit.Token);
            }
            await node.DisposeAsync();

            node = await AnvilProcess.StartAsync(anvilPath, port, StatePath, limit.Token);
            using var again = new JsonRpcHttpClient(node.RpcUrl);
            var restarted = new EthClient(again);
            Assert.Equal(200UL, await restarted.BlockNumberAsync(limit.Token));
            Assert.Equal(balance, await restarted.GetBalanceAsync(Receiver, BlockParameter.Latest, limit.Token));
            Assert.NotNull(await restarted.GetBlockAsync(BlockParameter.FromNumber(190), limit.Token)); // within the kept history
            Assert.Null(await restarted.GetBlockAsync(BlockParameter.FromNumber(100), limit.Token)); // pruned
            await MineTransfersAsync(restarted, 1, limit.Token);
            Assert.Equal(201UL, await restarted.BlockNumberAsync(limit.Token));
            // 160 more blocks of transfers barely change the file: history is bounded.
            Assert.True(sizeAfter200 < sizeAfter40 * 1.5, $"state file grew from {sizeAfter40} to {sizeAfter200} bytes");
        }
        finally
        {
            await node.DisposeAsync();
        }
    }

    private static async Task MineTransfersAsync(EthClient eth, int count, CancellationToken ct)
    {
        // anvil answers eth_sendTransaction before the block is in; the receipt says it is.
        for (int i = 0; i < count; i++)
        {
            var hash = await eth.SendTransactionAsync(Sender, Receiver, [], BigInteger.One, ct);
            await eth.WaitForReceiptAsync(hash, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(5), ct);
        }
    }
}
