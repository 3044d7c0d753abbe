using ExposureWeb.Engine.Alerts;
using ExposureWeb.Risk.Alerts;

namespace ExposureWeb.Engine.Tests.Alerts;

/// <summary>The time-to-level projection: a least-squares line through the recent health factors.</summary>
public sealed class HealthFactorTrendTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static AlertObservation? Feed(HealthFactorTrend trend, params (double Hours, double Hf)[] points)
    {
        AlertObservation? last = null;
        ulong block = 1;
        foreach (var (hours, hf) in points) last = trend.Observe(block++, T0.AddHours(hours), new AlertObservation.Value(hf), level: 1.0);
        return last;
    }

    [Fact]
    public void Observe_FallingByATenthPerHour_HoursUntilLevelFromTheCurrentValue()
    {
        // 1.5, 1.4, 1.3 an hour apart: slope −0.1/h, 1.3 → 1.0 in 3 h.
        var result = Feed(new HealthFactorTrend(20), (0, 1.5), (1, 1.4), (2, 1.3));
        Assert.Equal(3.0, Assert.IsType<AlertObservation.Value>(result).Amount, 1e-9);
    }

    [Fact]
    public void Observe_FewerThanThreePoints_NoObservation()
    {
        Assert.Null(Feed(new HealthFactorTrend(20), (0, 1.5), (1, 1.4)));
    }

    [Fact]
    public void Observe_RisingOrFlat_NoTrendHours()
    {
        Assert.Equal(HealthFactorTrend.NoTrendHours, Assert.IsType<AlertObservation.Value>(Feed(new HealthFactorTrend(20), (0, 1.3), (1, 1.4), (2, 1.5))).Amount);
        Assert.Equal(HealthFactorTrend.NoTrendHours, Assert.IsType<AlertObservation.Value>(Feed(new HealthFactorTrend(20), (0, 1.3), (1, 1.3), (2, 1.3))).Amount);
    }

    [Fact]
    public void Observe_AtOrBelowTheLevel_Zero()
    {
        Assert.Equal(0, Assert.IsType<AlertObservation.Value>(Feed(new HealthFactorTrend(20), (0, 1.2), (1, 1.1), (2, 0.99))).Amount);
    }

    [Fact]
    public void Observe_OnlyTheLastCapacityPointsCount_OldFallForgotten()
    {
        // A steep fall long ago, then flat: with a capacity of 3 only the flat points remain.
        var result = Feed(new HealthFactorTrend(3), (0, 3.0), (1, 2.0), (2, 1.5), (3, 1.5), (4, 1.5));
        Assert.Equal(HealthFactorTrend.NoTrendHours, Assert.IsType<AlertObservation.Value>(result).Amount);
    }

    [Fact]
    public void DropFrom_ReorgedBlocksRemoved_TrendWithoutThem()
    {
        var trend = new HealthFactorTrend(20);
        Feed(trend, (0, 1.5), (1, 1.4), (2, 1.3));
        trend.DropFrom(3);
        Assert.Equal(2, trend.Count);
    }

    [Fact]
    public void Observe_MissingHealthFactor_PassedOn()
    {
        var missing = new AlertObservation.Missing("stale");
        Assert.Same(missing, new HealthFactorTrend(20).Observe(1, T0, missing, 1.0));
    }
}
