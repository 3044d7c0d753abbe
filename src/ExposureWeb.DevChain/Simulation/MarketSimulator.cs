using System.Numerics;
using ExposureWeb.Chain.Adapters;
using ExposureWeb.Chain.Adapters.Chainlink;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.DevChain.Deployment;
using Microsoft.Extensions.Logging;

namespace ExposureWeb.DevChain.Simulation;

/// <summary>
/// Moves the dev chain's oracle prices: every tick, each feed steps by geometric Brownian motion
/// with its asset's volatility, each update its own transaction (so its own block, as anvil mines
/// one per transaction). Each step starts from the price on chain, so a price someone else pushed
/// (a test, a user poking the feed) is where the walk continues from. After the feeds, the demo Uniswap v3 pools
/// follow them (<see cref="PoolPriceFollower"/>), so LP positions sit at the oracle's price.
/// </summary>
public sealed class MarketSimulator(EthClient eth, ChainProfile profile, DevChainOptions options, ILogger logger)
{
    private readonly Address _sender = Address.Parse(DemoMarket.Deployer);

    public async Task RunAsync(CancellationToken ct)
    {
        if (options.TickSeconds <= 0) return;
        var random = options.Seed == 0 ? new Random() : new Random(options.Seed);
        var pools = new PoolPriceFollower(eth, profile, _sender);
        await SkipOnNodeErrorAsync(() => pools.FindPoolsAsync(ct), "Finding the demo pools"); // else the first tick retries
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.TickSeconds));
        while (await timer.WaitForNextTickAsync(ct))
        {
            var sent = await StepFeedsAsync(random, ct);
            await SkipOnNodeErrorAsync(() => pools.FollowAsync(sent, ct), "Demo pools following the feeds");
        }
    }

    /// <summary>Steps every demo feed; returns the answers sent, by feed address.</summary>
    private async Task<Dictionary<Address, BigInteger>> StepFeedsAsync(Random random, CancellationToken ct)
    {
        var sent = new Dictionary<Address, BigInteger>();
        foreach (var feed in profile.PriceFeeds)
        {
            var asset = DemoMarket.Assets.FirstOrDefault(a => a.Underlying == feed.Underlying);
            if (asset is null) continue;
            var address = Address.Parse(feed.Address);
            try
            {
                if (await StepAsync(address, asset.AnnualVol, random, ct) is { } answer) sent[address] = answer;
            }
            catch (RpcException ex)
            {
                // The node may be restarting; the next tick tries again.
                logger.LogDebug("Simulator tick for {Feed} skipped: {Error}", feed.Underlying, ex.Message);
                break;
            }
        }
        return sent;
    }

    /// <summary>Runs <paramref name="action"/>; false if the node failed it (it may be restarting; the next tick tries again).</summary>
    private async Task<bool> SkipOnNodeErrorAsync(Func<Task> action, string what)
    {
        try
        {
            await action();
            return true;
        }
        catch (RpcException ex)
        {
            logger.LogDebug("{What} skipped: {Error}", what, ex.Message);
            return false;
        }
    }

    /// <summary>One GBM step of a feed; returns the answer sent, or null when the feed holds an invalid answer.</summary>
    private async Task<BigInteger?> StepAsync(Address feed, double vol, Random random, CancellationToken ct)
    {
        var round = AggregatorV3.LatestRoundData.DecodeOutput(await eth.CallAsync(feed, AggregatorV3.LatestRoundData.EncodeCall(), BlockParameter.Latest, ct: ct));
        var answer = (BigInteger)round[1];
        if (answer <= 0) return null; // someone set an invalid answer on purpose; leave it for them to see
        var current = TokenAmount.ToUnits(answer, DemoMarket.FeedDecimals);
        var next = GbmStep.Next(current, vol, options.SimulatedSecondsPerTick, GbmStep.StandardNormal(random));
        var nextAnswer = new BigInteger(Math.Round(next * Math.Pow(10, DemoMarket.FeedDecimals)));
        await eth.SendTransactionAsync(_sender, feed, AggregatorV3.UpdateAnswer.EncodeCall(nextAnswer), ct: ct);
        return nextAnswer;
    }
}
