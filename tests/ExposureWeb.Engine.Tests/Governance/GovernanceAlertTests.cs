using ExposureWeb.Chain.Primitives;
using ExposureWeb.Data;
using ExposureWeb.Data.Alerts;
using ExposureWeb.Data.Entities;
using ExposureWeb.DevChain.Deployment;
using ExposureWeb.Engine.Alerts;
using ExposureWeb.Engine.Governance;
using ExposureWeb.Engine.Tests.Resilience;
using ExposureWeb.Risk.Alerts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.Contracts;
using Xunit.Abstractions;

namespace ExposureWeb.Engine.Tests.Governance;

/// <summary>
/// The "governance change affects me" alert through the real engine: it resolves once the demo's queued proposal has
/// executed, and fires again as soon as a scan reports a new proposal — at creation, long before it could execute.
/// </summary>
public sealed class GovernanceAlertTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Engine_ProposalAffectingThePortfolioCreated_RuleFiresBeforeAnyExecution()
    {
        await using var engine = await EngineHarness.StartAsync(output);
        await engine.ReadyAsync();
        var scans = engine.Services.GetRequiredService<GovernanceScanService>();
        var evaluator = engine.Services.GetRequiredService<AlertEvaluator>();
        var tx = new DemoTransactions(engine.Chain.Web3, CancellationToken.None);
        var governance = new GovernanceDeployment(Address.Parse(engine.Profile.Governance!.Governor), Address.Parse(engine.Profile.Governance.Timelock),
            Address.Parse(engine.Profile.Governance.Token));
        await CreateRuleAsync(engine);

        // The demo's queued proposal affects the demo portfolio: the first scan makes the rule fire.
        await scans.ScanAsync("local", CancellationToken.None);
        await StateAsync(engine, evaluator, AlertState.Firing, "the rule firing for the demo's queued proposal");

        // Executed: nothing pending affects the portfolio any more.
        var demo = await DemoProposal.OfAsync(engine.Chain);
        await demo.ExecuteAtAsync(engine.Chain, Math.Max(await demo.EtaAsync(engine.Chain), (await engine.Chain.BlockAsync()).Timestamp.ToUnixTimeSeconds() + 1));
        await scans.ScanAsync("local", CancellationToken.None);
        await StateAsync(engine, evaluator, AlertState.Normal, "the rule back to normal once the proposal executed");

        // A new proposal lowering WETH's threshold again: firing at creation (state Pending).
        var configurator = demo.Configurator;
        var call = new ExposureWeb.Chain.Protocols.Aave.ConfigureReserveAsCollateralFunction
        {
            Asset = engine.Chain.Token("WETH").ToString(), Ltv = 7000, LiquidationThreshold = 7500, LiquidationBonus = 10500,
        };
        await GovernanceDemo.ProposeAsync(tx, governance, GovernanceProposal.Single(configurator, call.GetCallData(), "WETH threshold 75%"));
        await scans.ScanAsync("local", CancellationToken.None);
        var firing = await StateAsync(engine, evaluator, AlertState.Firing, "the rule firing for the new proposal");
        Assert.Contains("WETH threshold 75% (pending)", firing.Label, StringComparison.Ordinal);
    }

    private static async Task<AlertInstanceView> StateAsync(EngineHarness engine, AlertEvaluator evaluator, AlertState state, string what)
    {
        AlertInstanceView? found = null;
        // The engine evaluates on blocks: mine until the scan's entries reach a snapshot and the state moves.
        await Poll.UntilAsync(async () =>
        {
            await engine.Chain.MineAsync();
            found = evaluator.Current(engine.PortfolioId).FirstOrDefault(v => v.State == state);
            return found is not null;
        }, what, TimeSpan.FromSeconds(20));
        return found!;
    }

    private static async Task CreateRuleAsync(EngineHarness engine)
    {
        var factory = engine.Services.GetRequiredService<IDbContextFactory<ExposureDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var workspaceId = (await db.Portfolios.SingleAsync(p => p.Id == engine.PortfolioId)).WorkspaceId!.Value;
        var definition = new AlertRuleDefinition
        {
            Name = "Governance",
            Metric = AlertMetric.GovernanceAffected,
            Scope = AlertScope.Portfolio,
            Condition = AlertCondition.Above,
            Thresholds = [new(AlertSeverity.Warning, AlertMetrics.FlagThreshold, null)],
        };
        Assert.Empty(AlertRuleValidator.Validate(definition));
        db.AlertRules.Add(new AlertRule
        {
            WorkspaceId = workspaceId, PortfolioId = engine.PortfolioId, Name = definition.Name, DefinitionJson = AlertRuleJson.Serialize(definition),
            CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
        engine.Services.GetRequiredService<AlertRuleChangeSignal>().Raise();
    }
}
