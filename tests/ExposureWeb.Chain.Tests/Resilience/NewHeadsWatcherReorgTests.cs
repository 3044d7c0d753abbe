using System.Text.Json;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.Chain.Tests.Integration;

namespace ExposureWeb.Chain.Tests.Resilience;

/// <summary>
/// <see cref="NewHeadsWatcher"/> yields a replacement block at the height it last yielded (a reorg), and still never
/// the same block twice in a row.
/// </summary>
[Collection(AnvilCollection.Name)]
public sealed class NewHeadsWatcherReorgTests(AnvilFixture node)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    private static readonly NewHeadsWatcherOptions Fast = new()
    {
        PollInterval = TimeSpan.FromMilliseconds(20),
        InitialRetryDelay = TimeSpan.FromMilliseconds(20),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
    };

    [Fact]
    public async Task WatchAsync_SameHeightNewHash_YieldsReplacementOnce()
    {
        var chain = new ReorgingChain { Head = 7 };
        await using var recorder = new HeadEventRecorder(new NewHeadsWatcher(chain, null, Fast));
        var first = (await recorder.WaitForAsync<HeadEvent.NewHead>(Deadline, h => h.Header.Number == 7)).Header;
        // Let it poll the same block a few more times: nothing is yielded for those.
        int polls = chain.Polls;
        await Poll.UntilAsync(() => chain.Polls >= polls + 5, "five more polls");

        chain.Branch = 1;
        var replacement = (await recorder.WaitForAsync<HeadEvent.NewHead>(Deadline, h => h.Header.Number == 7)).Header;
        chain.Head = 8;
        var next = (await recorder.WaitForAsync<HeadEvent.NewHead>(Deadline, h => h.Header.Number == 8)).Header;

        Assert.NotEqual(first.Hash, replacement.Hash);
        Assert.Equal(replacement.Hash, next.ParentHash);
        Assert.Equal([7UL, 7, 8], recorder.Seen.OfType<HeadEvent.NewHead>().Select(h => h.Header.Number));
    }

    [Fact]
    public async Task WatchAsync_AnvilRevertedAndOtherBlockMinedAtSameHeight_YieldsTheNewBlock()
    {
        var eth = node.Eth;
        string snapshot = await eth.RequestAsync<string>("evm_snapshot", []);
        await using var recorder = new HeadEventRecorder(new NewHeadsWatcher(node.Rpc, null, Fast));
        await eth.RequestAsync<JsonElement>("evm_mine", []);
        BlockHeader a = (await eth.GetBlockAsync(BlockParameter.Latest))!;
        await recorder.WaitForAsync<HeadEvent.NewHead>(Deadline, h => h.Header.Hash == a.Hash);

        Assert.True(await eth.RequestAsync<bool>("evm_revert", [snapshot]));
        // A later timestamp makes the replacement block differ from the one reverted away.
        await eth.RequestAsync<JsonElement>("evm_mine", [(long)a.Timestamp.ToUnixTimeSeconds() + 5]);
        BlockHeader b = (await eth.GetBlockAsync(BlockParameter.Latest))!;
        var replacement = await recorder.WaitForAsync<HeadEvent.NewHead>(Deadline, h => h.Header.Hash == b.Hash);

        Assert.Equal(a.Number, b.Number);
        Assert.NotEqual(a.Hash, b.Hash);
        Assert.Equal(b, replacement.Header);
    }

    /// <summary>A scripted chain whose head height and branch the test sets; a block's hash encodes both.</summary>
    private sealed class ReorgingChain : IRpcTransport
    {
        private long _head;
        private int _branch;
        private int _polls;

        public ulong Head
        {
            get => (ulong)Interlocked.Read(ref _head);
            set => Interlocked.Exchange(ref _head, (long)value);
        }

        public int Branch
        {
            get => Volatile.Read(ref _branch);
            set => Volatile.Write(ref _branch, value);
        }

        public int Polls => Volatile.Read(ref _polls);

        public string DisplayName => "scripted";

        public Task<JsonElement> SendAsync(string method, IReadOnlyList<object?> parameters, CancellationToken ct = default)
        {
            Interlocked.Increment(ref _polls);
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

        // Blocks up to 6 are shared; from 7 on, each branch has its own.
        private string Hash(ulong number) => "0x" + (number >= 7 ? Branch : 0).ToString("x2") + number.ToString("x62");

        private JsonElement Block(ulong number) => JsonDocument.Parse($$"""
            {"number":"{{HexQuantity.Format(number)}}","hash":"{{Hash(number)}}",
             "parentHash":"{{Hash(number - 1)}}","timestamp":"{{HexQuantity.Format(1_700_000_000 + number)}}"}
            """).RootElement.Clone();
    }
}
