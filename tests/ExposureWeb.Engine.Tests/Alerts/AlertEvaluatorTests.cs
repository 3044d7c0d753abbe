using System.Text.Json;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Data;
using ExposureWeb.Data.Accounts;
using ExposureWeb.Data.Alerts;
using ExposureWeb.Data.Entities;
using ExposureWeb.Engine.Alerts;
using ExposureWeb.Engine.Snapshots;
using ExposureWeb.Risk.Alerts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace ExposureWeb.Engine.Tests.Alerts;

/// <summary>
/// The evaluator on a real, migrated SQLite database (the engine's services on a generic host, no chain registered) fed
/// with hand-made snapshots of one portfolio's Aave account and ETH exposure: states, transitions, reorg undo,
/// confirmation into the outbox, restart.
/// </summary>
public sealed class AlertEvaluatorTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Account = "aave-v3:local:0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    private const string Owner = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDatabase _database = new();
    private IHost? _host;
    private int _userId, _portfolioId, _workspaceId;

    private IServiceProvider Services => _host!.Services;

    private AlertEvaluator Evaluator => Services.GetRequiredService<AlertEvaluator>();

    /// <summary>The rule: warning below 1.5 (recovers above 1.6), critical below 1.2 (recovers above 1.3).</summary>
    private static AlertRuleDefinition HealthRule(AlertDuration? pending = null, IReadOnlyList<int>? destinations = null) => new()
    {
        Name = "Trader health",
        Metric = AlertMetric.HealthFactor,
        Scope = AlertScope.Portfolio,
        Condition = AlertCondition.Below,
        Thresholds = [new(AlertSeverity.Warning, 1.5, 1.6), new(AlertSeverity.Critical, 1.2, 1.3)],
        PendingFor = pending ?? AlertDuration.None,
        DestinationIds = destinations ?? [],
    };

    public async Task InitializeAsync()
    {
        var builder = TestHost.CreateBuilder(new Dictionary<string, string?> { ["Database:Path"] = _database.Path }, output);
        builder.AddExposureData();
        builder.AddExposureChains();
        builder.AddExposureEngine();
        builder.Services.AddSingleton<ExposureWeb.Engine.Publishing.IExposurePublisher>(new RecordingPublisher());
        _host = builder.Build();
        await _host.StartAsync();
        var user = await Services.GetRequiredService<AccountStore>().SignInAsync(Owner, "local");
        _userId = user.UserId;
        _portfolioId = user.HomePortfolioId!.Value;
        _workspaceId = (await Services.GetRequiredService<PortfolioStore>().FindAsync(_portfolioId))!.WorkspaceId!.Value;
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
        _database.Dispose();
    }

    private async Task<int> CreateRuleAsync(AlertRuleDefinition rule)
    {
        var saved = await Services.GetRequiredService<AlertRuleStore>().CreateAsync(_userId, _portfolioId, rule);
        Assert.True(saved.Ok, saved.Result.ToString());
        return saved.Saved!.Rule.Id;
    }

    private async Task<int> CreateWebhookAsync()
    {
        await using var db = await Db();
        var destination = new AlertDestination { WorkspaceId = _workspaceId, Name = "ops hook", Kind = AlertDestinationKind.Webhook, Target = "https://hooks.example.com/alerts", Secret = "s3cret", CreatedAt = T0 };
        db.AlertDestinations.Add(destination);
        await db.SaveChangesAsync();
        return destination.Id;
    }

    private Task<ExposureDbContext> Db() => Services.GetRequiredService<IDbContextFactory<ExposureDbContext>>().CreateDbContextAsync();

    /// <summary>A snapshot of the portfolio at <paramref name="block"/>: one Aave account at health factor <paramref name="hf"/>, ETH at 3 000.</summary>
    private ExposureSnapshot Snapshot(ulong block, double hf, string? hash = null, bool staleEth = false)
    {
        var time = T0.AddSeconds(12 * (double)block);
        var eth = new AssetExposureRow("ETH", "spot, aave-v3", 10, 3_000, 30_000, time.AddMinutes(-1), 3_600, staleEth ? time.AddSeconds(-1) : time.AddHours(1),
            staleEth ? "stale: updated more than the heartbeat ago" : null);
        return new ExposureSnapshot(_portfolioId, "local", block, hash ?? $"0x{block:x64}", time, time, [eth], [])
        {
            Positions = [new PositionRow(Account, "aave-v3", Owner, "Aave v3 account", "ETH/USDC", null) { ValueUsd = 10_000 }],
            Liquidations = [new LiquidationRow(Account, "ETH", 1_500, 3_000, "falls below", hf)],
        };
    }

    private Task EvaluateAsync(AlertEvaluator evaluator, params ExposureSnapshot[] snapshots) =>
        evaluator.EvaluateAsync("local", snapshots, CancellationToken.None);

    private async Task EvaluateSequenceAsync(AlertEvaluator evaluator, ulong firstBlock, params double[] healthFactors)
    {
        for (var k = 0; k < healthFactors.Length; k++) await EvaluateAsync(evaluator, Snapshot(firstBlock + (ulong)k, healthFactors[k]));
    }

    private async Task<List<AlertTransitionEntry>> TransitionsAsync()
    {
        await using var db = await Db();
        return await db.AlertTransitions.AsNoTracking().OrderBy(t => t.Id).ToListAsync();
    }

    private async Task<List<AlertNotification>> OutboxAsync()
    {
        await using var db = await Db();
        return await db.AlertNotifications.AsNoTracking().OrderBy(n => n.Id).ToListAsync();
    }

    private async Task<AlertInstanceEntry> StoredInstanceAsync()
    {
        await using var db = await Db();
        return await db.AlertInstances.AsNoTracking().SingleAsync();
    }

    [Fact]
    public async Task EvaluateAsync_HealthFactorCrossesWarningThenCritical_PendingFiringEscalated()
    {
        await CreateRuleAsync(HealthRule(pending: new AlertDuration(Blocks: 1)));

        await EvaluateSequenceAsync(Evaluator, 100, 1.8, 1.4, 1.4, 1.1);

        var transitions = await TransitionsAsync();
        Assert.Equal(["pending", "firing", "escalated"], transitions.Select(t => t.Kind));
        Assert.Equal([101L, 102L, 103L], transitions.Select(t => t.BlockNumber));
        Assert.All(transitions, t => Assert.Equal(AlertTransitionStatus.Unconfirmed, t.Status));
        Assert.Equal([false, true, true], transitions.Select(t => t.Notify));
        Assert.Equal($"0x{103:x64}", transitions[2].BlockHash);
        Assert.Equal(T0.AddSeconds(12 * 103), transitions[2].BlockTime);
        Assert.Equal(("Firing", "Warning", "Firing", "Critical"), (transitions[2].FromState, transitions[2].FromSeverity, transitions[2].ToState, transitions[2].ToSeverity));
        // The state before each transition, to restore after a reorg.
        var beforeEscalation = JsonSerializer.Deserialize<AlertInstanceState>(transitions[2].PreviousStateJson, AlertRuleJson.Options)!;
        Assert.Equal((AlertState.Firing, AlertSeverity.Warning, 102UL), (beforeEscalation.State, beforeEscalation.Severity, beforeEscalation.SinceBlock));

        var stored = await StoredInstanceAsync();
        Assert.Equal(("Firing", "Critical", 1.1, 103L, 103L), (stored.State, stored.Severity, stored.Value, stored.SinceBlock, stored.LastBlock));
        var view = Assert.Single(Evaluator.Current(_portfolioId));
        Assert.Equal((AlertState.Firing, AlertSeverity.Critical, 1.1, "aave-v3 0x7099…79C8"), (view.State, view.Severity, view.Value, view.Label));
    }

    [Fact]
    public async Task EvaluateAsync_BouncingBetween145And155ThenAbove16_FiresOnceAndResolvesOnce()
    {
        await CreateRuleAsync(HealthRule());

        await EvaluateSequenceAsync(Evaluator, 200, 1.45, 1.55, 1.45, 1.55, 1.45, 1.58, 1.62);

        Assert.Equal(["firing", "resolved"], (await TransitionsAsync()).Select(t => t.Kind));
        Assert.Equal([200L, 206L], (await TransitionsAsync()).Select(t => t.BlockNumber));
        Assert.Equal(AlertState.Normal, Assert.Single(Evaluator.Current(_portfolioId)).State);
    }

    [Fact]
    public async Task EvaluateAsync_ValueUnchangedWhilePending_PendingPeriodStillRunsOut()
    {
        // Same figures block after block: the portfolio may not be skipped while an instance is pending.
        await CreateRuleAsync(HealthRule(pending: new AlertDuration(Blocks: 2)));

        await EvaluateSequenceAsync(Evaluator, 300, 1.4, 1.4, 1.4);

        Assert.Equal(["pending", "firing"], (await TransitionsAsync()).Select(t => t.Kind));
        Assert.Equal(302L, (await TransitionsAsync())[1].BlockNumber);
    }

    [Fact]
    public async Task ConfirmAsync_TwoBlocksDeep_WritesInAppAndWebhookRowsOnceEvenWhenRunTwice()
    {
        var hook = await CreateWebhookAsync();
        var ruleId = await CreateRuleAsync(HealthRule(destinations: [hook]));
        var signals = 0;
        Services.GetRequiredService<AlertOutboxSignal>().Written += () => Interlocked.Increment(ref signals);
        await EvaluateAsync(Evaluator, Snapshot(400, 1.8));
        await EvaluateAsync(Evaluator, Snapshot(401, 1.4));

        Assert.Equal(0, await Evaluator.ConfirmAsync("local", 402, CancellationToken.None)); // one block deep: not yet
        Assert.Empty(await OutboxAsync());
        Assert.Equal(2, await Evaluator.ConfirmAsync("local", 403, CancellationToken.None));
        Assert.Equal(0, await Evaluator.ConfirmAsync("local", 403, CancellationToken.None));
        Assert.Equal(0, await Evaluator.ConfirmAsync("local", 404, CancellationToken.None));

        var rows = await OutboxAsync();
        var transition = Assert.Single(await TransitionsAsync());
        Assert.Equal(AlertTransitionStatus.Confirmed, transition.Status);
        Assert.NotNull(transition.ConfirmedAt);
        Assert.Equal([(AlertChannel.InApp, (int?)null), (AlertChannel.Webhook, hook)], rows.Select(r => (r.Channel, r.DestinationId)));
        var instanceId = (await StoredInstanceAsync()).Id;
        Assert.All(rows, r =>
        {
            Assert.Equal($"{ruleId}:{instanceId}:{transition.Id}", r.IdempotencyKey);
            Assert.Equal(AlertNotificationStatus.Pending, r.Status);
            Assert.Equal(_workspaceId, r.WorkspaceId);
            Assert.Equal(transition.Id, r.TransitionId);
        });
        var payload = JsonSerializer.Deserialize<AlertNotificationPayload>(rows[0].PayloadJson, AlertRuleJson.Options)!;
        Assert.Equal("Warning: Trader health — aave-v3 0x7099…79C8", payload.Title);
        Assert.Equal("Health factor 1.4 below 1.5 (warning) at block 401: firing.", payload.Text);
        Assert.Equal($"/portfolios/{_portfolioId}/alerts", payload.Link);
        Assert.Equal((1.4, 1.5, 401UL, "local", "My wallet"), (payload.Value, payload.Threshold, payload.BlockNumber, payload.Chain, payload.PortfolioName));
        Assert.Equal(1, signals);
    }

    [Fact]
    public async Task ConfirmAsync_SecondEvaluatorHoldingTheSameTransition_WritesNothingMore()
    {
        // Two processes (or a restart between the confirmation's commit and memory) confirming one transition.
        await CreateRuleAsync(HealthRule(destinations: [await CreateWebhookAsync()]));
        await EvaluateAsync(Evaluator, Snapshot(500, 1.4));
        var other = ActivatorUtilities.CreateInstance<AlertEvaluator>(Services);
        await other.InitializeAsync(CancellationToken.None);

        Assert.Equal(2, await Evaluator.ConfirmAsync("local", 510, CancellationToken.None));
        Assert.Equal(0, await other.ConfirmAsync("local", 510, CancellationToken.None));

        Assert.Equal(2, (await OutboxAsync()).Count);
    }

    [Fact]
    public async Task EvaluateAsync_ValueAloneMovesPastTheWriteInterval_StoredRowFollowsTheValueAndKeepsTheState()
    {
        await CreateRuleAsync(HealthRule());
        var time = new FakeTimeProvider(T0);
        var evaluator = ActivatorUtilities.CreateInstance<AlertEvaluator>(Services, (TimeProvider)time);
        await EvaluateAsync(evaluator, Snapshot(700, 1.4));
        var first = await StoredInstanceAsync();
        Assert.Equal(("Firing", "Warning", 1.4), (first.State, first.Severity, first.Value));

        // Past Alerts:ValueWriteSeconds (60; a new instance's first value write is spread over that period): the value alone
        // is written (the lean statement), state, since and label stay as they were.
        time.Advance(TimeSpan.FromSeconds(121));
        await EvaluateAsync(evaluator, Snapshot(701, 1.44));
        var stored = await StoredInstanceAsync();
        Assert.Equal((1.44, 701L), (stored.Value, stored.LastBlock));
        Assert.Equal((first.Id, first.State, first.Severity, first.SinceBlock, first.Since, first.Label, first.Detail),
            (stored.Id, stored.State, stored.Severity, stored.SinceBlock, stored.Since, stored.Label, stored.Detail));
        Assert.True(stored.UpdatedAt > first.UpdatedAt);

        var restarted = ActivatorUtilities.CreateInstance<AlertEvaluator>(Services, (TimeProvider)time);
        await restarted.InitializeAsync(CancellationToken.None);
        var view = Assert.Single(restarted.Current(_portfolioId));
        Assert.Equal((AlertState.Firing, 1.44, 700UL), (view.State, view.Value, view.SinceBlock));
    }

    [Fact]
    public async Task Restart_NewEvaluatorOnTheSameDatabase_ContinuesTheStateAndResendsNothing()
    {
        await CreateRuleAsync(HealthRule(destinations: [await CreateWebhookAsync()]));
        await EvaluateSequenceAsync(Evaluator, 600, 1.8, 1.4);
        await Evaluator.ConfirmAsync("local", 603, CancellationToken.None);       // firing: notified
        await EvaluateAsync(Evaluator, Snapshot(604, 1.1));                         // escalated: not yet confirmed
        Assert.Equal(2, (await OutboxAsync()).Count);

        var restarted = ActivatorUtilities.CreateInstance<AlertEvaluator>(Services);
        await restarted.InitializeAsync(CancellationToken.None);
        var view = Assert.Single(restarted.Current(_portfolioId));
        Assert.Equal((AlertState.Firing, AlertSeverity.Critical, 604UL), (view.State, view.Severity, view.SinceBlock));

        await EvaluateAsync(restarted, Snapshot(605, 1.1));                         // same state: no transition
        await restarted.ConfirmAsync("local", 607, CancellationToken.None);         // the escalation, once
        await restarted.ConfirmAsync("local", 608, CancellationToken.None);

        Assert.Equal(["firing", "escalated"], (await TransitionsAsync()).Select(t => t.Kind));
        var rows = await OutboxAsync();
        Assert.Equal(4, rows.Count);
        Assert.Equal(2, rows.Select(r => r.TransitionId).Distinct().Count());
    }

    [Fact]
    public async Task EvaluateAsync_SameBlockAgainWithAnotherHashAndANormalValue_TransitionUndoneNothingNotified()
    {
        await CreateRuleAsync(HealthRule(destinations: [await CreateWebhookAsync()]));
        await EvaluateSequenceAsync(Evaluator, 700, 1.8, 1.4);                       // firing at 701, unconfirmed

        await EvaluateAsync(Evaluator, Snapshot(701, 1.8, hash: "0x" + new string('b', 64))); // 701 replaced by a reorg
        await EvaluateAsync(Evaluator, Snapshot(702, 1.8));
        await Evaluator.ConfirmAsync("local", 720, CancellationToken.None);

        var transition = Assert.Single(await TransitionsAsync());
        Assert.Equal((AlertTransitionStatus.Undone, 701L, "firing"), (transition.Status, transition.BlockNumber, transition.Kind));
        Assert.Empty(await OutboxAsync());
        var stored = await StoredInstanceAsync();
        Assert.Equal(("Normal", null, 1.8), (stored.State, stored.Severity, stored.Value));
        var view = Assert.Single(Evaluator.Current(_portfolioId));
        Assert.Equal((AlertState.Normal, 702UL), (view.State, view.LastBlock));
    }

    [Fact]
    public async Task RewindAsync_ReorgFromBelowTheTransition_UndoesItAndRestoresThePreviousState()
    {
        // A deeper reorg: the new head is above the transition's block, the monitor says where the replaced blocks start.
        await CreateRuleAsync(HealthRule(pending: new AlertDuration(Blocks: 1)));
        await EvaluateSequenceAsync(Evaluator, 800, 1.8, 1.4, 1.4);                  // pending at 801, firing at 802

        await Evaluator.RewindAsync("local", 802, CancellationToken.None);

        Assert.Equal([AlertTransitionStatus.Unconfirmed, AlertTransitionStatus.Undone], (await TransitionsAsync()).Select(t => t.Status));
        var view = Assert.Single(Evaluator.Current(_portfolioId));
        Assert.Equal((AlertState.Pending, 801UL), (view.State, view.SinceBlock));
        Assert.Equal("Pending", (await StoredInstanceAsync()).State);
    }

    [Fact]
    public async Task EvaluateAsync_ReorgBelowAConfirmedTransition_LeavesItConfirmed()
    {
        await CreateRuleAsync(HealthRule());
        await EvaluateAsync(Evaluator, Snapshot(900, 1.4));
        await Evaluator.ConfirmAsync("local", 902, CancellationToken.None);

        await EvaluateAsync(Evaluator, Snapshot(900, 1.4, hash: "0x" + new string('c', 64)));

        var transition = Assert.Single(await TransitionsAsync());
        Assert.Equal(AlertTransitionStatus.Confirmed, transition.Status);
        Assert.Equal(AlertState.Firing, Assert.Single(Evaluator.Current(_portfolioId)).State);
    }

    [Fact]
    public async Task EvaluateAsync_StaleEthOracle_UsdDeltaRuleInNoDataNeverNormal()
    {
        await CreateRuleAsync(new AlertRuleDefinition
        {
            Name = "ETH delta",
            Metric = AlertMetric.NetDeltaUsd,
            Scope = AlertScope.Underlying,
            Underlying = "ETH",
            Condition = AlertCondition.OutsideBand,
            Thresholds = [new(AlertSeverity.Warning, 50_000, 45_000)],
        });

        await EvaluateAsync(Evaluator, Snapshot(1000, 1.8, staleEth: true));

        var view = Assert.Single(Evaluator.Current(_portfolioId));
        Assert.Equal(AlertState.NoData, view.State);
        Assert.Null(view.Value);
        Assert.Contains("ETH price unusable", view.Detail, StringComparison.Ordinal);
        var transition = Assert.Single(await TransitionsAsync());
        Assert.Equal(("no data", true), (transition.Kind, transition.Notify));

        await EvaluateAsync(Evaluator, Snapshot(1001, 1.8));                        // fresh price: 30 000 USD inside the band
        Assert.Equal(AlertState.Normal, Assert.Single(Evaluator.Current(_portfolioId)).State);
        Assert.Equal("data back", (await TransitionsAsync())[1].Kind);
    }

    /// <summary>A rule on one ETH figure with one warning threshold.</summary>
    private static AlertRuleDefinition EthRule(AlertMetric metric, AlertCondition condition, AlertThreshold warning) => new()
    {
        Name = $"ETH {metric}",
        Metric = metric,
        Scope = AlertScope.Underlying,
        Underlying = "ETH",
        Condition = condition,
        Thresholds = [warning],
    };

    [Fact]
    public async Task EvaluateAsync_EthUsdDeltaPartial_NoDataSayingWhyNeverAValue()
    {
        await CreateRuleAsync(EthRule(AlertMetric.NetDeltaUsd, AlertCondition.OutsideBand, new(AlertSeverity.Warning, 50_000, 45_000)));
        var partial = Snapshot(1200, 1.8);
        partial = partial with { Assets = [partial.Assets[0] with { QuantityPartial = "ETH 3000 C unpriced — no volatility for ETH" }] };

        await EvaluateAsync(Evaluator, partial);

        var view = Assert.Single(Evaluator.Current(_portfolioId));
        Assert.Equal(AlertState.NoData, view.State);
        Assert.Null(view.Value);
        Assert.Contains("partial", view.Detail, StringComparison.Ordinal);
        Assert.Contains("no volatility for ETH", view.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateAsync_EthStaleUnitsWhole_UnitsRuleStillSeesTheQuantity()
    {
        await CreateRuleAsync(EthRule(AlertMetric.NetDeltaUnits, AlertCondition.Above, new(AlertSeverity.Warning, 5, 4)));
        var stale = Snapshot(1300, 1.8, staleEth: true);
        stale = stale with { Assets = [stale.Assets[0] with { PriceUsd = null, UsdDelta = null }] };

        await EvaluateAsync(Evaluator, stale);

        // A quantity needs no price: 10 ETH held is above 5 whatever the feed says.
        var view = Assert.Single(Evaluator.Current(_portfolioId));
        Assert.Equal(AlertState.Firing, view.State);
        Assert.Equal(10, view.Value);
    }

    [Fact]
    public async Task EvaluateAsync_AaveAccountUnpricedByOurModel_HealthRuleUsesTheProtocolsHealthFactor()
    {
        await CreateRuleAsync(HealthRule());
        var unpriced = Snapshot(1400, 1.4);
        unpriced = unpriced with { Positions = [unpriced.Positions[0] with { ValueUsd = null, Status = "unpriced: ETH price unusable: stale" }] };

        await EvaluateAsync(Evaluator, unpriced);

        var view = Assert.Single(Evaluator.Current(_portfolioId));
        Assert.Equal(AlertState.Firing, view.State);
        Assert.Equal(1.4, view.Value);
    }

    [Fact]
    public async Task EvaluateAsync_AccountGoneFromThePortfolio_NoDataSayingSo()
    {
        await CreateRuleAsync(HealthRule());
        await EvaluateAsync(Evaluator, Snapshot(1100, 1.8));

        await EvaluateAsync(Evaluator, Snapshot(1101, 1.8) with { Positions = [], Liquidations = [] });

        var view = Assert.Single(Evaluator.Current(_portfolioId));
        Assert.Equal(AlertState.NoData, view.State);
        Assert.Contains("no longer in the portfolio", view.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateAsync_RuleEditedThenDeleted_NextBlockUsesTheEditAndTheInstancesDisappear()
    {
        var ruleId = await CreateRuleAsync(HealthRule());
        await EvaluateAsync(Evaluator, Snapshot(1200, 1.7));
        Assert.Equal(AlertState.Normal, Assert.Single(Evaluator.Current(_portfolioId)).State);

        // Warning now below 2: the same unchanged figures fire at the next block.
        var edited = HealthRule() with { Thresholds = [new(AlertSeverity.Warning, 2.0, 2.1), new(AlertSeverity.Critical, 1.2, 1.3)] };
        Assert.True((await Services.GetRequiredService<AlertRuleStore>().UpdateAsync(_userId, ruleId, edited)).Ok);
        await EvaluateAsync(Evaluator, Snapshot(1201, 1.7));
        Assert.Equal((AlertState.Firing, AlertSeverity.Warning), (Evaluator.Current(_portfolioId)[0].State, Evaluator.Current(_portfolioId)[0].Severity));

        Assert.True((await Services.GetRequiredService<AlertRuleStore>().DeleteAsync(_userId, ruleId)).Ok);
        await EvaluateAsync(Evaluator, Snapshot(1202, 1.7));
        Assert.Empty(Evaluator.Current(_portfolioId));
        Assert.Empty(Evaluator.CurrentOfRule(ruleId));
    }

    [Fact]
    public async Task EvaluateAsync_WorkspaceWideRule_CoversEveryPortfolioOfTheWorkspace()
    {
        var ruleId = await CreateRuleAsync(HealthRule() with { Scope = AlertScope.Workspace });
        int second;
        await using (var db = await Db())
        {
            var p = new Portfolio { Name = "Second", ChainName = "local", WorkspaceId = _workspaceId, CreatedAt = T0 };
            db.Portfolios.Add(p);
            await db.SaveChangesAsync();
            second = p.Id;
        }
        Services.GetRequiredService<PortfolioChangeSignal>().Raise();

        await EvaluateAsync(Evaluator, Snapshot(1300, 1.4), Snapshot(1300, 1.8) with { PortfolioId = second });

        var views = Evaluator.CurrentOfRule(ruleId);
        Assert.Equal([(_portfolioId, AlertState.Firing), (second, AlertState.Normal)], views.Select(v => (v.PortfolioId, v.State)));
    }

    [Fact]
    public async Task EvaluateAsync_RoundOfHundredPortfoliosOnAllCores_EveryPortfolioFiresConfirmsAndUndoesLikeOne()
    {
        // Past the evaluator's parallel threshold: the same results as one portfolio at a time, one database write.
        var portfolios = new List<int> { _portfolioId };
        for (var k = 1; k < 100; k++)
        {
            var (result, id) = await Services.GetRequiredService<UserPortfolios>().CreateAsync(_userId, _workspaceId, $"book {k}", "local");
            Assert.True(result.Ok, result.Error);
            portfolios.Add(id!.Value);
        }
        await CreateRuleAsync(HealthRule() with { Scope = AlertScope.Workspace });
        ExposureSnapshot[] Round(ulong block, double hf, string? hash = null) =>
            portfolios.Select(id => Snapshot(block, hf, hash) with { PortfolioId = id }).ToArray();

        await EvaluateAsync(Evaluator, Round(500, 1.8));
        await EvaluateAsync(Evaluator, Round(501, 1.4));
        var fired = await TransitionsAsync();
        Assert.Equal(100, fired.Count);
        Assert.Equal(portfolios.Order(), fired.Select(t => t.PortfolioId).Order());
        Assert.All(fired, t => Assert.Equal(("firing", AlertTransitionStatus.Unconfirmed, 501L), (t.Kind, t.Status, t.BlockNumber)));

        // A reorg replaces block 501 with one where nothing crossed: every transition undone, nothing notified.
        await EvaluateAsync(Evaluator, Round(501, 1.8, hash: "0x" + new string('b', 64)));
        Assert.All(await TransitionsAsync(), t => Assert.Equal(AlertTransitionStatus.Undone, t.Status));
        Assert.Equal(0, await Evaluator.ConfirmAsync("local", 510, CancellationToken.None));

        await EvaluateAsync(Evaluator, Round(502, 1.1));
        Assert.Equal(100, await Evaluator.ConfirmAsync("local", 504, CancellationToken.None));
        Assert.Equal(100, (await OutboxAsync()).Count);
        Assert.All(portfolios, id => Assert.Equal(AlertState.Firing, Assert.Single(Evaluator.Current(id)).State));
    }
}
