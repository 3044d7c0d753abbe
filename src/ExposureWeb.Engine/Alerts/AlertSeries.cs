using System.Globalization;
using ExposureWeb.Engine.Snapshots;
using ExposureWeb.Risk.Alerts;

namespace ExposureWeb.Engine.Alerts;

/// <summary>One series a rule matches in a snapshot, with what the snapshot says of it.</summary>
/// <param name="Key">Stable within the rule: <c>{portfolio}:{metric-specific id}</c>, e.g. <c>7:hf:aave-v3:local:0x7099…</c>.</param>
/// <param name="PortfolioId">The portfolio it belongs to.</param>
/// <param name="Label">The series in words for toasts and tables, e.g. "ETH" or "aave-v3 0x7099… (ETH/USDC)".</param>
/// <param name="Observation">The value, or why there is none.</param>
public sealed record AlertSeriesValue(string Key, int PortfolioId, string Label, AlertObservation Observation);

/// <summary>
/// Which series a rule watches in a portfolio's snapshot and their values, in the metric's unit (<see cref="AlertMetrics"/>).
/// Pure: the engine's evaluator and the rule builder's live preview both call it, so the preview shows what the engine
/// will see. A price that is stale or unusable makes every USD figure of that underlying missing, never zero.
/// </summary>
public static class AlertSeries
{
    /// <summary>The series of <paramref name="rule"/> in <paramref name="snapshot"/>, filtered by the rule's scope.</summary>
    /// <remarks>
    /// <para><see cref="AlertMetric.HealthFactorTimeToLevel"/> yields each account's health factor here; turning it into hours needs
    /// the trend over several blocks, which the evaluator keeps.</para>
    /// <para>The engine asks this for every rule of every portfolio on every block where figures moved (10,000 rules), so a
    /// snapshot's series are worked out once per metric and shared by the rules that watch it (<see cref="SnapshotSeries"/>),
    /// and keys and labels are reused across blocks instead of formatted again.</para>
    /// </remarks>
    public static IReadOnlyList<AlertSeriesValue> Extract(AlertRuleDefinition rule, ExposureSnapshot snapshot) =>
        Extract(rule, SnapshotSeries.Of(snapshot));

    /// <summary>
    /// The same, from a snapshot's <see cref="SnapshotSeries"/>: the engine makes one per snapshot and asks it for every rule
    /// covering the portfolio, so the rules of one metric share the work.
    /// </summary>
    public static IReadOnlyList<AlertSeriesValue> Extract(AlertRuleDefinition rule, SnapshotSeries series)
    {
        var all = series.For(rule.Metric);
        switch (rule.Scope)
        {
            case AlertScope.Underlying:
                var underlying = rule.Underlying;
                var byUnderlying = new List<AlertSeriesValue>();
                if (underlying is null) return byUnderlying;
                foreach (var c in all) if (c.Underlyings is { } u && Contains(u, underlying)) byUnderlying.Add(c.Value);
                return byUnderlying;
            case AlertScope.Position:
                var byPosition = new List<AlertSeriesValue>();
                foreach (var c in all) if (c.Position == rule.PositionId) byPosition.Add(c.Value);
                return byPosition;
            default:
                return series.Values(rule.Metric);
        }
    }

    /// <summary>A series with what scopes filter it by: the underlyings it nets into and its position.</summary>
    public sealed record Candidate(AlertSeriesValue Value, string? Underlyings, string? Position);

    /// <summary>Whether the <c>/</c>-separated <paramref name="underlyings"/> (e.g. <c>ETH/USDC</c>) name <paramref name="underlying"/>.</summary>
    private static bool Contains(string underlyings, string underlying)
    {
        foreach (var range in underlyings.AsSpan().Split('/'))
        {
            if (underlyings.AsSpan(range).Equals(underlying, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    /// <summary>
    /// One snapshot's series, per metric, computed on first use (rules of the same metric share them). Not thread-safe: one
    /// per snapshot per evaluating thread (a lookup table keyed by snapshot would serialise the engine's parallel evaluation).
    /// </summary>
    public sealed class SnapshotSeries
    {
        private readonly ExposureSnapshot _s;
        private readonly Candidate[]?[] _byMetric = new Candidate[]?[Enum.GetValues<AlertMetric>().Length];
        private readonly AlertSeriesValue[]?[] _values = new AlertSeriesValue[]?[Enum.GetValues<AlertMetric>().Length];

        private SnapshotSeries(ExposureSnapshot s) => _s = s;

        public static SnapshotSeries Of(ExposureSnapshot s) => new(s);

        public Candidate[] For(AlertMetric metric)
        {
            var i = (int)metric;
            if ((uint)i >= (uint)_byMetric.Length) return [];
            return _byMetric[i] ??= Compute(metric);
        }

        public AlertSeriesValue[] Values(AlertMetric metric)
        {
            var i = (int)metric;
            if ((uint)i >= (uint)_values.Length) return [];
            return _values[i] ??= Array.ConvertAll(For(metric), c => c.Value);
        }

        private Candidate[] Compute(AlertMetric metric) => metric switch
        {
            AlertMetric.NetDeltaUnits or AlertMetric.NetDeltaUsd or AlertMetric.DollarGamma or AlertMetric.Vega or AlertMetric.Theta or AlertMetric.OracleStale
                => PerUnderlying(metric),
            AlertMetric.HealthFactor or AlertMetric.HealthFactorTimeToLevel => HealthFactors(),
            AlertMetric.LiquidationDistance => Distances(),
            AlertMetric.PerpMarginRatio => MarginRatios(),
            AlertMetric.LpOutOfRange => LpRanges(),
            AlertMetric.GovernanceAffected => Governance(),
            AlertMetric.StrategyBreached => Strategies(),
            _ => [],
        };

        private Candidate[] PerUnderlying(AlertMetric metric)
        {
            var s = _s;
            var list = new Candidate[s.Assets.Count];
            for (int k = 0; k < list.Length; k++)
            {
                var a = s.Assets[k];
                var stale = a.IsStale(s.BlockTime);
                AlertObservation obs = metric switch
                {
                    AlertMetric.OracleStale => new AlertObservation.Value(stale ? 1 : 0),
                    // Units need no price; they are partial only when an unpriced position's delta needs one (an option).
                    // A partial figure is no data, never a value: a rule must not fire or clear on what it leaves out.
                    AlertMetric.NetDeltaUnits => a.QuantityPartial is { } why ? Partial(why) : new AlertObservation.Value(a.Quantity),
                    _ when stale || a.PriceUsd is null => new AlertObservation.Missing(StaleWhy(a)),
                    AlertMetric.NetDeltaUsd => a.QuantityPartial is { } why ? Partial(why) : Value(a.UsdDelta, a),
                    _ when a.GreeksPartial is { } why => Partial(why),
                    AlertMetric.DollarGamma => Value(a.DollarGammaPerPercent, a),
                    AlertMetric.Vega => new AlertObservation.Value(a.VegaPerVolPoint),
                    _ => new AlertObservation.Value(a.ThetaPerDay),
                };
                list[k] = new(new(Keys.Of(s.PortfolioId, metric, a.Underlying), s.PortfolioId, a.Underlying, obs), a.Underlying, null);
            }
            return list;
        }

        private AlertObservation Partial(string why) => new AlertObservation.Missing($"partial at block {_s.BlockNumber}: {why}");

        private string StaleWhy(AssetExposureRow a) => $"{a.Underlying} price unusable at block {_s.BlockNumber}: {a.PriceIssue ?? "stale oracle answer"}";

        private AlertObservation Value(double? value, AssetExposureRow a) =>
            value is { } v && double.IsFinite(v) ? new AlertObservation.Value(v) : new AlertObservation.Missing(StaleWhy(a));

        private Candidate[] HealthFactors()
        {
            var s = _s;
            Dictionary<string, double>? health = null;
            foreach (var l in s.Liquidations)
            {
                if (l.HealthFactor is { } h) (health ??= new(StringComparer.Ordinal)).TryAdd(l.PositionId, h);
            }
            var list = new List<Candidate>();
            foreach (var p in s.Positions)
            {
                if (p.Protocol != "aave-v3") continue;
                AlertObservation obs;
                // The protocol's own health factor first: our model leaving the account unpriced does not blank it.
                if (health is not null && health.TryGetValue(p.Id, out var hf)) obs = new AlertObservation.Value(hf);
                else if (p.Status is { } status && p.ValueUsd is null) obs = new AlertObservation.Failed(status);
                // No debt: the protocol's health factor is +∞, far from any threshold; NoData would be wrong.
                else obs = new AlertObservation.Value(double.MaxValue);
                list.Add(new(new(Keys.Of(s.PortfolioId, AlertMetric.HealthFactor, p.Id), s.PortfolioId, Labels.Account(p.Protocol, p.Owner), obs), p.Underlyings, p.Id));
            }
            return [.. list];
        }

        private Candidate[] Distances()
        {
            var s = _s;
            var owners = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var p in s.Positions) owners.TryAdd(p.Id, p.Owner);
            var list = new Candidate[s.Liquidations.Count];
            for (int k = 0; k < list.Length; k++)
            {
                var l = s.Liquidations[k];
                var owner = owners.GetValueOrDefault(l.PositionId) ?? l.PositionId;
                AlertObservation obs = l.PriceUsd is null ? new AlertObservation.Value(100)
                    : l.Distance is { } d ? new AlertObservation.Value(d * 100)
                    : new AlertObservation.Missing($"no usable {l.Underlying} price at block {s.BlockNumber}");
                list[k] = new(new(Keys.Of(s.PortfolioId, AlertMetric.LiquidationDistance, l.PositionId, l.Underlying), s.PortfolioId, Labels.Liquidation(l.Underlying, owner), obs),
                    l.Underlying, l.PositionId);
            }
            return list;
        }

        private Candidate[] MarginRatios()
        {
            var s = _s;
            var list = new List<Candidate>();
            foreach (var p in s.Positions)
            {
                if (p.MarginRatio is null && !(p.Protocol == "gmx-v2" && p.ValueUsd is null)) continue;
                AlertObservation obs = p.MarginRatio is { } r ? new AlertObservation.Value(r * 100) : new AlertObservation.Failed(p.Status ?? "unpriced");
                list.Add(new(new(Keys.Of(s.PortfolioId, AlertMetric.PerpMarginRatio, p.Id), s.PortfolioId, p.Description, obs), p.Underlyings, p.Id));
            }
            return [.. list];
        }

        private Candidate[] Governance()
        {
            var s = _s;
            var g = s.Governance;
            var label = g.Count == 0 ? "governance: no pending change affects it"
                : "governance: " + string.Join("; ", g.Select(x => $"{x.Title} ({x.State.ToLowerInvariant()})"));
            return [new(new(Keys.Of(s.PortfolioId, AlertMetric.GovernanceAffected, "pending"), s.PortfolioId, label, new AlertObservation.Value(g.Count > 0 ? 1 : 0)), null, null)];
        }

        private Candidate[] Strategies()
        {
            var s = _s;
            var breached = s.Strategies.Where(x => x.Breached).ToList();
            var label = breached.Count == 0 ? "strategies: all within their limits"
                : "strategies: " + string.Join("; ", breached.Select(x => $"{x.Name} ({x.Text})"));
            return [new(new(Keys.Of(s.PortfolioId, AlertMetric.StrategyBreached, "any"), s.PortfolioId, label, new AlertObservation.Value(breached.Count > 0 ? 1 : 0)), null, null)];
        }

        private Candidate[] LpRanges()
        {
            var s = _s;
            var list = new List<Candidate>();
            foreach (var p in s.Positions)
            {
                if (p.Protocol != "uniswap-v3") continue;
                AlertObservation obs = p.Markers.Contains("in-range") ? new AlertObservation.Value(0)
                    : p.Markers.Contains("below-range") || p.Markers.Contains("above-range") ? new AlertObservation.Value(1)
                    : new AlertObservation.Failed(p.Status ?? "range not read");
                list.Add(new(new(Keys.Of(s.PortfolioId, AlertMetric.LpOutOfRange, p.Id), s.PortfolioId, p.Description, obs), p.Underlyings, p.Id));
            }
            return [.. list];
        }
    }

    /// <summary>
    /// Series keys, made once per (portfolio, metric, id) and reused on every block: <c>{portfolio}:{metric}:{id}</c>. The key
    /// of the time-to-level metric is the health factor's (one series per account either way).
    /// </summary>
    private static class Keys
    {
        private const int MaxCached = 500_000;
        private static readonly string[] Prefixes = Enum.GetValues<AlertMetric>().Select(m => m.ToString().ToLowerInvariant()).ToArray();
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<(int, AlertMetric, string, string?), string> Cache = new();
        private static int _added;

        public static string Of(int portfolioId, AlertMetric metric, string id, string? sub = null)
        {
            var cacheKey = (portfolioId, metric, id, sub);
            if (Cache.TryGetValue(cacheKey, out var key)) return key;
            key = Format(portfolioId, metric, id, sub);
            // Positions come and go; a cache that only grows is cleared once it holds far more than any engine watches.
            // (Counted by hand: ConcurrentDictionary.Count takes every lock of the table.)
            if (Interlocked.Increment(ref _added) > MaxCached)
            {
                Cache.Clear();
                Interlocked.Exchange(ref _added, 0);
            }
            Cache.TryAdd(cacheKey, key);
            return key;
        }

        private static string Format(int portfolioId, AlertMetric metric, string id, string? sub) => metric switch
        {
            AlertMetric.HealthFactor or AlertMetric.HealthFactorTimeToLevel => string.Create(CultureInfo.InvariantCulture, $"{portfolioId}:hf:{id}"),
            AlertMetric.LiquidationDistance => string.Create(CultureInfo.InvariantCulture, $"{portfolioId}:liq:{id}:{sub}"),
            AlertMetric.PerpMarginRatio => string.Create(CultureInfo.InvariantCulture, $"{portfolioId}:margin:{id}"),
            AlertMetric.LpOutOfRange => string.Create(CultureInfo.InvariantCulture, $"{portfolioId}:lp:{id}"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{portfolioId}:{Prefixes[(int)metric]}:{id}"),
        };
    }

    /// <summary>Series labels that repeat on every block, made once.</summary>
    private static class Labels
    {
        private const int MaxCached = 200_000;
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string), string> AccountCache = new();
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string), string> LiquidationCache = new();
        private static int _added;

        public static string Account(string protocol, string owner) => Get(AccountCache, (protocol, owner), static k => $"{k.Item1} {Short(k.Item2)}");

        public static string Liquidation(string underlying, string owner) => Get(LiquidationCache, (underlying, owner), static k => $"{k.Item1} liquidation of {Short(k.Item2)}");

        private static string Get(System.Collections.Concurrent.ConcurrentDictionary<(string, string), string> cache, (string, string) key, Func<(string, string), string> make)
        {
            if (cache.TryGetValue(key, out var label)) return label;
            if (Interlocked.Increment(ref _added) > MaxCached)
            {
                cache.Clear();
                Interlocked.Exchange(ref _added, 0);
            }
            return cache.GetOrAdd(key, make);
        }

        // Only a whole address is shortened: a position id standing in for a missing owner stays whole.
        private static string Short(string address) => address.Length == 42 ? Chain.Primitives.Address.Abbreviate(address) : address;
    }
}
