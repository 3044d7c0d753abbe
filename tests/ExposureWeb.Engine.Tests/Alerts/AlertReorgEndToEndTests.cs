using System.Collections.Concurrent;
using ExposureWeb.Data;
using ExposureWeb.Data.Alerts;
using ExposureWeb.Data.Entities;
using ExposureWeb.Engine.Alerts;
using ExposureWeb.Engine.Monitoring;
using ExposureWeb.Engine.Tests.Resilience;
using ExposureWeb.Risk.Alerts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ExposureWeb.Engine.Tests.Alerts;

/// <summary>
/// The reorg acceptance test through the real engine on a real anvil: the demo trader's Aave health factor
/// (1.8875 at ETH 3 000) crosses 1.5 in a block that a reorg then replaces. The transition is undone and nothing reaches
/// the outbox; the same crossing on the surviving chain is confirmed and notified.
/// </summary>
public sealed class AlertReorgEndToEndTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Engine_FiringTransitionOnAnOrphanedBlock_UndoneWithoutAnyNotification()
    {
        await using var engine = await EngineHarness.StartAsync(output);
        var cycles = new ConcurrentQueue<EngineCycle>();
        engine.Services.GetRequiredService<EngineCycles>().Completed += cycles.Enqueue;
        await engine.ReadyAsync();
        var factory = engine.Services.GetRequiredService<IDbContextFactory<ExposureDbContext>>();
        var evaluator = engine.Services.GetRequiredService<AlertEvaluator>();
        await CreateRuleAsync(engine, factory);

        // A block with the rule loaded: the trader's account is normal.
        var start = await engine.Chain.MineAsync();
        await Poll.UntilAsync(() => evaluator.Current(engine.PortfolioId).Any(v => v.LastBlock >= start.Number && v.Label.Contains("0x7099", StringComparison.Ordinal)),
            "the rule's instances evaluated", TimeSpan.FromSeconds(10));
        Assert.All(evaluator.Current(engine.PortfolioId), v => Assert.Equal(AlertState.Normal, v.State));

        // ETH 1 500: HF = (10 × 1 500 × 0.83 + 30 000 × 0.68) / 24 000 = 1.37, below the warning's 1.5.
        var fork = await engine.Chain.SnapshotAsync();
        var push = await engine.Chain.PushAnswerAsync(engine.Chain.Feed("ETH"), 1_500 * DemoChain.FeedScale);
        var orphan = await engine.Chain.BlockAsync(push.BlockNumber);
        var fired = await PollTransitionAsync(factory, t => t.BlockNumber == (long)orphan.Number && t.Kind == "firing", $"a firing transition at block {orphan.Number}");
        Assert.Equal(AlertTransitionStatus.Unconfirmed, fired.Status);
        Assert.Equal(orphan.Hash, fired.BlockHash);

        // The reorg: back before the push, another block at the same height (without it), then enough blocks to confirm.
        await engine.Chain.RevertAsync(fork);
        var replacement = await engine.Chain.MineAsync();
        Assert.Equal((orphan.Number, false), (replacement.Number, replacement.Hash == orphan.Hash));
        ulong last = 0;
        for (var k = 0; k < 3; k++) last = (await engine.Chain.MineAsync()).Number;
        await Poll.UntilAsync(() => cycles.Any(c => c.Block >= last), $"the engine's cycle of block {last}", TimeSpan.FromSeconds(10));

        var undone = await PollTransitionAsync(factory, t => t.Id == fired.Id && t.Status == AlertTransitionStatus.Undone, "the orphaned transition undone");
        Assert.Null(undone.ConfirmedAt);
        await using (var db = await factory.CreateDbContextAsync())
        {
            Assert.Empty(await db.AlertNotifications.ToListAsync());
            Assert.DoesNotContain(await db.AlertTransitions.ToListAsync(), t => t.Status == AlertTransitionStatus.Confirmed);
        }
        Assert.All(evaluator.Current(engine.PortfolioId), v => Assert.Equal(AlertState.Normal, v.State));
        Assert.Contains(engine.Log, line => line.Contains("reorg of depth 1", StringComparison.Ordinal));

        // The same crossing on the chain that stays: confirmed two blocks later, in-app and webhook rows written.
        var kept = await engine.Chain.PushAnswerAsync(engine.Chain.Feed("ETH"), 1_500 * DemoChain.FeedScale);
        for (var k = 0; k < 2; k++) last = (await engine.Chain.MineAsync()).Number;
        var confirmed = await PollTransitionAsync(factory, t => t.BlockNumber == (long)kept.BlockNumber && t.Status == AlertTransitionStatus.Confirmed,
            $"the firing at block {kept.BlockNumber} confirmed");
        await using (var db = await factory.CreateDbContextAsync())
        {
            var rows = await db.AlertNotifications.ToListAsync();
            Assert.Equal([AlertChannel.InApp, AlertChannel.Webhook], rows.Select(r => r.Channel).Order());
            Assert.All(rows, r => Assert.Equal(confirmed.Id, r.TransitionId));
        }
    }

    private static async Task CreateRuleAsync(EngineHarness engine, IDbContextFactory<ExposureDbContext> factory)
    {
        await using var db = await factory.CreateDbContextAsync();
        var workspaceId = (await db.Portfolios.SingleAsync(p => p.Id == engine.PortfolioId)).WorkspaceId!.Value;
        var hook = new AlertDestination { WorkspaceId = workspaceId, Name = "hook", Kind = AlertDestinationKind.Webhook, Target = "https://hooks.example.com/a", Secret = "s", CreatedAt = DateTimeOffset.UtcNow };
        db.AlertDestinations.Add(hook);
        await db.SaveChangesAsync();
        var definition = new AlertRuleDefinition
        {
            Name = "Demo health",
            Metric = AlertMetric.HealthFactor,
            Scope = AlertScope.Portfolio,
            Condition = AlertCondition.Below,
            Thresholds = [new(AlertSeverity.Warning, 1.5, 1.6), new(AlertSeverity.Critical, 1.2, 1.3)],
            DestinationIds = [hook.Id],
        };
        Assert.Empty(AlertRuleValidator.Validate(definition));
        // Written as the store writes it (the demo workspace has no editor here); the signal makes the engine reload.
        db.AlertRules.Add(new AlertRule
        {
            WorkspaceId = workspaceId,
            PortfolioId = engine.PortfolioId,
            Name = definition.Name,
            DefinitionJson = AlertRuleJson.Serialize(definition),
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
        engine.Services.GetRequiredService<AlertRuleChangeSignal>().Raise();
    }

    private static async Task<AlertTransitionEntry> PollTransitionAsync(IDbContextFactory<ExposureDbContext> factory, Func<AlertTransitionEntry, bool> match, string what)
    {
        AlertTransitionEntry? found = null;
        await Poll.UntilAsync(async () =>
        {
            await using var db = await factory.CreateDbContextAsync();
            found = (await db.AlertTransitions.AsNoTracking().ToListAsync()).FirstOrDefault(match);
            return found is not null;
        }, what, TimeSpan.FromSeconds(10));
        return found!;
    }
}
