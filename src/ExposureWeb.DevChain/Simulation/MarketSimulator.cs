using System.Numerics;
using ExposureWeb.Chain.Adapters;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Protocols.Chainlink;
using ExposureWeb.DevChain.Contracts.Messages;
using ExposureWeb.DevChain.Deployment;
using Microsoft.Extensions.Logging;
using Nethereum.Web3;

namespace ExposureWeb.DevChain.Simulation;

/// <summary>
/// Moves the dev chain's oracle prices: every tick, each feed steps by geometric Brownian motion
/// with its asset's volatility, each update its own transaction (so its own block, as anvil mines
/// one per transaction). Each step starts from the price on chain and is written only if no one
/// reported since it was read (<c>updateAnswerIfLatest</c>), so a price someone else pushed (a test,
/// a user poking the feed) is never overwritten: it is where the walk continues from. After the feeds have been mined, the demo Uniswap v3 pools
/// follow them (<see cref="PoolPriceFollower"/>), so LP positions sit at the oracle's price.
/// </summary>
/// <remarks>Reads and transactions are Nethereum typed messages over <paramref name="web3"/> (see <see cref="DevChainWeb3"/>).</remarks>
public sealed class MarketSimulator(IWeb3 web3, ChainProfile profile, DevChainOptions options, ILogger logger)
{
    /// <summary>Gas limit of a step: far above what a feed update costs; explicit so Nethereum does not ask eth_estimateGas first.</summary>
    internal const long StepGas = 500_000;

    private static readonly TimeSpan ReceiptTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ReceiptPoll = TimeSpan.FromMilliseconds(250);

    public async Task RunAsync(CancellationToken ct)
    {
        if (options.TickSeconds <= 0) return;
        var random = options.Seed == 0 ? new Random() : new Random(options.Seed);
        var pools = new PoolPriceFollower(web3, profile, DemoMarket.Deployer);
        await SkipOnNodeErrorAsync(() => pools.FindPoolsAsync(ct), "Finding the demo pools"); // else the first tick retries
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.TickSeconds));
        while (await timer.WaitForNextTickAsync(ct))
        {
            if (await StepFeedsAsync(random, ct) is { } last)
            {
                await SkipOnNodeErrorAsync(async () =>
                {
                    // The pools follow what the feeds hold once the steps are mined (a step may have yielded to a push).
                    await WaitForReceiptAsync(last, ct);
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
            try
            {
                last = await StepAsync(feed.Address, asset.AnnualVol, random, ct) ?? last;
            }
            catch (Exception ex) when (NodeFailure.Is(ex))
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
        catch (Exception ex) when (NodeFailure.Is(ex))
        {
            logger.LogDebug("{What} skipped: {Error}", what, ex.Message);
            return false;
        }
    }

    /// <summary>One GBM step of a feed; returns the transaction hash, or null when the feed holds an invalid answer.</summary>
    private async Task<string?> StepAsync(string feed, double vol, Random random, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var round = await web3.Eth.GetContractQueryHandler<LatestRoundDataFunction>()
            .QueryDeserializingToObjectAsync<LatestRoundDataOutput>(new LatestRoundDataFunction(), feed);
        if (round.Answer <= 0) return null; // someone set an invalid answer on purpose; leave it for them to see
        var current = TokenAmount.ToUnits(round.Answer, DemoMarket.FeedDecimals);
        var next = GbmStep.Next(current, vol, options.SimulatedSecondsPerTick, GbmStep.StandardNormal(random));
        var nextAnswer = new BigInteger(Math.Round(next * Math.Pow(10, DemoMarket.FeedDecimals)));
        var step = new UpdateAnswerIfLatestFunction { BasedOnRound = round.RoundId, Answer = nextAnswer, FromAddress = DemoMarket.Deployer, Gas = StepGas };
        return await web3.Eth.GetContractTransactionHandler<UpdateAnswerIfLatestFunction>().SendRequestAsync(feed, step);
    }

    private async Task WaitForReceiptAsync(string hash, CancellationToken ct)
    {
        var started = DateTime.UtcNow;
        while (await web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(hash) is null)
        {
            if (DateTime.UtcNow - started + ReceiptPoll > ReceiptTimeout)
                throw new TimeoutException($"transaction {hash} not mined within {ReceiptTimeout.TotalSeconds:0} s");
            await Task.Delay(ReceiptPoll, ct);
        }
    }
}
