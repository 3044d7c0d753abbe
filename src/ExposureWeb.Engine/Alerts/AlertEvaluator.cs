using System.Collections.Concurrent;
using System.Text.Json;
using ExposureWeb.Data.Alerts;
using ExposureWeb.Data.Entities;
using ExposureWeb.Engine.Reading;
using ExposureWeb.Engine.Snapshots;
using ExposureWeb.Risk.Alerts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Engine.Alerts;

/// <summary>
/// Evaluates the enabled alert rules on every snapshot the engine computes, keeps every instance's state in memory (loaded
/// from the database at start, so a restart continues where it was), writes what changed, undoes transitions of blocks a
/// reorg replaced, and confirms transitions once their block is deep enough, writing the outbox in the same transaction.
/// </summary>
/// <remarks>
/// <para>Called by the chain monitor: <see cref="EvaluateAsync"/> for each round of snapshots of a block (after they are
/// published), <see cref="RewindAsync"/> when a reorg replaced blocks, <see cref="ConfirmAsync"/> at the end of each
/// cycle. Calls are serialised (one gate for every chain; SQLite takes one writer at a time anyway).</para>
/// <para>Only what changed is touched: a portfolio whose snapshot has the same figures as its previous one
/// (<see cref="SnapshotFingerprint"/>) is skipped unless one of its instances is in a timed state (pending, recovering),
/// a time-to-level rule covers it (its trend moves with time), the rules changed or a reorg undid something; and only
/// instances whose state changed are written (their value alone at most every <see cref="AlertOptions.ValueWriteSeconds"/>).
/// So the stored <c>LastBlock</c> and <c>Value</c> may lag behind; <see cref="Current(int)"/> is exact, and nothing the
/// state machine or a reorg needs depends on them (they use the state, its since-block and the transitions).</para>
/// <para>Rules are reloaded at the first evaluation after <see cref="AlertRuleChangeSignal"/>: an edit takes effect at the
/// next block. An edit of what a rule watches (metric, scope, underlying, position) starts its instances afresh: the old
/// ones are deleted with their history, as they describe series the rule no longer watches. A deleted or disabled rule's
/// instances leave memory (a deleted rule's rows go with it; a disabled rule keeps its history).</para>
/// <para>A write that fails (or any other failure inside an evaluation) makes the next call reload rules and instances from
/// the database, so memory never runs ahead of what is stored.</para>
/// </remarks>
public sealed class AlertEvaluator
{
    private readonly AlertRuleStore _ruleStore;
    private readonly AlertStateStore _store;
    private readonly PortfolioDirectory _portfolios;
    private readonly IAlertPublisher _publisher;
    private readonly AlertOutboxSignal _outbox;
    private readonly AlertOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<AlertEvaluator> _logger;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _rulesDirty = 1;
    private bool _loaded;

    // Rules by id, and which rules cover a portfolio: its own, and its workspace's workspace-wide ones.
    private Dictionary<int, RuleEntry> _rules = [];
    private Dictionary<int, List<RuleEntry>> _byPortfolio = [];
    private Dictionary<int, List<RuleEntry>> _byWorkspace = [];
    private int _rulesVersion;

    // Concurrent: portfolios are evaluated in parallel, and a new series adds its instance from whichever thread saw it.
    private readonly ConcurrentDictionary<(int RuleId, string Key), Instance> _instances = new();
    // Copy-on-write arrays: Current() reads them from other threads without the gate.
    private readonly ConcurrentDictionary<int, Instance[]> _portfolioInstances = new();
    private readonly ConcurrentDictionary<int, (ulong Fingerprint, int RulesVersion)> _fingerprints = new();
    // Instances whose state or value changed since the last ConfirmAsync of their chain: published then.
    private readonly Dictionary<string, HashSet<Instance>> _changed = new(StringComparer.OrdinalIgnoreCase);
    // Rows to delete with the next write (instances of a rule that now watches other series).
    private readonly List<long> _removals = [];
    private long _stamp;
    private int _unconfirmed;

    public AlertEvaluator(
        AlertRuleStore ruleStore, AlertRuleChangeSignal ruleChanges, AlertStateStore store, PortfolioDirectory portfolios, IAlertPublisher publisher,
        AlertOutboxSignal outbox, IOptions<AlertOptions> options, TimeProvider time, ILogger<AlertEvaluator> logger)
    {
        _ruleStore = ruleStore;
        _store = store;
        _portfolios = portfolios;
        _publisher = publisher;
        _outbox = outbox;
        _options = options.Value;
        _time = time;
        _logger = logger;
        ruleChanges.Changed += () => Volatile.Write(ref _rulesDirty, 1);
    }

    /// <summary>Loads rules and instances now rather than at the first block (so <see cref="Current(int)"/> answers after a restart).</summary>
    public async Task InitializeAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await EnsureLoadedAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Evaluates every rule covering the portfolios of <paramref name="snapshots"/> (one round of one block of <paramref name="chainName"/>) and writes what changed in one transaction.</summary>
    public Task EvaluateAsync(string chainName, IReadOnlyList<ExposureSnapshot> snapshots, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        return snapshots.Count == 0 ? Task.CompletedTask : UnderGateAsync(async () =>
        {
            var portfolios = await PortfolioMapAsync(chainName, ct);
            var batch = new Batch();
            var now = _time.GetUtcNow();
            var changed = ChangedOf(chainName);
            var work = new List<(ExposureSnapshot Snapshot, WatchedPortfolio Portfolio)>(snapshots.Count);
            foreach (var s in snapshots)
            {
                if (portfolios.TryGetValue(s.PortfolioId, out var portfolio)) work.Add((s, portfolio));
            }
            if (work.Count < ParallelFrom || Environment.ProcessorCount == 1)
            {
                foreach (var (s, portfolio) in work) Evaluate(s, portfolio, batch, changed, now);
            }
            else
            {
                EvaluateInParallel(work, batch, changed, now);
            }
            await WriteAsync(batch, now, ct);
        }, ct);
    }

    /// <summary>
    /// Undoes the unconfirmed transitions of <paramref name="chainName"/>'s instances at <paramref name="fromBlock"/> and
    /// above (a reorg replaced those blocks): marked undone, each instance back to its state before them. The next
    /// evaluation judges the replacement blocks.
    /// </summary>
    public Task RewindAsync(string chainName, ulong fromBlock, CancellationToken ct) => UnderGateAsync(async () =>
    {
        if (Volatile.Read(ref _unconfirmed) == 0) return;
        var portfolios = await PortfolioMapAsync(chainName, ct);
        var batch = new Batch();
        var changed = ChangedOf(chainName);
        foreach (var id in portfolios.Keys) UndoFrom(id, fromBlock, batch, changed);
        await WriteAsync(batch, _time.GetUtcNow(), ct);
    }, ct);

    /// <summary>
    /// Confirms the unconfirmed transitions of <paramref name="chainName"/> at blocks at or below
    /// <paramref name="headNumber"/> − <see cref="AlertOptions.ConfirmationBlocks"/>, writing in the same transaction one
    /// outbox row per channel of each notified one; then publishes the instances that changed since the last call and,
    /// when rows were written, raises <see cref="AlertOutboxSignal"/>.
    /// </summary>
    /// <returns>Notifications written to the outbox.</returns>
    public async Task<int> ConfirmAsync(string chainName, ulong headNumber, CancellationToken ct)
    {
        int written = 0;
        List<(int PortfolioId, List<AlertInstanceView> Views)> publish = [];
        await UnderGateAsync(async () =>
        {
            var portfolios = await PortfolioMapAsync(chainName, ct);
            if (Volatile.Read(ref _unconfirmed) > 0 && headNumber >= (ulong)_options.ConfirmationBlocks)
            {
                written = await ConfirmDueAsync(portfolios, headNumber - (ulong)_options.ConfirmationBlocks, ct);
            }
            if (_changed.TryGetValue(chainName, out var changed) && changed.Count > 0)
            {
                publish = changed.Where(i => i.Id != 0 && _rules.ContainsKey(i.RuleId)).GroupBy(i => i.PortfolioId)
                    .Select(g => (g.Key, g.Select(View).OfType<AlertInstanceView>().ToList())).ToList();
                changed.Clear();
            }
        }, ct);
        if (written > 0) _outbox.Raise();
        foreach (var (portfolioId, views) in publish) await _publisher.PublishAlertStatesAsync(portfolioId, views, ct);
        return written;
    }

    /// <summary>Every instance of a portfolio as it stands (empty before the first load).</summary>
    public IReadOnlyList<AlertInstanceView> Current(int portfolioId) =>
        _portfolioInstances.TryGetValue(portfolioId, out var list) ? list.Where(i => i.Id != 0).Select(View).OfType<AlertInstanceView>().ToList() : [];

    /// <summary>Every instance of a rule as it stands, across the portfolios it covers.</summary>
    public IReadOnlyList<AlertInstanceView> CurrentOfRule(int ruleId) =>
        _portfolioInstances.Values.SelectMany(l => l).Where(i => i.RuleId == ruleId && i.Id != 0).Select(View).OfType<AlertInstanceView>()
            .OrderBy(v => v.PortfolioId).ThenBy(v => v.SeriesKey, StringComparer.Ordinal).ToList();

    // ---- evaluation -------------------------------------------------------------------------------------------------

    /// <summary>How often an instance whose value alone moves is published to the hub (its state changes go at once).</summary>
    private static readonly TimeSpan ValuePublishInterval = TimeSpan.FromSeconds(5);

    /// <summary>Portfolios in a round from which evaluation is spread over the cores (below it, threads cost more than they save).</summary>
    private const int ParallelFrom = 64;

    /// <summary>
    /// Evaluates the portfolios on all cores. Safe because everything a portfolio's evaluation changes is its own (its
    /// instances, keyed by portfolio) or concurrent (the instance and fingerprint maps); each worker fills a batch and a
    /// changed-set of its own, merged here, so the one database write and the publication are as in the sequential case.
    /// </summary>
    private void EvaluateInParallel(List<(ExposureSnapshot Snapshot, WatchedPortfolio Portfolio)> work, Batch batch, HashSet<Instance> changed, DateTimeOffset now)
    {
        var parts = new List<(Batch Batch, HashSet<Instance> Changed)>();
        var ranges = System.Collections.Concurrent.Partitioner.Create(0, work.Count, Math.Max(16, work.Count / (Environment.ProcessorCount * 4)));
        Parallel.ForEach(ranges,
            () => (Batch: new Batch(), Changed: new HashSet<Instance>()),
            (range, _, local) =>
            {
                for (var i = range.Item1; i < range.Item2; i++) Evaluate(work[i].Snapshot, work[i].Portfolio, local.Batch, local.Changed, now);
                return local;
            },
            local => { lock (parts) parts.Add(local); });
        foreach (var (part, partChanged) in parts)
        {
            batch.Dirty.UnionWith(part.Dirty);
            batch.ValueOnly.UnionWith(part.ValueOnly);
            batch.Transitions.AddRange(part.Transitions);
            batch.Store.UndoneTransitionIds.AddRange(part.Store.UndoneTransitionIds);
            changed.UnionWith(partChanged);
        }
    }

    private void Evaluate(ExposureSnapshot s, WatchedPortfolio portfolio, Batch batch, HashSet<Instance> changed, DateTimeOffset now)
    {
        var own = _byPortfolio.GetValueOrDefault(portfolio.Id);
        var wide = portfolio.WorkspaceId is { } ws ? _byWorkspace.GetValueOrDefault(ws) : null;
        var existing = _portfolioInstances.GetValueOrDefault(portfolio.Id);
        if (own is null && wide is null && existing is null) return;

        var undid = UndoFrom(portfolio.Id, s.BlockNumber, batch, changed);
        var fingerprint = SnapshotFingerprint.Of(s);
        if (!undid && _fingerprints.TryGetValue(portfolio.Id, out var last) && last.Fingerprint == fingerprint && last.RulesVersion == _rulesVersion
            && !Timed(existing) && !HasTrendRule(own) && !HasTrendRule(wide))
        {
            if (existing is not null) foreach (var i in existing) i.LastBlock = s.BlockNumber;
            return;
        }
        _fingerprints[portfolio.Id] = (fingerprint, _rulesVersion);

        var stamp = Interlocked.Increment(ref _stamp);
        var series = AlertSeries.SnapshotSeries.Of(s);
        if (own is not null) foreach (var rule in own) EvaluateRule(rule, s, series, stamp, batch, changed, now);
        if (wide is not null) foreach (var rule in wide) EvaluateRule(rule, s, series, stamp, batch, changed, now);

        // Series a covering rule watched before but the snapshot no longer has.
        existing = _portfolioInstances.GetValueOrDefault(portfolio.Id);
        if (existing is null) return;
        foreach (var instance in existing)
        {
            if (instance.SeenStamp == stamp || !_rules.TryGetValue(instance.RuleId, out var rule)) continue;
            if (!(rule.PortfolioId == portfolio.Id || (rule.PortfolioId is null && rule.WorkspaceId == portfolio.WorkspaceId))) continue;
            AlertObservation gone = s.Errors.Count > 0
                ? new AlertObservation.Failed($"{instance.Label} not read at block {s.BlockNumber}: {s.Errors[0]}")
                : new AlertObservation.Missing($"{instance.Label} no longer in the portfolio at block {s.BlockNumber}");
            Step(rule, instance, gone, s, batch, changed, now);
        }
    }

    private void EvaluateRule(RuleEntry rule, ExposureSnapshot s, AlertSeries.SnapshotSeries all, long stamp, Batch batch, HashSet<Instance> changed, DateTimeOffset now)
    {
        foreach (var series in AlertSeries.Extract(rule.Definition, all))
        {
            if (!_instances.TryGetValue((rule.Id, series.Key), out var instance))
            {
                instance = new Instance(rule.Id, series.PortfolioId, series.Key, series.Label, AlertInstanceState.Initial(s.BlockNumber, s.BlockTime))
                {
                    // Spread the value-only writes of instances created together over the period.
                    ValueWrittenAt = now - TimeSpan.FromSeconds(Random.Shared.NextDouble() * _options.ValueWriteSeconds),
                };
                Add(instance);
            }
            instance.SeenStamp = stamp;
            instance.Label = series.Label;
            var observation = series.Observation;
            if (rule.Definition.Metric == AlertMetric.HealthFactorTimeToLevel)
            {
                instance.Trend ??= new HealthFactorTrend(_options.TrendBlocks);
                if (instance.Trend.Observe(s.BlockNumber, s.BlockTime, observation, rule.Definition.Level ?? 1.0) is not { } hours)
                {
                    instance.LastBlock = s.BlockNumber;
                    if (instance.Id == 0) batch.Dirty.Add(instance);
                    continue;
                }
                observation = hours;
            }
            Step(rule, instance, observation, s, batch, changed, now);
        }
    }

    private void Step(RuleEntry rule, Instance instance, AlertObservation observation, ExposureSnapshot s, Batch batch, HashSet<Instance> changed, DateTimeOffset now)
    {
        var before = instance.State;
        var (next, transition) = AlertStateMachine.Step(rule.Definition, before, observation, s.BlockNumber, s.BlockTime);
        instance.State = next;
        instance.LastBlock = s.BlockNumber;
        if (transition is not null)
        {
            batch.Transitions.Add((instance, new PendingTransition(0, s.BlockNumber, s.BlockHash, s.BlockTime, before, transition)));
        }
        if (next == before)
        {
            if (instance.Id == 0) batch.Dirty.Add(instance);
            return;
        }
        // Field by field: a `with` copy to compare would allocate on every value change of every instance.
        var valueOnly = transition is null && next.State == before.State && next.Severity == before.Severity && next.SinceBlock == before.SinceBlock
            && next.Since == before.Since && next.Detail == before.Detail;
        // A state change reaches the pages at once; a moving value at most every ValuePublishInterval (prices move every
        // block, and publishing 35,000 moving values a block cost more than evaluating them).
        if (!valueOnly || now - instance.ValuePublishedAt >= ValuePublishInterval)
        {
            changed.Add(instance);
            instance.ValuePublishedAt = now;
        }
        if (!valueOnly || instance.Id == 0 || _options.ValueWriteSeconds == 0 || now - instance.ValueWrittenAt >= TimeSpan.FromSeconds(_options.ValueWriteSeconds))
        {
            if (valueOnly && instance.Id != 0 && string.Equals(instance.Label, instance.WrittenLabel, StringComparison.Ordinal)) batch.ValueOnly.Add(instance);
            else batch.Dirty.Add(instance);
        }
    }

    /// <summary>Undoes a portfolio's unconfirmed transitions at <paramref name="block"/> and above; true when there were any.</summary>
    private bool UndoFrom(int portfolioId, ulong block, Batch batch, HashSet<Instance> changed)
    {
        if (!_portfolioInstances.TryGetValue(portfolioId, out var instances)) return false;
        var undid = false;
        foreach (var instance in instances)
        {
            instance.Trend?.DropFrom(block);
            var pending = instance.Unconfirmed;
            if (pending is null || pending.Count == 0 || pending[^1].Block < block) continue;
            var first = pending.FindIndex(p => p.Block >= block);
            instance.State = pending[first].Previous;
            for (var k = first; k < pending.Count; k++) batch.Store.UndoneTransitionIds.Add(pending[k].TransitionId);
            Interlocked.Add(ref _unconfirmed, -(pending.Count - first));
            pending.RemoveRange(first, pending.Count - first);
            batch.Dirty.Add(instance);
            changed.Add(instance);
            _fingerprints.TryRemove(portfolioId, out _);
            undid = true;
            _logger.LogInformation("Alert instance {Instance} ({Series}): transitions from block {Block} undone by a reorg; back to {State}",
                instance.Id, instance.SeriesKey, block, instance.State.State);
        }
        return undid;
    }

    private static bool Timed(Instance[]? instances)
    {
        if (instances is null) return false;
        foreach (var i in instances) if (i.State.IsTimed) return true;
        return false;
    }

    private static bool HasTrendRule(List<RuleEntry>? rules)
    {
        if (rules is null) return false;
        foreach (var r in rules) if (r.Definition.Metric == AlertMetric.HealthFactorTimeToLevel) return true;
        return false;
    }

    // ---- persistence ------------------------------------------------------------------------------------------------

    private async Task WriteAsync(Batch batch, DateTimeOffset now, CancellationToken ct)
    {
        batch.Store.RemovedInstanceIds.AddRange(_removals);
        var entries = new Dictionary<Instance, AlertInstanceEntry>(batch.Dirty.Count);
        foreach (var instance in batch.Dirty) entries[instance] = ToEntry(instance, now);
        batch.Store.Instances.AddRange(entries.Values);
        var valueOnly = new List<Instance>(batch.ValueOnly.Count);
        foreach (var instance in batch.ValueOnly)
        {
            if (entries.ContainsKey(instance)) continue; // written whole anyway
            valueOnly.Add(instance);
            batch.Store.ValueUpdates.Add(new AlertValueUpdate(instance.Id, instance.State.Value is { } v && double.IsFinite(v) ? v : null, (long)instance.LastBlock, now));
        }
        foreach (var (instance, pending) in batch.Transitions)
        {
            if (!entries.TryGetValue(instance, out var entry)) entries[instance] = entry = ToEntry(instance, now);
            batch.Store.Transitions.Add((entry, ToEntry(instance, pending)));
        }
        if (batch.Store.IsEmpty) return;
        await _store.WriteAsync(batch.Store, ct);
        _removals.Clear();

        foreach (var (instance, entry) in entries)
        {
            // A new instance keeps its spread-out time, so instances created together do not all write their values together.
            if (instance.Id != 0) instance.ValueWrittenAt = now;
            instance.Id = entry.Id;
            instance.WrittenLabel = instance.Label;
        }
        foreach (var instance in valueOnly) instance.ValueWrittenAt = now;
        for (var k = 0; k < batch.Transitions.Count; k++)
        {
            var (instance, pending) = batch.Transitions[k];
            (instance.Unconfirmed ??= []).Add(pending with { TransitionId = batch.Store.Transitions[k].Transition.Id });
            Interlocked.Increment(ref _unconfirmed);
        }
    }

    private static AlertInstanceEntry ToEntry(Instance i, DateTimeOffset now) => new()
    {
        Id = i.Id,
        RuleId = i.RuleId,
        PortfolioId = i.PortfolioId,
        SeriesKey = i.SeriesKey,
        Label = AlertMessages.Truncate(i.Label, 300)!,
        State = i.State.State.ToString(),
        Severity = i.State.Severity?.ToString(),
        Value = i.State.Value is { } v && double.IsFinite(v) ? v : null,
        Detail = i.State.Detail,
        SinceBlock = (long)i.State.SinceBlock,
        Since = i.State.Since,
        LastBlock = (long)i.LastBlock,
        UpdatedAt = now,
    };

    private static AlertTransitionEntry ToEntry(Instance i, PendingTransition p) => new()
    {
        RuleId = i.RuleId,
        PortfolioId = i.PortfolioId,
        FromState = p.Transition.From.State.ToString(),
        FromSeverity = p.Transition.From.Severity?.ToString(),
        ToState = p.Transition.To.State.ToString(),
        ToSeverity = p.Transition.To.Severity?.ToString(),
        Kind = p.Transition.Kind,
        Value = p.Transition.To.Value is { } v && double.IsFinite(v) ? v : null,
        Detail = p.Transition.To.Detail,
        BlockNumber = (long)p.Block,
        BlockHash = p.BlockHash,
        BlockTime = p.BlockTime,
        Notify = p.Transition.Notify,
        Status = AlertTransitionStatus.Unconfirmed,
        PreviousStateJson = JsonSerializer.Serialize(p.Previous, AlertRuleJson.Options),
    };

    private async Task<int> ConfirmDueAsync(Dictionary<int, WatchedPortfolio> portfolios, ulong upTo, CancellationToken ct)
    {
        var due = new List<(Instance Instance, PendingTransition Pending)>();
        foreach (var portfolioId in portfolios.Keys)
        {
            if (!_portfolioInstances.TryGetValue(portfolioId, out var instances)) continue;
            foreach (var i in instances)
            {
                if (i.Unconfirmed is not { Count: > 0 } list) continue;
                foreach (var p in list) if (p.Block <= upTo) due.Add((i, p));
            }
        }
        if (due.Count == 0) return 0;

        var now = _time.GetUtcNow();
        var destinationIds = due.Where(d => d.Pending.Transition.Notify && _rules.ContainsKey(d.Instance.RuleId))
            .SelectMany(d => _rules[d.Instance.RuleId].Definition.DestinationIds).ToHashSet();
        var kinds = await _store.DestinationKindsAsync(destinationIds, ct);
        var confirmations = new List<AlertConfirmation>(due.Count);
        foreach (var (instance, pending) in due)
        {
            var outbox = pending.Transition.Notify && _rules.TryGetValue(instance.RuleId, out var rule) && portfolios.TryGetValue(instance.PortfolioId, out var portfolio)
                ? Notifications(rule, portfolio, instance, pending, kinds, now)
                : [];
            confirmations.Add(new AlertConfirmation(pending.TransitionId, outbox));
        }
        var (confirmed, written) = await _store.ConfirmAsync(confirmations, now, ct);
        foreach (var (instance, pending) in due)
        {
            // Confirmed now, or no longer unconfirmed in the database (confirmed by another process, or undone): either way done here.
            if (instance.Unconfirmed!.Remove(pending)) Interlocked.Decrement(ref _unconfirmed);
        }
        if (confirmed.Count > 0)
        {
            _logger.LogInformation("Alerts: {Confirmed} transition(s) confirmed up to block {Block}; {Written} notification(s) in the outbox", confirmed.Count, upTo, written);
        }
        return written;
    }

    private static List<AlertNotification> Notifications(RuleEntry rule, WatchedPortfolio portfolio, Instance instance, PendingTransition pending,
        IReadOnlyDictionary<int, AlertDestinationKind> kinds, DateTimeOffset now)
    {
        var key = Delivery.DeliveryIdempotencyKey.Of(rule.Id, instance.Id, pending.TransitionId);
        var payload = new AlertNotificationPayload
        {
            IdempotencyKey = key,
            RuleId = rule.Id,
            RuleName = rule.Name,
            WorkspaceId = rule.WorkspaceId,
            PortfolioId = portfolio.Id,
            PortfolioName = portfolio.Name,
            InstanceId = instance.Id,
            Series = instance.Label,
            Metric = rule.Definition.Metric,
            Unit = AlertMetrics.Describe(rule.Definition.Metric).Unit,
            Kind = pending.Transition.Kind,
            FromState = pending.Transition.From.State,
            ToState = pending.Transition.To.State,
            FromSeverity = pending.Transition.From.Severity,
            Severity = pending.Transition.To.Severity,
            Value = pending.Transition.To.Value is { } v && double.IsFinite(v) && v != double.MaxValue ? v : null,
            Threshold = AlertMessages.Threshold(rule.Definition, pending.Transition),
            Detail = pending.Transition.To.Detail,
            Chain = portfolio.ChainName,
            BlockNumber = pending.Block,
            BlockHash = pending.BlockHash,
            BlockTime = pending.BlockTime,
            ConfirmedAt = now,
            Title = AlertMessages.Title(rule.Definition, pending.Transition, instance.Label),
            Text = AlertMessages.Text(rule.Definition, pending.Transition, pending.Block),
            Link = $"/portfolios/{portfolio.Id}/alerts",
        };
        var json = JsonSerializer.Serialize(payload, AlertRuleJson.Options);
        var rows = new List<AlertNotification>();
        if (rule.Definition.InApp) rows.Add(Row(AlertChannel.InApp, null));
        foreach (var id in rule.Definition.DestinationIds.Distinct())
        {
            // A destination deleted since the rule was saved has nowhere to go.
            if (kinds.TryGetValue(id, out var kind)) rows.Add(Row(kind == AlertDestinationKind.Email ? AlertChannel.Email : AlertChannel.Webhook, id));
        }
        return rows;

        AlertNotification Row(AlertChannel channel, int? destination) => new()
        {
            TransitionId = pending.TransitionId,
            RuleId = rule.Id,
            WorkspaceId = rule.WorkspaceId,
            Channel = channel,
            DestinationId = destination,
            IdempotencyKey = key,
            PayloadJson = json,
            Status = AlertNotificationStatus.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
        };
    }

    // ---- loading ----------------------------------------------------------------------------------------------------

    private async Task UnderGateAsync(Func<Task> work, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await EnsureLoadedAsync(ct);
            await work();
        }
        catch
        {
            // Memory may now be ahead of the database (or half-updated): start again from what is stored.
            _loaded = false;
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task EnsureLoadedAsync(CancellationToken ct)
    {
        if (!_loaded)
        {
            Interlocked.Exchange(ref _rulesDirty, 0);
            SetRules(await _ruleStore.ListEnabledAsync(ct));
            await LoadInstancesAsync(ct);
            _loaded = true;
        }
        else if (Interlocked.Exchange(ref _rulesDirty, 0) == 1)
        {
            ReloadRules(await _ruleStore.ListEnabledAsync(ct));
        }
    }

    private async Task LoadInstancesAsync(CancellationToken ct)
    {
        var (instances, unconfirmed) = await _store.LoadAsync(ct);
        _instances.Clear();
        _portfolioInstances.Clear();
        _fingerprints.Clear();
        _changed.Clear();
        _unconfirmed = 0;
        var now = _time.GetUtcNow();
        var period = Math.Max(1, _options.ValueWriteSeconds);
        var byId = new Dictionary<long, Instance>(instances.Count);
        foreach (var e in instances)
        {
            if (!_rules.ContainsKey(e.RuleId)) continue;
            var state = new AlertInstanceState(Enum.Parse<AlertState>(e.State), e.Severity is null ? null : Enum.Parse<AlertSeverity>(e.Severity),
                e.Value, (ulong)e.SinceBlock, e.Since, e.Detail);
            var instance = new Instance(e.RuleId, e.PortfolioId, e.SeriesKey, e.Label, state)
            {
                Id = e.Id,
                WrittenLabel = e.Label,
                LastBlock = (ulong)e.LastBlock,
                ValueWrittenAt = now - TimeSpan.FromSeconds(e.Id % period),
            };
            _instances[(e.RuleId, e.SeriesKey)] = instance;
            byId[e.Id] = instance;
        }
        foreach (var group in byId.Values.GroupBy(i => i.PortfolioId)) _portfolioInstances[group.Key] = group.ToArray();
        foreach (var t in unconfirmed)
        {
            if (!byId.TryGetValue(t.InstanceId, out var instance)) continue;
            var previous = JsonSerializer.Deserialize<AlertInstanceState>(t.PreviousStateJson, AlertRuleJson.Options)!;
            var to = new AlertInstanceState(Enum.Parse<AlertState>(t.ToState), t.ToSeverity is null ? null : Enum.Parse<AlertSeverity>(t.ToSeverity),
                t.Value, (ulong)t.BlockNumber, t.BlockTime, t.Detail);
            (instance.Unconfirmed ??= []).Add(new PendingTransition(t.Id, (ulong)t.BlockNumber, t.BlockHash, t.BlockTime, previous,
                new AlertTransition(previous, to, t.Notify)));
            _unconfirmed++;
        }
        _logger.LogInformation("Alerts: {Rules} enabled rule(s), {Instances} instance(s), {Unconfirmed} unconfirmed transition(s) loaded",
            _rules.Count, _instances.Count, _unconfirmed);
    }

    private void ReloadRules(IReadOnlyList<StoredAlertRule> stored)
    {
        var previous = _rules;
        SetRules(stored);
        var dropped = new List<Instance>();
        foreach (var instance in _instances.Values)
        {
            if (!_rules.TryGetValue(instance.RuleId, out var rule))
            {
                dropped.Add(instance);
            }
            else if (previous.TryGetValue(instance.RuleId, out var before) && before.Shape != rule.Shape)
            {
                dropped.Add(instance);
                if (instance.Id != 0) _removals.Add(instance.Id);
            }
        }
        foreach (var instance in dropped)
        {
            _instances.TryRemove((instance.RuleId, instance.SeriesKey), out _);
            Remove(instance);
            if (instance.Unconfirmed is { } u) Interlocked.Add(ref _unconfirmed, -u.Count);
            foreach (var set in _changed.Values) set.Remove(instance);
        }
    }

    private void SetRules(IReadOnlyList<StoredAlertRule> stored)
    {
        var rules = new Dictionary<int, RuleEntry>();
        var byPortfolio = new Dictionary<int, List<RuleEntry>>();
        var byWorkspace = new Dictionary<int, List<RuleEntry>>();
        foreach (var s in stored)
        {
            var d = s.Definition;
            var entry = new RuleEntry(s.Rule.Id, s.Rule.WorkspaceId, s.Rule.PortfolioId, s.Rule.Name, d,
                $"{d.Metric}|{d.Scope}|{d.Underlying}|{d.PositionId}|{s.Rule.PortfolioId}");
            rules[entry.Id] = entry;
            if (entry.PortfolioId is { } p) Get(byPortfolio, p).Add(entry);
            else Get(byWorkspace, entry.WorkspaceId).Add(entry);
        }
        _rules = rules;
        _byPortfolio = byPortfolio;
        _byWorkspace = byWorkspace;
        _rulesVersion++;

        static List<RuleEntry> Get(Dictionary<int, List<RuleEntry>> map, int key) =>
            map.TryGetValue(key, out var list) ? list : map[key] = [];
    }

    private async Task<Dictionary<int, WatchedPortfolio>> PortfolioMapAsync(string chainName, CancellationToken ct)
    {
        var list = await _portfolios.OnChainAsync(chainName, ct);
        var map = new Dictionary<int, WatchedPortfolio>(list.Count);
        foreach (var p in list) map[p.Id] = p;
        return map;
    }

    private HashSet<Instance> ChangedOf(string chainName) =>
        _changed.TryGetValue(chainName, out var set) ? set : _changed[chainName] = [];

    private void Add(Instance instance)
    {
        _instances[(instance.RuleId, instance.SeriesKey)] = instance;
        _portfolioInstances.AddOrUpdate(instance.PortfolioId, _ => [instance], (_, list) => [.. list, instance]);
    }

    private void Remove(Instance instance)
    {
        if (!_portfolioInstances.TryGetValue(instance.PortfolioId, out var list)) return;
        var rest = list.Where(i => i != instance).ToArray();
        if (rest.Length == 0) _portfolioInstances.TryRemove(instance.PortfolioId, out _);
        else _portfolioInstances[instance.PortfolioId] = rest;
    }

    private AlertInstanceView? View(Instance i)
    {
        if (!_rules.TryGetValue(i.RuleId, out var rule)) return null;
        var s = i.State;
        return new AlertInstanceView(i.Id, i.RuleId, rule.Name, i.PortfolioId, i.SeriesKey, i.Label, rule.Definition.Metric,
            s.State, s.Severity, s.Value, s.Detail, s.SinceBlock, s.Since, i.LastBlock);
    }

    private sealed record RuleEntry(int Id, int WorkspaceId, int? PortfolioId, string Name, AlertRuleDefinition Definition, string Shape);

    /// <summary>A transition written as unconfirmed: what it changed, so a reorg can restore <see cref="Previous"/> and a confirmation can word it.</summary>
    private sealed record PendingTransition(long TransitionId, ulong Block, string BlockHash, DateTimeOffset BlockTime, AlertInstanceState Previous, AlertTransition Transition);

    private sealed class Instance(int ruleId, int portfolioId, string seriesKey, string label, AlertInstanceState state)
    {
        public long Id { get; set; }
        public int RuleId { get; } = ruleId;
        public int PortfolioId { get; } = portfolioId;
        public string SeriesKey { get; } = seriesKey;
        public string Label { get; set; } = label;

        /// <summary>Replaced, never changed: readers on other threads see one state or the next.</summary>
        public AlertInstanceState State { get; set; } = state;

        public ulong LastBlock { get; set; }
        public long SeenStamp { get; set; }
        public DateTimeOffset ValueWrittenAt { get; set; }

        /// <summary>The label as last written with the whole row (null before the first write): a changed label needs the whole row again.</summary>
        public string? WrittenLabel { get; set; }

        public DateTimeOffset ValuePublishedAt { get; set; }
        public List<PendingTransition>? Unconfirmed { get; set; }
        public HealthFactorTrend? Trend { get; set; }
    }

    private sealed class Batch
    {
        public AlertStateBatch Store { get; } = new();
        public HashSet<Instance> Dirty { get; } = [];

        /// <summary>Stored instances whose value alone moved: written with the lean statement unless also <see cref="Dirty"/>.</summary>
        public HashSet<Instance> ValueOnly { get; } = [];

        public List<(Instance Instance, PendingTransition Pending)> Transitions { get; } = [];
    }

}
