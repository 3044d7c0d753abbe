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
    /// <see cref="AlertMetric.HealthFactorTimeToLevel"/> yields each account's health factor here; turning it into hours needs
    /// the trend over several blocks, which the evaluator keeps.
    /// </remarks>
    public static IReadOnlyList<AlertSeriesValue> Extract(AlertRuleDefinition rule, ExposureSnapshot snapshot)
    {
        var all = rule.Metric switch
        {
            AlertMetric.NetDeltaUnits or AlertMetric.NetDeltaUsd or AlertMetric.DollarGamma or AlertMetric.Vega or AlertMetric.Theta or AlertMetric.OracleStale
                => PerUnderlying(rule, snapshot),
            AlertMetric.HealthFactor or AlertMetric.HealthFactorTimeToLevel => HealthFactors(snapshot),
            AlertMetric.LiquidationDistance => Distances(snapshot),
            AlertMetric.PerpMarginRatio => MarginRatios(snapshot),
            AlertMetric.LpOutOfRange => LpRanges(snapshot),
            _ => [],
        };
        var matched = rule.Scope switch
        {
            AlertScope.Underlying => all.Where(s => MatchesUnderlying(s, rule.Underlying)).ToList(),
            AlertScope.Position => all.Where(s => s.Position == rule.PositionId).ToList(),
            _ => all,
        };
        return matched.Select(s => s.Value).ToList();
    }

    private sealed record Candidate(AlertSeriesValue Value, string? Underlying, string? Position);

    private static bool MatchesUnderlying(Candidate c, string? underlying) =>
        underlying is not null && c.Underlying is { } u && u.Split('/').Contains(underlying, StringComparer.OrdinalIgnoreCase);

    private static List<Candidate> PerUnderlying(AlertRuleDefinition rule, ExposureSnapshot s)
    {
        var list = new List<Candidate>(s.Assets.Count);
        foreach (var a in s.Assets)
        {
            var key = $"{s.PortfolioId}:{Prefix(rule.Metric)}:{a.Underlying}";
            var stale = a.IsStale(s.BlockTime);
            var staleWhy = $"{a.Underlying} price unusable at block {s.BlockNumber}: {a.PriceIssue ?? "stale oracle answer"}";
            AlertObservation obs = rule.Metric switch
            {
                AlertMetric.OracleStale => new AlertObservation.Value(stale ? 1 : 0),
                // Units need no price, but a delta of 0 because nothing could be priced is no delta: say so.
                AlertMetric.NetDeltaUnits => Unpriced(s, a.Underlying) is { } why ? new AlertObservation.Missing(why) : new AlertObservation.Value(a.Quantity),
                _ when stale || a.PriceUsd is null => new AlertObservation.Missing(staleWhy),
                AlertMetric.NetDeltaUsd => Value(a.UsdDelta, staleWhy),
                AlertMetric.DollarGamma => Value(a.DollarGammaPerPercent, staleWhy),
                AlertMetric.Vega => new AlertObservation.Value(a.VegaPerVolPoint),
                _ => new AlertObservation.Value(a.ThetaPerDay),
            };
            list.Add(new(new(key, s.PortfolioId, a.Underlying, obs), a.Underlying, null));
        }
        return list;
    }

    private static string? Unpriced(ExposureSnapshot s, string underlying)
    {
        var rows = s.Positions.Where(p => p.Underlyings.Split('/').Contains(underlying, StringComparer.OrdinalIgnoreCase)).ToList();
        return rows.Count > 0 && rows.All(p => p.ValueUsd is null)
            ? $"no {underlying} position could be priced at block {s.BlockNumber}: {rows[0].Status ?? "unpriced"}"
            : null;
    }

    private static List<Candidate> HealthFactors(ExposureSnapshot s)
    {
        var list = new List<Candidate>();
        foreach (var p in s.Positions.Where(p => p.Protocol == "aave-v3"))
        {
            var key = $"{s.PortfolioId}:hf:{p.Id}";
            var label = $"{p.Protocol} {Short(p.Owner)}";
            AlertObservation obs;
            if (p.Status is { } status && p.ValueUsd is null) obs = new AlertObservation.Failed(status);
            else if (s.Liquidations.FirstOrDefault(l => l.PositionId == p.Id && l.HealthFactor is not null) is { HealthFactor: { } hf }) obs = new AlertObservation.Value(hf);
            // No debt: the protocol's health factor is +∞, far from any threshold; NoData would be wrong.
            else obs = new AlertObservation.Value(double.MaxValue);
            list.Add(new(new(key, s.PortfolioId, label, obs), p.Underlyings, p.Id));
        }
        return list;
    }

    private static List<Candidate> Distances(ExposureSnapshot s)
    {
        var list = new List<Candidate>();
        foreach (var l in s.Liquidations)
        {
            var key = $"{s.PortfolioId}:liq:{l.PositionId}:{l.Underlying}";
            var owner = s.Positions.FirstOrDefault(p => p.Id == l.PositionId)?.Owner ?? l.PositionId;
            var label = $"{l.Underlying} liquidation of {Short(owner)}";
            AlertObservation obs = l.PriceUsd is null ? new AlertObservation.Value(100)
                : l.Distance is { } d ? new AlertObservation.Value(d * 100)
                : new AlertObservation.Missing($"no usable {l.Underlying} price at block {s.BlockNumber}");
            list.Add(new(new(key, s.PortfolioId, label, obs), l.Underlying, l.PositionId));
        }
        return list;
    }

    private static List<Candidate> MarginRatios(ExposureSnapshot s)
    {
        var list = new List<Candidate>();
        foreach (var p in s.Positions.Where(p => p.MarginRatio is not null || (p.Protocol == "gmx-v2" && p.ValueUsd is null)))
        {
            var key = $"{s.PortfolioId}:margin:{p.Id}";
            AlertObservation obs = p.MarginRatio is { } r ? new AlertObservation.Value(r * 100) : new AlertObservation.Failed(p.Status ?? "unpriced");
            list.Add(new(new(key, s.PortfolioId, $"{p.Description}", obs), p.Underlyings, p.Id));
        }
        return list;
    }

    private static List<Candidate> LpRanges(ExposureSnapshot s)
    {
        var list = new List<Candidate>();
        foreach (var p in s.Positions.Where(p => p.Protocol == "uniswap-v3"))
        {
            var key = $"{s.PortfolioId}:lp:{p.Id}";
            AlertObservation obs = p.Markers.Contains("in-range") ? new AlertObservation.Value(0)
                : p.Markers.Contains("below-range") || p.Markers.Contains("above-range") ? new AlertObservation.Value(1)
                : new AlertObservation.Failed(p.Status ?? "range not read");
            list.Add(new(new(key, s.PortfolioId, p.Description, obs), p.Underlyings, p.Id));
        }
        return list;
    }

    private static AlertObservation Value(double? value, string missing) =>
        value is { } v && double.IsFinite(v) ? new AlertObservation.Value(v) : new AlertObservation.Missing(missing);

    private static string Prefix(AlertMetric metric) => metric.ToString().ToLowerInvariant();

    private static string Short(string address) =>
        address.Length == 42 ? string.Create(CultureInfo.InvariantCulture, $"{address[..6]}…{address[^4..]}") : address;
}
