using System.Numerics;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Protocols.Aave;
using ExposureWeb.Chain.Protocols.Erc20;
using ExposureWeb.Chain.Protocols.UniswapV3;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.Data;
using ExposureWeb.Data.Entities;
using ExposureWeb.Data.Strategies;
using ExposureWeb.Engine.Snapshots;
using ExposureWeb.Engine.Strategies;
using ExposureWeb.Engine.Tests.Resilience;
using ExposureWeb.Risk.Strategies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.Contracts;
using Xunit.Abstractions;

namespace ExposureWeb.Engine.Tests.Strategies;

/// <summary>
/// Strategies through the real engine on the demo chain: the verdict on every recompute, the proposal built at the
/// snapshot's block, and its transactions executed from the demo wallet on anvil (standing in for the user's wallet).
/// </summary>
public sealed partial class StrategyProposalTests(ITestOutputHelper output)
{
    [Fact]
    public async Task HealthFactorFloor_ProposalExecutedOnThePool_LiftsHealthFactorToTheFloorWithinOnePercent()
    {
        await using var engine = await EngineHarness.StartAsync(output);
        await engine.ReadyAsync();
        // The demo trader's account is at 1.8875: a floor of 2.2, aimed at exactly (target = floor).
        var stored = await SaveAsync(engine, "HF floor 2.2", new HealthFactorFloorDefinition(2.2, 2.2));
        var (snapshot, status) = await BreachedAsync(engine, stored.Row.Id);
        Assert.Equal("HF", status.Unit);
        Assert.True(status.Distance > 0.3, status.Text);

        var proposal = await engine.Services.GetRequiredService<StrategyProposals>().ForAsync(stored, CancellationToken.None);
        Assert.NotNull(proposal);
        output.WriteLine(proposal.Summary);
        foreach (var o in proposal.Options) output.WriteLine($"{o.Action} {o.AmountUnits} {o.Token} ${o.ValueUsd:0.##} HF {o.HealthFactorAfter} chosen={o.Chosen} {o.WhyNot}");
        // Of the portfolio's latest snapshot: blocks mined while the test waited for the breach may have moved it on.
        Assert.True(proposal.BlockNumber >= snapshot.BlockNumber, $"proposal at block {proposal.BlockNumber}, breach seen at {snapshot.BlockNumber}");
        Assert.Equal(DemoChain.Trader.ToString(), proposal.Wallet);
        var chosen = proposal.Options[0];
        Assert.True(chosen.Chosen);
        // The cheapest feasible fix costs no more than any other feasible one, and at equal cost ties up no more capital.
        Assert.All(proposal.Options.Where(o => o.WhyNot is null), o => Assert.True(
            chosen.CostUsd < o.CostUsd || (chosen.CostUsd == o.CostUsd && chosen.ValueUsd <= o.ValueUsd + 1e-9), $"{o.Action} {o.Token} cost {o.CostUsd} capital {o.ValueUsd}"));
        Assert.True(chosen.CostUsd > 0 && chosen.CostUsd == proposal.CostUsd && proposal.CostUsd == proposal.GasUsd, $"a repay or supply costs its gas: {proposal.CostUsd}");
        Assert.Contains(proposal.Options, o => o.Action == "supply");
        Assert.Contains(proposal.Options, o => o.Action == "repay");
        // LINK (threshold 68%) into WETH (83%) is weighed too, and refused: all of it would lift the account to 2.075 only.
        Assert.Contains(proposal.Options, o => o.Action == "swap collateral" && (o.Token, o.IntoToken) == ("LINK", "WETH")
            && o.WhyNot == "swapping all the LINK into WETH, even at the oracles' prices, falls short of the target");
        Assert.InRange(chosen.HealthFactorAfter!.Value, 2.2, 2.2 * 1.0001);
        Assert.Equal(2, proposal.Transactions.Count); // an approve (the demo trader has approved nothing to the Pool) and the action

        await ExecuteAsync(engine, proposal);
        var hf = await HealthFactorAsync(engine, DemoChain.Trader);
        output.WriteLine($"health factor after: {hf}");
        Assert.InRange(hf, 2.2, 2.2 * 1.01);
        Assert.InRange(hf, chosen.HealthFactorAfter.Value * (1 - 1e-6), chosen.HealthFactorAfter.Value * (1 + 1e-6));

        // The next block's evaluation finds it within the floor.
        await engine.Chain.MineAsync();
        await engine.SnapshotAsync(s => s.Strategies.Any(x => x.StrategyId == stored.Row.Id && !x.Breached), "the floor held after the repay");
    }

    [Fact]
    public async Task DeltaBand_ProposalQuotedByQuoterV2_SwapLeavesNetDeltaInsideBandWithinQuotedSlippage()
    {
        await using var engine = await EngineHarness.StartAsync(output);
        await engine.ReadyAsync();
        var first = await engine.SnapshotAsync(s => s.Assets.Any(a => a.Underlying == "ETH"), "a snapshot with ETH");
        var net = first.Assets.Single(a => a.Underlying == "ETH").Quantity;
        // A band 3 ETH below the net delta, 2 ETH wide: the hedge sells about 3 WETH for USDC.
        var stored = await SaveAsync(engine, "ETH delta band", new DeltaBandDefinition("ETH", net - 4, net - 2, BandUnit.Units,
            new HedgeInstrument(HedgeVenue.UniswapSwap, "USDC", 500)));
        var (snapshot, status) = await BreachedAsync(engine, stored.Row.Id);
        output.WriteLine(status.Text);

        var proposal = await engine.Services.GetRequiredService<StrategyProposals>().ForAsync(stored, CancellationToken.None);
        Assert.NotNull(proposal);
        output.WriteLine(proposal.Summary);
        var quote = proposal.Quote!;
        Assert.Equal(("WETH", "USDC", 500), (quote.TokenIn, quote.TokenOut, quote.FeeTier));
        Assert.InRange(quote.AmountInUnits, 2.9, 3.1);

        // The quote is QuoterV2's own answer at the snapshot's block.
        var direct = await engine.Chain.QueryOutputAsync<QuoteExactInputSingleFunction, QuoteExactInputSingleOutput>(Address.Parse(engine.Profile.UniswapV3!.Quoter!),
            new QuoteExactInputSingleFunction
            {
                Params = new QuoteExactInputSingleParams { TokenIn = engine.Chain.Token("WETH").ToString(), TokenOut = engine.Chain.Token("USDC").ToString(), AmountIn = BigInteger.Parse(quote.AmountIn), Fee = 500 },
            }, BlockParameter.FromNumber(snapshot.BlockNumber));
        Assert.Equal(direct.AmountOut.ToString(), quote.AmountOut);
        Assert.Equal(direct.SqrtPriceX96After.ToString(), quote.SqrtPriceX96After);
        Assert.True(quote.Slippage >= quote.FeeFraction, $"slippage {quote.Slippage} includes the fee {quote.FeeFraction}");
        Assert.True(proposal.GasUsd > 0);

        var wallet = Address.Parse(proposal.Wallet!);
        var usdc = engine.Chain.Token("USDC");
        var before = await engine.Chain.QueryAsync<BalanceOfFunction, BigInteger>(usdc, new BalanceOfFunction { Owner = wallet.ToString() });
        var last = await ExecuteAsync(engine, proposal);
        var received = await engine.Chain.QueryAsync<BalanceOfFunction, BigInteger>(usdc, new BalanceOfFunction { Owner = wallet.ToString() }) - before;
        var realised = 1 - (double)received / 1e6 / quote.AmountInUnits / quote.MidPrice;
        output.WriteLine($"quoted slippage {quote.Slippage:P4}, realised {realised:P4}");
        Assert.True(realised <= quote.Slippage + 1e-9, $"realised {realised} beyond quoted {quote.Slippage}");

        await engine.Chain.MineAsync();
        var after = await engine.SnapshotAsync(s => s.BlockNumber >= last && s.Strategies.Any(x => x.StrategyId == stored.Row.Id), "a snapshot after the swap");
        var afterStatus = after.Strategies.Single(x => x.StrategyId == stored.Row.Id);
        output.WriteLine(afterStatus.Text);
        Assert.False(afterStatus.Breached, afterStatus.Text);
        Assert.InRange(after.Assets.Single(a => a.Underlying == "ETH").Quantity, net - 4, net - 2);
    }

    internal static async Task<StoredStrategy> SaveAsync(EngineHarness engine, string name, StrategyDefinition definition)
    {
        Assert.Empty(StrategyValidator.Validate(name, definition));
        var factory = engine.Services.GetRequiredService<IDbContextFactory<ExposureDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var workspaceId = (await db.Portfolios.SingleAsync(p => p.Id == engine.PortfolioId)).WorkspaceId!.Value;
        var row = new Strategy
        {
            WorkspaceId = workspaceId, PortfolioId = engine.PortfolioId, Name = name, Kind = StrategyJson.KindOf(definition),
            DefinitionJson = StrategyJson.Serialize(definition), CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        };
        db.Strategies.Add(row);
        await db.SaveChangesAsync();
        await engine.Services.GetRequiredService<StrategyBook>().ReloadAsync(CancellationToken.None);
        return new StoredStrategy(row, definition);
    }

    internal static async Task<(ExposureSnapshot Snapshot, StrategyStatus Status)> BreachedAsync(EngineHarness engine, int strategyId)
    {
        ExposureSnapshot? found = null;
        await Poll.UntilAsync(async () =>
        {
            await engine.Chain.MineAsync();
            found = engine.Published.Snapshots.FirstOrDefault(s => s.PortfolioId == engine.PortfolioId && s.Strategies.Any(x => x.StrategyId == strategyId && x.Breached));
            return found is not null;
        }, "the strategy breached in a snapshot", TimeSpan.FromSeconds(20));
        // The proposal is of the portfolio's latest snapshot: wait until the book holds the breached one as latest.
        var book = engine.Services.GetRequiredService<StrategyBook>();
        await Poll.UntilAsync(() => book.Latest(engine.PortfolioId)?.Strategies.Any(x => x.StrategyId == strategyId && x.Breached) == true, "the book's latest breached", TimeSpan.FromSeconds(10));
        var latest = book.Latest(engine.PortfolioId)!;
        return (latest, latest.Strategies.Single(x => x.StrategyId == strategyId));
    }

    /// <summary>Sends the proposal's transactions from its wallet (unlocked on anvil) in order; returns the last one's block.</summary>
    internal static async Task<ulong> ExecuteAsync(EngineHarness engine, StrategyProposal proposal)
    {
        ulong block = 0;
        foreach (var tx in proposal.Transactions)
        {
            var receipt = await engine.Chain.SendAsync(Address.Parse(tx.From), Address.Parse(tx.To), Hex.Decode(tx.Data));
            block = receipt.BlockNumber;
        }
        return block;
    }

    internal static async Task<double> HealthFactorAsync(EngineHarness engine, Address user)
    {
        var data = await engine.Chain.Eth.CallAsync(Address.Parse(engine.Profile.AaveV3!.Pool), new GetUserAccountDataFunction { User = user.ToString() }.GetCallData(), BlockParameter.Latest);
        return (double)new BigInteger(data.AsSpan(160, 32), isUnsigned: true, isBigEndian: true) / 1e18;
    }
}
