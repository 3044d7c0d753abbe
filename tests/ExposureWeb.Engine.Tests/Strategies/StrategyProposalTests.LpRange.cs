using ExposureWeb.Chain.Primitives;
using ExposureWeb.Engine.Strategies;
using ExposureWeb.Engine.Tests.Resilience;
using ExposureWeb.Risk.Strategies;
using Microsoft.Extensions.DependencyInjection;

namespace ExposureWeb.Engine.Tests.Strategies;

public sealed partial class StrategyProposalTests
{
    [Fact]
    public async Task LpRange_ProposalExecutedOnTheRealPositionManager_MovesTheLargestOutOfRangePositionBackInRange()
    {
        await using var engine = await EngineHarness.StartAsync(output);
        await engine.ReadyAsync();
        // The demo has two positions out of range (treasury WETH/USDC, trader WBTC/WETH): at most one is allowed.
        var stored = await SaveAsync(engine, "LP in range", new LpRangeDefinition(MaxOutOfRange: 1));
        var (snapshot, status) = await BreachedAsync(engine, stored.Row.Id);
        output.WriteLine(status.Text);
        Assert.Equal(2, status.Value);

        var proposal = await engine.Services.GetRequiredService<StrategyProposals>().ForAsync(stored, CancellationToken.None);
        Assert.NotNull(proposal);
        output.WriteLine(proposal.Summary);
        foreach (var tx in proposal.Transactions) output.WriteLine($"  {tx.Description}");
        foreach (var note in proposal.Notes) output.WriteLine($"  note: {note}");
        var manager = engine.Profile.UniswapV3!.PositionManager;
        Assert.Equal(manager, proposal.Transactions[0].To, ignoreCase: true);
        Assert.Equal(manager, proposal.Transactions[^1].To, ignoreCase: true);
        Assert.StartsWith("mint ", proposal.Transactions[^1].Description);
        // A one-sided position needs a swap into the new range's ratio; it is QuoterV2's, fee included.
        var quote = proposal.Quote!;
        Assert.NotNull(quote);
        Assert.True(quote.Slippage >= quote.FeeFraction, $"slippage {quote.Slippage} includes the fee {quote.FeeFraction}");
        Assert.True(proposal.CostUsd > 0);
        Assert.NotEqual(snapshot.NetDollarGamma, proposal.After.NetDollarGammaPerPercent); // an in-range position has gamma

        // The largest out-of-range position is the one moved.
        var lpRows = snapshot.Positions.Where(p => p.Protocol == "uniswap-v3").ToList();
        var outOfRange = lpRows.Where(p => !p.Markers.Contains("in-range")).OrderByDescending(p => p.ValueUsd).ToList();
        var moved = outOfRange[0];
        Assert.Equal(moved.Owner, proposal.Wallet, ignoreCase: true);
        Assert.Contains("#" + moved.Id[(moved.Id.LastIndexOf(':') + 1)..], proposal.Summary);
        var before = lpRows.Select(p => p.Id).ToHashSet();

        var last = await ExecuteAsync(engine, proposal);
        await engine.Chain.MineAsync();
        var after = await engine.SnapshotAsync(s => s.BlockNumber > last && s.Strategies.Any(x => x.StrategyId == stored.Row.Id), "a snapshot after the move");
        var afterStatus = after.Strategies.Single(x => x.StrategyId == stored.Row.Id);
        output.WriteLine(afterStatus.Text);
        Assert.False(afterStatus.Breached, afterStatus.Text);
        Assert.Equal(1, afterStatus.Value);

        var afterLp = after.Positions.Where(p => p.Protocol == "uniswap-v3").ToList();
        Assert.DoesNotContain(afterLp, p => p.Id == moved.Id); // burned
        var minted = Assert.Single(afterLp, p => !before.Contains(p.Id));
        Assert.Contains("in-range", minted.Markers);
        Assert.Equal(moved.Owner, minted.Owner, ignoreCase: true);
        // The value moves over, less what the swap cost (dust of the ratio's rounding stays in the wallet).
        output.WriteLine($"value before {moved.ValueUsd:0.##}, after {minted.ValueUsd:0.##}, quoted swap cost {quote.SlippageUsd:0.##}");
        Assert.InRange(minted.ValueUsd!.Value, (moved.ValueUsd!.Value - quote.SlippageUsd!.Value) * 0.995, moved.ValueUsd.Value);
    }
}
