using System.Numerics;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Protocols.Aave;
using ExposureWeb.Chain.Protocols.Chainlink;
using ExposureWeb.Chain.Rpc;
using Nethereum.Contracts;

namespace ExposureWeb.E2E.Alerts;

/// <summary>
/// Puts the demo trader's Aave health factor where a test wants it by pushing the ETH oracle. With the other prices still
/// (the simulator off) and no ETH debt, the health factor is affine in the ETH price: one probe gives the line, every push
/// is then checked against the protocol's own <c>getUserAccountData</c>.
/// </summary>
internal sealed class HealthFactorDriver(ChainProfile chain) : IDisposable
{
    /// <summary>The demo trader: WETH and LINK supplied, USDC and WBTC borrowed.</summary>
    public const string Trader = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

    /// <summary>anvil dev account #3: pushes prices (anyone may on the demo feeds).</summary>
    private static readonly Address Pusher = Address.Parse("0x90F79bf6EB2c4f870365E785982E1f101E93b906");

    private readonly JsonRpcHttpClient _rpc = new(new Uri(chain.RpcUrls[0]));
    private readonly Address _feed = Address.Parse(chain.PriceFeeds.Single(f => f.Underlying == "ETH").Address);
    private readonly Address _pool = Address.Parse(chain.AaveV3!.Pool);
    private double _intercept, _slope;

    private EthClient Eth => new(_rpc);

    /// <summary>The health factor now, from the Pool.</summary>
    public async Task<double> HealthFactorAsync()
    {
        var data = await Eth.CallAsync(_pool, new GetUserAccountDataFunction { User = Trader.ToLowerInvariant() }.GetCallData(), BlockParameter.Latest);
        return (double)new BigInteger(data.AsSpan(160, 32), isUnsigned: true, isBigEndian: true) / 1e18;
    }

    /// <summary>Fits the line: the health factor now and after a 10% lower ETH price.</summary>
    public async Task CalibrateAsync()
    {
        var p0 = await EthPriceAsync();
        var h0 = await HealthFactorAsync();
        var p1 = p0 * 0.9;
        await PushAsync(p1);
        var h1 = await HealthFactorAsync();
        _slope = (h1 - h0) / (p1 - p0);
        _intercept = h0 - _slope * p0;
        if (!(_slope > 0)) throw new InvalidOperationException($"health factor does not rise with the ETH price ({h0} at {p0}, {h1} at {p1})");
    }

    /// <summary>Pushes the ETH price that gives <paramref name="target"/> and returns the health factor the Pool then reports.</summary>
    public async Task<double> SetAsync(double target)
    {
        await PushAsync((target - _intercept) / _slope);
        var actual = await HealthFactorAsync();
        if (Math.Abs(actual - target) > 0.01) throw new InvalidOperationException($"health factor {actual} after aiming at {target}");
        return actual;
    }

    /// <summary>The chain's newest block number.</summary>
    public Task<ulong> HeadAsync() => Eth.BlockNumberAsync();

    /// <summary>Mines <paramref name="blocks"/> empty blocks (the engine confirms a transition two blocks deep).</summary>
    public async Task MineAsync(int blocks)
    {
        for (int i = 0; i < blocks; i++) await Eth.RequestAsync<string>("evm_mine", []);
    }

    /// <summary>
    /// Mines a block every <paramref name="interval"/> until disposed, as a live chain does: the engine coalesces heads
    /// when it is busy, so a change read at the newest head is confirmed only by the blocks that follow it.
    /// </summary>
    public Ticker MineEvery(TimeSpan interval) => new(interval, () => MineAsync(1));

    /// <summary>
    /// Moves the ETH price every <paramref name="interval"/> until disposed, up by <paramref name="step"/> (a fraction) and
    /// back down in turn: each push is a block in which every figure of the demo portfolio moves, and the price stays near
    /// where it was.
    /// </summary>
    public async Task<Ticker> SwingEthEvery(TimeSpan interval, double step)
    {
        var start = await EthPriceAsync();
        var up = false;
        return new Ticker(interval, () => PushAsync((up = !up) ? start * (1 + step) : start));
    }

    /// <summary>Runs an action on the chain every interval until disposed, counting the runs that completed.</summary>
    public sealed class Ticker : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private int _ticks;
        private bool _stopped;

        public Ticker(TimeSpan interval, Func<Task> tick)
        {
            _loop = Task.Run(async () =>
            {
                using var timer = new PeriodicTimer(interval);
                while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
                {
                    await tick();
                    Interlocked.Increment(ref _ticks);
                }
            });
        }

        /// <summary>Runs completed so far (blocks mined, one per run).</summary>
        public int Ticks => Volatile.Read(ref _ticks);

        public async ValueTask DisposeAsync()
        {
            if (_stopped) return;
            _stopped = true;
            await _stop.CancelAsync();
            try
            {
                await _loop;
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }
            _stop.Dispose();
        }
    }

    private async Task<double> EthPriceAsync()
    {
        var data = await Eth.CallAsync(_feed, new LatestRoundDataFunction().GetCallData(), BlockParameter.Latest);
        return (double)new BigInteger(data.AsSpan(32, 32), isUnsigned: false, isBigEndian: true) / 1e8;
    }

    private async Task PushAsync(double price)
    {
        var tx = await Eth.SendTransactionAsync(Pusher, _feed, new UpdateAnswerFunction { Answer = new BigInteger(Math.Round(price * 1e8)) }.GetCallData());
        var receipt = await Eth.WaitForReceiptAsync(tx);
        if (!receipt.Succeeded) throw new InvalidOperationException($"price push to {price} reverted");
    }

    public void Dispose() => _rpc.Dispose();
}
