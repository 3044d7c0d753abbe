using System.Numerics;
using System.Text.Json;
using ExposureWeb.Chain.Abi;
using ExposureWeb.Chain.Multicall;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Protocols.Chainlink;
using ExposureWeb.Chain.Protocols.UniswapV3;
using Nethereum.Contracts;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.DevChain;
using ExposureWeb.DevChain.Deployment;
using ExposureWeb.DevChain.Simulation;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExposureWeb.Chain.Tests.DevChain;

/// <summary><see cref="MarketSimulator"/> moving the demo feeds, and the demo pools after them, on a real chain, fast (0.2 s ticks) and seeded.</summary>
public sealed class MarketSimulatorTests(DemoChain chain) : IClassFixture<DemoChain>
{
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

        await using (var run = SimulatorRun.Start(chain.Rpc, chain))
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
                reads.Add((u, batch.Add(chain.Feed(u), new GetRoundDataFunction { RoundId = round })));
            }
        }
        var results = await batch.ExecuteAsync(chain.Eth, chain.Multicall3, BlockParameter.Latest, CancellationToken.None);
        Assert.All(reads, read =>
        {
            Assert.True(results[read.Index].Success, results[read.Index].FailureReason);
            var answer = SpanAbiDecoder.Decode<LatestRoundDataOutput>(results[read.Index].ReturnData).Answer;
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
        var gate = PausableTransport.HoldingReads(chain.Rpc);
        await using var run = SimulatorRun.Start(gate, chain);

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
        var next = await RoundAnswerAsync(eth, pushedRound + 1);

        Assert.Equal(current.Round + 1, pushedRound);
        // One simulated hour at 65 % annual vol: σ√dt = 0.65 × √(3600 / 31 536 000) ≈ 0.0069, so ±20 % is ~30 σ wide,
        // while continuing from the old price would land near −90 %.
        Assert.InRange((double)next, 0.8 * (double)pushed, 1.2 * (double)pushed);
        Assert.NotEqual(pushed, next);
    }

    [Fact]
    public async Task RunAsync_PushLandsBetweenStepReadAndWrite_PushedPriceIsNotOverwritten()
    {
        var eth = chain.Feed("ETH");
        // The gate parks the simulator's ETH step after it read the feed and before it writes: the push lands in between.
        var gate = new PausableTransport(chain.Rpc, (method, parameters) => method == "eth_sendTransaction" && SentTo(parameters) == eth);
        await using var run = SimulatorRun.Start(gate, chain);

        await gate.PauseAsync();
        var read = await chain.LatestRoundAsync(eth);
        var pushed = read.Answer * 10;
        await chain.PushAnswerAsync(eth, pushed);
        var pushedRound = (await chain.LatestRoundAsync(eth)).Round;
        gate.Resume();
        // The parked step is mined as a no-op; the step after it reads the pushed round and continues from it.
        await Poll.UntilAsync(async () => (await chain.LatestRoundAsync(eth)).Round > pushedRound, "the simulator's next ETH step");
        var next = await RoundAnswerAsync(eth, pushedRound + 1);

        Assert.Equal(read.Round + 1, pushedRound);
        Assert.InRange((double)next, 0.8 * (double)pushed, 1.2 * (double)pushed); // an overwrite would sit near pushed / 10
    }

    /// <summary>The answer of round <paramref name="round"/> of <paramref name="feed"/> (<c>getRoundData</c>).</summary>
    private async Task<BigInteger> RoundAnswerAsync(Address feed, BigInteger round) =>
        (await chain.QueryOutputAsync<GetRoundDataFunction, LatestRoundDataOutput>(feed, new GetRoundDataFunction { RoundId = round })).Answer;

    /// <summary>The <c>to</c> of an <c>eth_sendTransaction</c> built by <see cref="EthClient.SendTransactionAsync"/>.</summary>
    // The simulator's transactions reach the transport as the JSON Nethereum serialized (TransportRpcClient).
    private static Address? SentTo(IReadOnlyList<object?> parameters) =>
        parameters[0] is System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Object } tx
        && tx.TryGetProperty("to", out var to) && to.GetString() is { } text
            ? Address.Parse(text)
            : null;

    [Fact]
    public async Task RunAsync_FewTicks_EveryPoolPriceIsItsFeedsRatio()
    {
        var start = await chain.LatestRoundAsync(chain.Feed("ETH"));
        var initial = await ReadPoolsAsync(BlockParameter.Latest);

        ulong block;
        await using (var run = SimulatorRun.Start(chain.Rpc, chain))
        {
            block = await WaitForCompletedTickAsync(async () => (await chain.LatestRoundAsync(chain.Feed("ETH"))).Round >= start.Round + 3, "three ETH steps");
        }

        var pools = await ReadPoolsAsync(BlockParameter.FromNumber(block));
        Assert.All(pools, pool => Assert.True(pool.RelativeError <= 1e-9,
            $"{pool.Name} at block {block}: pool price {pool.PoolPrice:R}, feeds' ratio {pool.FeedRatio:R}"));
        Assert.All(pools.Zip(initial), p => Assert.NotEqual(p.Second.SqrtPriceX96, p.First.SqrtPriceX96));
    }

    [Fact]
    public async Task RunAsync_EthPushedTo2400_PoolTickFollowsAndPositionsChangeRange()
    {
        var eth = chain.Feed("ETH");
        var gate = PausableTransport.HoldingReads(chain.Rpc);
        await using var run = SimulatorRun.Start(gate, chain);
        await gate.PauseAsync();
        await WaitForPoolToDrainAsync();
        await chain.PushAnswerAsync(eth, 2_400 * BigInteger.Pow(10, DemoMarket.FeedDecimals));
        var pushedRound = (await chain.LatestRoundAsync(eth)).Round;
        gate.Resume();

        var block = await WaitForCompletedTickAsync(async () => (await chain.LatestRoundAsync(eth)).Round > pushedRound, "an ETH step after the push");

        var at = BlockParameter.FromNumber(block);
        var ethUsd = (double)(await chain.LatestRoundAsync(eth, at)).Answer / 1e8;
        Assert.InRange(ethUsd, 2_300, 2_490); // a few 0.7 % steps from 2 400, still under the trader's 2 500 lower bound
        var pools = await ReadPoolsAsync(at);
        Assert.All(pools, pool => Assert.True(pool.RelativeError <= 1e-9, $"{pool.Name}: pool price {pool.PoolPrice:R}, feeds' ratio {pool.FeedRatio:R}"));
        var manager = Address.Parse(chain.Profile.UniswapV3!.PositionManager);
        for (var tokenId = 1; tokenId <= DemoMarket.UniswapPositions.Count; tokenId++)
        {
            var p = await chain.QueryOutputAsync<PositionsFunction, PositionOutput>(manager, new PositionsFunction { TokenId = tokenId }, at);
            var pool = pools.Single(x => x.Token0 == Address.Parse(p.Token0) && x.Token1 == Address.Parse(p.Token1) && x.Fee == p.Fee);
            var (lower, upper) = (p.TickLower, p.TickUpper);
            Assert.True((lower <= pool.FeedTick && pool.FeedTick < upper) == (lower <= pool.Tick && pool.Tick < upper),
                $"position {tokenId} [{lower}, {upper}): pool tick {pool.Tick}, feeds' tick {pool.FeedTick}");
        }
        // ETH below 2 500: the trader's 2 500–3 600 range (ticks 194 430–198 080) and the deployer's ±10% one are left,
        // the treasury's 2 000–2 800 one entered; the deployer's full range (NFT 5) always counts.
        var ethPool = pools.Single(x => x.Name == "WETH/USDC");
        Assert.InRange(ethPool.Tick, 198_080, 200_309);
        async Task<BigInteger> L(int id) => (await chain.QueryOutputAsync<PositionsFunction, PositionOutput>(manager, new PositionsFunction { TokenId = id }, at)).Liquidity;
        Assert.Equal(await L(2) + await L(5),
            (await chain.QueryOutputAsync<LiquidityFunction, PoolLiquidityOutput>(ethPool.Pool, new LiquidityFunction(), at)).Liquidity);
    }

    /// <summary>
    /// Polls until <paramref name="ready"/> holds and the latest block is the last pool update of a tick (the simulator
    /// sends the feeds, then the pools in <see cref="DemoMarket.UniswapPools"/> order, one transaction per block); returns that block.
    /// </summary>
    private async Task<ulong> WaitForCompletedTickAsync(Func<Task<bool>> ready, string what)
    {
        var last = DemoMarket.UniswapPools[^1];
        var lastPool = await chain.UniswapPoolAsync(last.TokenA, last.TokenB, last.Fee);
        ulong block = 0;
        await Poll.UntilAsync(async () =>
        {
            if (!await ready()) return false;
            block = await chain.Eth.BlockNumberAsync();
            var tx = await chain.Eth.RequestAsync<JsonElement>("eth_getTransactionByBlockNumberAndIndex", [$"0x{block:x}", "0x0"]);
            return tx.ValueKind == JsonValueKind.Object && IsSwapIn(tx, last);
        }, what + ", then a tick's last pool update as the latest block");
        return block;
    }

    /// <summary>Whether <paramref name="tx"/> is the simulator's arbitrage swap through the router in <paramref name="pool"/>.</summary>
    private bool IsSwapIn(JsonElement tx, DemoUniswapPool pool)
    {
        if (tx.GetProperty("to").GetString() is not { } to || Address.Parse(to) != Address.Parse(chain.Profile.UniswapV3!.SwapRouter!)) return false;
        var swap = new ExactInputSingleFunction().DecodeInput(tx.GetProperty("input").GetString()!).Params;
        var tokens = new[] { Address.Parse(swap.TokenIn), Address.Parse(swap.TokenOut) };
        return swap.Fee == pool.Fee && tokens.Contains(chain.Token(pool.TokenA)) && tokens.Contains(chain.Token(pool.TokenB));
    }

    /// <summary>A demo pool at one block: its √price and tick, and the price its two feeds imply.</summary>
    private sealed record PoolAtBlock(string Name, Address Pool, Address Token0, Address Token1, int Fee, BigInteger SqrtPriceX96, int Tick, double PoolPrice, double FeedRatio, int FeedTick)
    {
        public double RelativeError => Math.Abs(PoolPrice / FeedRatio - 1);
    }

    private async Task<List<PoolAtBlock>> ReadPoolsAsync(BlockParameter block)
    {
        var pools = new List<PoolAtBlock>();
        foreach (var demo in DemoMarket.UniswapPools)
        {
            var pool = await chain.UniswapPoolAsync(demo.TokenA, demo.TokenB, demo.Fee);
            var token0 = Address.Parse((await chain.QueryOutputAsync<Token0Function, PoolTokenOutput>(pool, new Token0Function())).Token);
            var (t0, t1) = token0 == chain.Token(demo.TokenA) ? (demo.TokenA, demo.TokenB) : (demo.TokenB, demo.TokenA);
            var (d0, d1) = (DemoMarket.Asset(t0).Decimals, DemoMarket.Asset(t1).Decimals);
            var slot0 = await chain.QueryOutputAsync<Slot0Function, Slot0Output>(pool, new Slot0Function(), block);
            var sqrtPrice = slot0.SqrtPriceX96;
            // Whole token1 per whole token0: (√P / 2^96)² × 10^(d0 − d1).
            var poolPrice = Math.Pow((double)sqrtPrice / Math.Pow(2, 96), 2) * Math.Pow(10, d0 - d1);
            var feedRatio = (double)(await chain.LatestRoundAsync(chain.Feed(DemoMarket.Asset(t0).Underlying), block)).Answer
                / (double)(await chain.LatestRoundAsync(chain.Feed(DemoMarket.Asset(t1).Underlying), block)).Answer;
            var feedTick = (int)Math.Floor(Math.Log(feedRatio * Math.Pow(10, d1 - d0)) / Math.Log(1.0001));
            pools.Add(new PoolAtBlock($"{demo.TokenA}/{demo.TokenB}", pool, chain.Token(t0), chain.Token(t1), demo.Fee, sqrtPrice,
                slot0.Tick, poolPrice, feedRatio, feedTick));
        }
        return pools;
    }

    /// <summary>anvil mines each transaction right after accepting it; wait until nothing of the simulator's is pending.</summary>
    private async Task WaitForPoolToDrainAsync()
    {
        var deployer = DemoChain.Deployer.ToString();
        await Poll.UntilAsync(async () =>
            await chain.Eth.RequestAsync<string>("eth_getTransactionCount", [deployer, "pending"])
            == await chain.Eth.RequestAsync<string>("eth_getTransactionCount", [deployer, "latest"]), "the simulator's transactions to be mined");
    }

    /// <summary>A simulator running in the background until disposed.</summary>
    private sealed class SimulatorRun : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private Task _task = Task.CompletedTask;

        public static SimulatorRun Start(IRpcTransport transport, DemoChain chain)
        {
            var run = new SimulatorRun();
            var simulator = new MarketSimulator(DevChainWeb3.Create(transport), chain.Profile, Options(), NullLogger.Instance);
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
    /// Passes every call to the real node; while paused it holds back the calls <paramref name="holds"/> picks (e.g.
    /// <c>eth_call</c>, the read that starts a simulator step, so a step that has already read still sends its update and none starts).
    /// </summary>
    private sealed class PausableTransport(IRpcTransport inner, Func<string, IReadOnlyList<object?>, bool> holds) : IRpcTransport
    {
        private TaskCompletionSource _open = Opened();

        /// <summary>Holds back <c>eth_call</c>: a paused simulator is parked between two whole steps.</summary>
        public static PausableTransport HoldingReads(IRpcTransport inner) => new(inner, (method, _) => method == "eth_call");
        private int _heldBack;

        public string DisplayName => inner.DisplayName;

        /// <summary>Returns once the simulator is parked at the gate.</summary>
        public async Task PauseAsync()
        {
            Volatile.Write(ref _open, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            await Poll.UntilAsync(() => Task.FromResult(Volatile.Read(ref _heldBack) > 0), "the simulator to reach the gate");
        }

        public void Resume() => Volatile.Read(ref _open).TrySetResult();

        public async Task<JsonElement> SendAsync(string method, IReadOnlyList<object?> parameters, CancellationToken ct = default)
        {
            var gate = Volatile.Read(ref _open).Task;
            if (!gate.IsCompleted && holds(method, parameters))
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
