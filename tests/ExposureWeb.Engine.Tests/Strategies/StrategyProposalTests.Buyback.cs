using ExposureWeb.Data.ManualPositions;
using ExposureWeb.Engine.Reading;
using ExposureWeb.Engine.Strategies;
using ExposureWeb.Engine.Tests.Resilience;
using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.ManualPositions;
using ExposureWeb.Risk.Strategies;
using Microsoft.Extensions.DependencyInjection;

namespace ExposureWeb.Engine.Tests.Strategies;

public sealed partial class StrategyProposalTests
{
    [Theory]
    [InlineData(StrategyType.VolatilityHarvest)]
    [InlineData(StrategyType.GammaCap)]
    [InlineData(StrategyType.VegaCap)]
    public async Task ShortGreekLimit_OverTheLimit_BuyBackSizedByTheEngineBringsItWithinTheLimit(StrategyType kind)
    {
        // Options need a volatility: configured, as an operator would before the engine has seen a price history.
        await using var engine = await EngineHarness.StartAsync(output, settings: new Dictionary<string, string?> { ["Engine:Volatility:ETH"] = "0.65" });
        await engine.ReadyAsync();
        // Calls written against the demo's ETH: 300 × ETH 3,300 C in 30 days, entered by hand (as sold on a venue).
        var store = engine.Services.GetRequiredService<ManualPositionStore>();
        var saved = await store.AddAsync(engine.PortfolioId, new ManualPositionValues(ManualPositionKind.Option, "ETH", -300, Label: "written calls",
            Strike: 3_300, Expiry: DateTimeOffset.UtcNow.AddDays(30), Right: ManualOptionRight.Call));
        Assert.NotNull(saved.Entry);
        engine.Services.GetRequiredService<PortfolioDirectory>().Invalidate();
        await engine.Chain.MineAsync();
        var manualId = $"manual:{saved.Entry.Id}";
        var first = await engine.SnapshotAsync(s => s.Positions.Any(p => p.Id == manualId && p.DollarGammaPerPercent < 0), "a snapshot with the written calls");
        // What each kind limits: ETH's dollar gamma, the portfolio's dollar gamma, the portfolio's vega.
        double Measure(ExposureWeb.Engine.Snapshots.ExposureSnapshot s) => kind switch
        {
            StrategyType.VolatilityHarvest => s.Assets.Single(a => a.Underlying == "ETH").DollarGammaPerPercent!.Value,
            StrategyType.GammaCap => s.NetDollarGamma,
            _ => s.NetVegaPerVolPoint,
        };
        var measured = Measure(first);
        output.WriteLine($"{kind}: {measured:0.##}");
        Assert.True(measured < 0);

        // A limit of half the short side: about half of the calls must go (the demo's long oTokens are not for sale).
        double budget = -measured / 2;
        StrategyDefinition definition = kind switch
        {
            StrategyType.VolatilityHarvest => new VolatilityHarvestDefinition("ETH", HarvestStyle.CoveredCalls, budget),
            StrategyType.GammaCap => new GammaCapDefinition(budget),
            _ => new VegaCapDefinition(budget),
        };
        var stored = await SaveAsync(engine, $"{kind} limit", definition);
        var (snapshot, status) = await BreachedAsync(engine, stored.Row.Id);
        output.WriteLine(status.Text);
        var proposal = await engine.Services.GetRequiredService<StrategyProposals>().ForAsync(stored, CancellationToken.None);
        Assert.NotNull(proposal);
        output.WriteLine(proposal.Summary);
        foreach (var note in proposal.Notes) output.WriteLine($"  note: {note}");
        var leg = Assert.Single(proposal.Options);
        Assert.Equal("buy back", leg.Action);
        Assert.InRange(leg.AmountUnits, 100, 200);
        Assert.Empty(proposal.Transactions);
        Assert.True(proposal.CostUsd > 0);
        var row = snapshot.Positions.Single(p => p.Id == manualId);
        Assert.Equal(-row.ValueUsd!.Value * leg.AmountUnits / 300, proposal.CostUsd!.Value, 1e-6 * proposal.CostUsd.Value);

        // Done by hand (the manual position is what a venue trade would change): the engine's next verdict holds.
        var update = await store.UpdateAsync(engine.PortfolioId, saved.Entry.Id, new ManualPositionValues(ManualPositionKind.Option, "ETH", -300 + leg.AmountUnits,
            Label: "written calls", Strike: 3_300, Expiry: saved.Entry.Expiry, Right: ManualOptionRight.Call));
        Assert.NotNull(update.Entry);
        engine.Services.GetRequiredService<PortfolioDirectory>().Invalidate();
        await engine.Chain.MineAsync();
        var after = await engine.SnapshotAsync(s => s.BlockNumber > snapshot.BlockNumber && s.Positions.Any(p => p.Id == manualId && !p.Description.StartsWith("-300 ", StringComparison.Ordinal)) &&
            s.Strategies.Any(x => x.StrategyId == stored.Row.Id && !x.Breached), "the budget held after the buy-back");
        var measuredAfter = Measure(after);
        output.WriteLine($"{kind} after {measuredAfter:0.####}, limit {budget:0.####}");
        Assert.InRange(-measuredAfter, budget * (1 - 3 * StrategyProposals.GammaBudgetMargin), budget);
    }
}
