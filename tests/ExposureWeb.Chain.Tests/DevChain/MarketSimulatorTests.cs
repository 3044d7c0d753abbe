using System.Numerics;
using System.Text.Json;
using ExposureWeb.Chain.Abi;
using ExposureWeb.Chain.Multicall;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.DevChain;
using ExposureWeb.DevChain.Simulation;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExposureWeb.Chain.Tests.DevChain;

/// <summary><see cref="MarketSimulator"/> moving the demo feeds on a real chain, fast (0.2 s ticks) and seeded.</summary>
public sealed class MarketSimulatorTests(DeployedDemoFixture chain) : IClassFixture<DeployedDemoFixture>
{
    private static readonly AbiFunction GetRoundData = AbiFunction.Parse("getRoundData(uint80) returns (uint80,int256,uint256,uint256,uint80)");
    private static readonly string[] Underlyings = ["ETH", "BTC", "USDC", "LINK"];

    private static DevChainOptions Options() => new() { TickSeconds = 0.2, SimulatedSecondsPerTick = 3600, Seed = 20240601 };

    [Fact]
    public async Task RunAsync_FastTicks_EveryFeedMovesAndEveryRoundStaysPositive()
    {
        var start = new Dictionary<string, (BigInteger Round, BigInteger Answer)>();
        foreach (var u in Underlyings)
        {
            var r = await chain.LatestRoundAsync(chain.Feed(u));
            start[u] = (r.Round, r.Answer);
        }

        await using (var run = SimulatorRun.Start(chain.Eth, chain))
        {
            // Each feed needs a new round whose answer differs from where it started.
            await Poll.UntilAsync(async () =>
            {
                foreach (var u in Underlyings)
                {
                    var now = await chain.LatestRoundAsync(chain.Feed(u));
                    if (now.Round <= start[u].Round + 1 || now.Answer == start[u].Answer) return false;
                }
                return true;
            }, "every feed to move at least twice");
        }

        // Every round written during the run, read in one batch: all answers > 0 and within a sane band
        // (a 0.2 s tick simulates one hour; even ETH's 65 % vol moves ~0.7 % per step).
        var batch = new MulticallBatch();
        var reads = new List<(string Underlying, int Index)>();
        foreach (var u in Underlyings)
        {
            var last = (await chain.LatestRoundAsync(chain.Feed(u))).Round;
            for (var round = start[u].Round + 1; round <= last; round++)
            {
                reads.Add((u, batch.Add(chain.Feed(u), GetRoundData.EncodeCall(round))));
            }
        }
        var results = await batch.ExecuteAsync(chain.Eth, chain.Multicall3, BlockParameter.Latest, CancellationToken.None);
        Assert.All(reads, read =>
        {
            Assert.True(results[read.Index].Success, results[read.Index].FailureReason);
            var answer = (BigInteger)GetRoundData.DecodeOutput(results[read.Index].ReturnData)[1];
            Assert.True(answer > 0, $"{read.Underlying} answer {answer}");
            Assert.InRange((double)answer, 0.5 * (double)start[read.Underlying].Answer, 2.0 * (double)start[read.Underlying].Answer);
        });
    }

    [Fact]
    public async Task RunAsync_PriceTenTimesHigherPushedExternally_NextStepContinuesFromPushedPrice()
    {
        var eth = chain.Feed("ETH");
        // The simulator reads a feed then sends its update: a push landing between the two would be overwritten by a
        // step computed from the old price. The gate parks the simulator before a step's read, so the push lands
        // between two whole steps, which is the situation the behaviour is about.
        var gate = new PausableTransport(chain.Rpc);
        await using var run = SimulatorRun.Start(new EthClient(gate), chain);

        var before = await chain.LatestRoundAsync(eth);
        await Poll.UntilAsync(async () => (await chain.LatestRoundAsync(eth)).Round > before.Round, "the simulator to move ETH");

        await gate.PauseAsync();
        await WaitForPoolToDrainAsync();
        var current = await chain.LatestRoundAsync(eth);
        var pushed = current.Answer * 10;
        await chain.PushAnswerAsync(eth, pushed);
        var pushedRound = (await chain.LatestRoundAsync(eth)).Round;
        gate.Resume();

        await Poll.UntilAsync(async () => (await chain.LatestRoundAsync(eth)).Round > pushedRound, "the simulator's next ETH step");
        var next = (BigInteger)GetRoundData.DecodeOutput(await chain.Eth.CallAsync(eth, GetRoundData.EncodeCall(pushedRound + 1), BlockParameter.Latest))[1];

        Assert.Equal(current.Round + 1, pushedRound);
        // One simulated hour at 65 % annual vol: σ√dt = 0.65 × √(3600 / 31 536 000) ≈ 0.0069, so ±20 % is ~30 σ wide,
        // while continuing from the old price would land near −90 %.
        Assert.InRange((double)next, 0.8 * (double)pushed, 1.2 * (double)pushed);
        Assert.NotEqual(pushed, next);
    }

    /// <summary>anvil mines each transaction right after accepting it; wait until nothing of the simulator's is pending.</summary>
    private async Task WaitForPoolToDrainAsync()
    {
        var deployer = DeployedDemoFixture.Deployer.ToString();
        await Poll.UntilAsync(async () =>
            await chain.Eth.RequestAsync<string>("eth_getTransactionCount", [deployer, "pending"])
            == await chain.Eth.RequestAsync<string>("eth_getTransactionCount", [deployer, "latest"]), "the simulator's transactions to be mined");
    }

    /// <summary>A simulator running in the background until disposed.</summary>
    private sealed class SimulatorRun : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private Task _task = Task.CompletedTask;

        public static SimulatorRun Start(EthClient eth, DeployedDemoFixture chain)
        {
            var run = new SimulatorRun();
            var simulator = new MarketSimulator(eth, chain.Profile, Options(), NullLogger.Instance);
            run._task = Task.Run(() => simulator.RunAsync(run._stop.Token));
            return run;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await _task;
            }
            catch (OperationCanceledException)
            {
            }
            _stop.Dispose();
        }
    }

    /// <summary>
    /// Passes every call to the real node; while paused it holds back <c>eth_call</c>, the read that starts a simulator
    /// step, so a step that has already read still sends its update and none starts.
    /// </summary>
    private sealed class PausableTransport(IRpcTransport inner) : IRpcTransport
    {
        private TaskCompletionSource _open = Opened();
        private int _heldBack;

        public string DisplayName => inner.DisplayName;

        /// <summary>Returns once the simulator is parked at the gate, between two steps.</summary>
        public async Task PauseAsync()
        {
            Volatile.Write(ref _open, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            await Poll.UntilAsync(() => Task.FromResult(Volatile.Read(ref _heldBack) > 0), "the simulator to reach the gate");
        }

        public void Resume() => Volatile.Read(ref _open).TrySetResult();

        public async Task<JsonElement> SendAsync(string method, IReadOnlyList<object?> parameters, CancellationToken ct = default)
        {
            var gate = Volatile.Read(ref _open).Task;
            if (method == "eth_call" && !gate.IsCompleted)
            {
                Interlocked.Increment(ref _heldBack);
                try
                {
                    await gate.WaitAsync(ct);
                }
                finally
                {
                    Interlocked.Decrement(ref _heldBack);
                }
            }
            return await inner.SendAsync(method, parameters, ct);
        }

        public Task<IReadOnlyList<RpcResult>> SendBatchAsync(IReadOnlyList<RpcRequest> requests, CancellationToken ct = default) =>
            inner.SendBatchAsync(requests, ct);

        private static TaskCompletionSource Opened()
        {
            var open = new TaskCompletionSource();
            open.SetResult();
            return open;
        }
    }
}
