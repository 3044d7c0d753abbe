using ExposureWeb.Risk.Alerts;

namespace ExposureWeb.Engine.Alerts;

/// <summary>
/// The recent health factors of one lending account (one point per evaluated block, at most a capacity) and the hours
/// until the health factor reaches a level at their trend: <see cref="AlertMetric.HealthFactorTimeToLevel"/>.
/// </summary>
/// <remarks>
/// <para>The trend is the slope of a least-squares line through the points (health factor against block time); the hours
/// are (level − current health factor) ÷ slope, counted from the current value, not the fitted one.</para>
/// <para>What it yields, and why:</para>
/// <list type="bullet">
/// <item>fewer than <see cref="MinPoints"/> points, or all at one block time (no time has passed): nothing — the
/// instance is not stepped and keeps its state. NoData would notify every new instance and every restart; a made-up
/// value would claim a trend nobody measured.</item>
/// <item>flat or rising, or no debt (an infinite health factor): <see cref="NoTrendHours"/> (100 years), i.e. "not at this
/// trend": far above any threshold the validator accepts (at most a year), so it reads as normal.</item>
/// <item>already at or below the level: 0.</item>
/// <item>a missing or failed health factor: passed on as it is (NoData or Error by the rule's policy).</item>
/// </list>
/// <para>Points live in memory only: after a restart the trend starts again (its instances keep their stored state until
/// the third block). A reorg drops the points of the replaced blocks.</para>
/// </remarks>
public sealed class HealthFactorTrend(int capacity)
{
    /// <summary>Hours reported when the health factor is not falling: 100 years.</summary>
    public const double NoTrendHours = 24 * 365 * 100;

    /// <summary>Points needed before the trend means anything.</summary>
    public const int MinPoints = 3;

    private readonly List<(ulong Block, DateTimeOffset Time, double HealthFactor)> _points = [];

    public int Count => _points.Count;

    /// <summary>Adds the health factor seen at <paramref name="block"/> and returns the time-to-level observation, or null while there is no trend yet.</summary>
    public AlertObservation? Observe(ulong block, DateTimeOffset time, AlertObservation healthFactor, double level)
    {
        if (healthFactor is not AlertObservation.Value { Amount: var hf }) return healthFactor;
        if (!double.IsFinite(hf) || hf == double.MaxValue)
        {
            // No debt: nothing to project, and its "points" would wreck the next fit.
            _points.Clear();
            return new AlertObservation.Value(NoTrendHours);
        }
        DropFrom(block);
        _points.Add((block, time, hf));
        if (_points.Count > capacity) _points.RemoveRange(0, _points.Count - capacity);
        if (_points.Count < MinPoints) return null;
        if (hf <= level) return new AlertObservation.Value(0);
        return Slope() switch
        {
            null => null,
            >= 0 => new AlertObservation.Value(NoTrendHours),
            { } slope => new AlertObservation.Value(Math.Min(NoTrendHours, (level - hf) / slope)),
        };
    }

    /// <summary>Forgets the points at <paramref name="block"/> and above (a reorg replaced them, or the block is read again).</summary>
    public void DropFrom(ulong block)
    {
        var keep = _points.Count;
        while (keep > 0 && _points[keep - 1].Block >= block) keep--;
        if (keep < _points.Count) _points.RemoveRange(keep, _points.Count - keep);
    }

    /// <summary>Least-squares slope in health factor per hour; null when every point has the same time.</summary>
    private double? Slope()
    {
        var t0 = _points[0].Time;
        double n = _points.Count, sumT = 0, sumH = 0;
        foreach (var p in _points)
        {
            sumT += (p.Time - t0).TotalHours;
            sumH += p.HealthFactor;
        }
        double meanT = sumT / n, meanH = sumH / n, cov = 0, var = 0;
        foreach (var p in _points)
        {
            var dt = (p.Time - t0).TotalHours - meanT;
            cov += dt * (p.HealthFactor - meanH);
            var += dt * dt;
        }
        return var <= 0 ? null : cov / var;
    }
}
