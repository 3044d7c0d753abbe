using System.Numerics;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Protocols.Aave;
using ExposureWeb.Chain.Protocols.Erc20;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.Data;
using ExposureWeb.Data.Entities;
using ExposureWeb.Engine.Reading;
using ExposureWeb.Engine.Strategies;
using ExposureWeb.Engine.Tests.Resilience;
using ExposureWeb.Risk.Strategies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static ExposureWeb.Engine.Tests.Strategies.StrategyProposalTests;

namespace ExposureWeb.Engine.Tests.Strategies;

/// <summary>
/// The health floor's collateral swap on the demo chain's official Aave v3 Pool and Uniswap v3: a borrower whose wallet
/// holds nothing to repay or supply, with USDC (liquidation threshold 78%) as its only collateral, can only lift its
/// health factor by moving part of it into WETH (83%) through the WETH/USDC 0.05% pool.
/// </summary>
public sealed class CollateralSwapProposalTests(ITestOutputHelper output)
{
    // 3 500 USDC × 78% against 1 500 USDC of debt: health factor 1.82, under a floor of 1.85 while the trader (1.8875)
    // and the treasury (24.7) stay above it, so the borrower is the account the floor picks.
    private const decimal Supplied = 3_500m, Borrowed = 1_500m;
    private const double Floor = 1.85;

    [Fact]
    public async Task HealthFactorFloor_WalletHoldsNothingToRepayOrSupply_CollateralSwapExecutedOnThePoolLiftsHealthFactorToTargetWithinOnePercent()
    {
        await using var engine = await EngineHarness.StartAsync(output);
        await engine.ReadyAsync();
        await BorrowerAsync(engine);
        var before = await HealthFactorAsync(engine, DemoChain.Spare);
        output.WriteLine($"health factor before: {before}");
        Assert.InRange(before, 1.8, Floor / 1.01); // the target is more than 1% away: the swap must move it

        var stored = await SaveAsync(engine, "HF floor 1.85 by a collateral swap", new HealthFactorFloorDefinition(Floor, Floor));
        await BreachedAsync(engine, stored.Row.Id);
        var proposal = await engine.Services.GetRequiredService<StrategyProposals>().ForAsync(stored, CancellationToken.None);
        Assert.NotNull(proposal);
        Write(proposal);

        Assert.Equal(DemoChain.Spare.ToString(), proposal.Wallet);
        var chosen = proposal.Options[0];
        Assert.True(chosen.Chosen);
        Assert.Equal(("swap collateral", "USDC", "WETH"), (chosen.Action, chosen.Token, chosen.IntoToken));
        // The wallet holds none of the debt: the repay is there, refused.
        Assert.Contains(proposal.Options, o => o.Action == "repay" && o.Token == "USDC" && o.WhyNot!.Contains("wallet holds 0", StringComparison.Ordinal));
        Assert.DoesNotContain(proposal.Options, o => o.Action != "swap collateral" && o.WhyNot is null);
        // Aave floors the average liquidation threshold to whole basis points: moving collateral lifts the health factor
        // in steps of about 1/7 900 of it, so the smallest swap reaching the target may pass it by up to one step.
        Assert.InRange(chosen.HealthFactorAfter!.Value, Floor, Floor * (1 + 1 / 7_800.0));
        Assert.InRange(chosen.HealthFactorBetween!.Value, StrategyProposals.SwapWithdrawFloor, before);
        // Its cost is the swap's slippage (with the 0.05% fee) and gas, far less than the collateral it moves.
        var quote = Assert.IsType<SwapQuote>(chosen.Quote);
        Assert.Equal(quote, proposal.Quote);
        Assert.True(quote.Slippage >= quote.FeeFraction, $"slippage {quote.Slippage} includes the fee {quote.FeeFraction}");
        Assert.InRange(chosen.CostUsd!.Value, quote.SlippageUsd!.Value, quote.SlippageUsd.Value + 50);
        Assert.Equal(chosen.CostUsd, proposal.CostUsd);
        Assert.True(chosen.CostUsd < chosen.ValueUsd / 20, $"cost {chosen.CostUsd} against {chosen.ValueUsd} moved");
        Assert.Equal(["withdraw", "approve", "swap", "approve", "supply"], proposal.Transactions.Select(t => t.Description.Split(' ')[0]));

        // The borrower's wallet signs them in order, each with the gas the proposal gives it.
        foreach (var tx in proposal.Transactions)
        {
            var hash = await engine.Chain.Eth.SendTransactionAsync(Address.Parse(tx.From), Address.Parse(tx.To), Hex.Decode(tx.Data), gas: (ulong)HexQuantity.ParseBigInteger(tx.Gas));
            var receipt = await engine.Chain.Eth.WaitForReceiptAsync(hash, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20));
            Assert.True(receipt.Succeeded, $"\"{tx.Description}\" reverted (gas used {receipt.GasUsed} of {HexQuantity.ParseBigInteger(tx.Gas)})");
        }
        var after = await HealthFactorAsync(engine, DemoChain.Spare);
        output.WriteLine($"health factor after: {after}");
        Assert.InRange(after, Floor, Floor * 1.01);
        Assert.InRange(after, chosen.HealthFactorAfter.Value * (1 - 1e-6), chosen.HealthFactorAfter.Value * (1 + 1e-6));

        await engine.Chain.MineAsync();
        await engine.SnapshotAsync(s => s.Strategies.Any(x => x.StrategyId == stored.Row.Id && !x.Breached), "the floor held after the collateral swap");
    }

    [Fact]
    public async Task HealthFactorFloor_SwapWouldWithdrawBelowOne_RefusedWithReasonAndNoTransactions()
    {
        await using var engine = await EngineHarness.StartAsync(output);
        await engine.ReadyAsync();
        await BorrowerAsync(engine);
        // 1.87 is within what swapping most of the USDC would reach, but withdrawing that much first takes the account under 1.
        var stored = await SaveAsync(engine, "HF target 1.87, too far for a swap", new HealthFactorFloorDefinition(Floor, 1.87));
        await BreachedAsync(engine, stored.Row.Id);
        var proposal = await engine.Services.GetRequiredService<StrategyProposals>().ForAsync(stored, CancellationToken.None);
        Assert.NotNull(proposal);
        Write(proposal);

        var swap = Assert.Single(proposal.Options, o => o.Action == "swap collateral");
        Assert.False(swap.Chosen);
        Assert.Contains("would leave a health factor of 0.", swap.WhyNot, StringComparison.Ordinal);
        Assert.Contains("Aave refuses a withdrawal under 1", swap.WhyNot, StringComparison.Ordinal);
        Assert.NotNull(swap.Quote); // sized on the pool's quote before it was refused
        Assert.DoesNotContain(proposal.Options, o => o.Chosen);
        Assert.Empty(proposal.Transactions);
        Assert.Null(proposal.After.HealthFactor);
        Assert.Contains(proposal.Notes, n => n.StartsWith("No fix can lift the health factor", StringComparison.Ordinal));
    }

    /// <summary>The spare dev account as a borrower of the demo portfolio: USDC supplied, USDC borrowed and sent away.</summary>
    private static async Task BorrowerAsync(EngineHarness engine)
    {
        var chain = engine.Chain;
        var usdc = chain.Token("USDC");
        var pool = Address.Parse(engine.Profile.AaveV3!.Pool);
        var supplied = new BigInteger(Supplied * 1_000_000m);
        var borrowed = new BigInteger(Borrowed * 1_000_000m);
        await chain.MintAsync(usdc, DemoChain.Spare, supplied);
        await chain.SendAsync(DemoChain.Spare, usdc, new ApproveFunction { Spender = pool.ToString(), Value = supplied });
        await chain.SendAsync(DemoChain.Spare, pool, new SupplyFunction { Asset = usdc.ToString(), Amount = supplied, OnBehalfOf = DemoChain.SpareAccount });
        await chain.SendAsync(DemoChain.Spare, pool, new BorrowFunction { Asset = usdc.ToString(), Amount = borrowed, OnBehalfOf = DemoChain.SpareAccount });
        await chain.TransferAsync(usdc, DemoChain.Spare, DemoChain.Deployer, borrowed);

        var factory = engine.Services.GetRequiredService<IDbContextFactory<ExposureDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            db.Add(new WatchedAddress { PortfolioId = engine.PortfolioId, Address = DemoChain.SpareAccount, Label = "Borrower" });
            await db.SaveChangesAsync();
        }
        engine.Services.GetRequiredService<PortfolioDirectory>().Invalidate();
    }

    private void Write(StrategyProposal proposal)
    {
        output.WriteLine(proposal.Summary);
        foreach (var o in proposal.Options)
        {
            output.WriteLine($"{o.Action} {o.AmountUnits} {o.Token}→{o.IntoToken} capital ${o.ValueUsd:0.##} cost ${o.CostUsd:0.####} HF {o.HealthFactorAfter} between {o.HealthFactorBetween} "
                + $"slippage {o.Quote?.Slippage:P3} chosen={o.Chosen} {o.WhyNot}");
        }
        foreach (var t in proposal.Transactions) output.WriteLine($"  {t.Description} gas {t.Gas}");
        foreach (var n in proposal.Notes) output.WriteLine($"  note: {n}");
    }
}
