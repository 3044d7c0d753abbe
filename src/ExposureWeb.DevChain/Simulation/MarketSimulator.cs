using System.Numerics;
using ExposureWeb.Chain.Abi;
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
/// one per transaction). Each step starts from the price on chain and is written only if no one
/// reported since it was read (<c>updateAnswerIfLatest</c>), so a price someone else pushed (a test,
/// a user poking the feed) is never overwritten: it is where the walk continues from. After the feeds have been mined, the demo Uniswap v3 pools
/// follow them (<see cref="PoolPriceFollower"/>), so LP positions sit at the oracle's price.
/// </summary>
public sealed class MarketSimulator(EthClient eth, ChainProfile profile, DevChainOptions options, ILogger logger)
{
    private static readonly AbiFunction UpdateAnswerIfLatest = AbiFunction.Parse("updateAnswerIfLatest(uint80,int256)");
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
            if (await StepFeedsAsync(random, ct) is { } last)
            {
                await SkipOnNodeErrorAsync(async () =>
                {
                    // The pools follow what the feeds hold once the steps are mined (a step may have yielded to a push).
                    await eth.WaitForReceiptAsync(last, ct: ct);
                    await pools.FollowAsync(ct);
                }, "Demo pools following the feeds");
            }
        }
    }

    /// <summary>Steps every demo feed; returns the hash of the last step sent, or null when none was.</summary>
    private async Task<string?> StepFeedsAsync(Random random, CancellationToken ct)
    {
        string? last = null;
        foreach (var feed in profile.PriceFeeds)
        {
            var asset = DemoMarket.Assets.FirstOrDefault(a => a.Underlying == feed.Underlying);
            if (asset is null) continue;
            var address = Address.Parse(feed.Address);
            try
            {
                last = await StepAsync(address, asset.AnnualVol, random, ct) ?? last;
            }
            catch (RpcException ex)
            {
                // The node may be restarting; the next tick tries again.
                logger.LogDebug("Simulator tick for {Feed} skipped: {Error}", feed.Underlying, ex.Message);
                break;
            }
        }
        return last;
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

    /// <summary>One GBM step of a feed; returns the transaction hash, or null when the feed holds an invalid answer.</summary>
    private async Task<string?> StepAsync(Address feed, double vol, Random random, CancellationToken ct)
    {
        var round = AggregatorV3.LatestRoundData.DecodeOutput(await eth.CallAsync(feed, AggregatorV3.LatestRoundData.EncodeCall(), BlockParameter.Latest, ct: ct));
        var roundId = (BigInteger)round[0];
        var answer = (BigInteger)round[1];
        if (answer <= 0) return null; // someone set an invalid answer on purpose; leave it for them to see
        var current = TokenAmount.ToUnits(answer, DemoMarket.FeedDecimals);
        var next = GbmStep.Next(current, vol, options.SimulatedSecondsPerTick, GbmStep.StandardNormal(random));
        var nextAnswer = new BigInteger(Math.Round(next * Math.Pow(10, DemoMarket.FeedDecimals)));
        return await eth.SendTransactionAsync(_sender, feed, UpdateAnswerIfLatest.EncodeCall(roundId, nextAnswer), ct: ct);
    }
}
