using ExposureWeb.Risk.Alerts;

namespace ExposureWeb.Risk.Tests.Alerts;

public sealed class AlertStateMachineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The rule: warning 1.5 / critical 1.2, recovering at 1.6 / 1.3.</summary>
    private static AlertRuleDefinition HealthRule(AlertDuration? pending = null, AlertDuration? keep = null, NoDataPolicy noData = NoDataPolicy.NoData) => new()
    {
        Name = "HF",
        Metric = AlertMetric.HealthFactor,
        Condition = AlertCondition.Below,
        Thresholds = [new(AlertSeverity.Warning, 1.5, 1.6), new(AlertSeverity.Critical, 1.2, 1.3)],
        PendingFor = pending ?? AlertDuration.None,
        KeepFiringFor = keep ?? AlertDuration.None,
        NoData = noData,
    };

    /// <summary>Runs values block by block (12 s apart) and returns every transition with its block.</summary>
    private static (AlertInstanceState Last, List<(ulong Block, AlertTransition T)> Transitions) Run(AlertRuleDefinition rule, params double?[] values)
    {
        var state = AlertInstanceState.Initial(0, T0);
        var transitions = new List<(ulong, AlertTransition)>();
        for (int i = 0; i < values.Length; i++)
        {
            ulong block = (ulong)i + 1;
            AlertObservation obs = values[i] is { } v ? new AlertObservation.Value(v) : new AlertObservation.Missing("ETH price stale");
            var (next, t) = AlertStateMachine.Step(rule, state, obs, block, T0.AddSeconds(12 * block));
            if (t is not null) transitions.Add((block, t));
            state = next;
        }
        return (state, transitions);
    }

    [Fact]
    public void Step_CrossesWarningThenCritical_FiresThenEscalates()
    {
        var (last, ts) = Run(HealthRule(), 1.8, 1.45, 1.15);

        Assert.Equal(2, ts.Count);
        Assert.Equal((2ul, AlertState.Firing, AlertSeverity.Warning, "firing"), (ts[0].Block, ts[0].T.To.State, ts[0].T.To.Severity, ts[0].T.Kind));
        Assert.Equal((3ul, AlertState.Firing, AlertSeverity.Critical, "escalated"), (ts[1].Block, ts[1].T.To.State, ts[1].T.To.Severity, ts[1].T.Kind));
        Assert.All(ts, t => Assert.True(t.T.Notify));
        Assert.Equal(1.15, last.Value);
        Assert.Equal(3ul, last.SinceBlock);
    }

    [Fact]
    public void Step_BouncingAroundWarningInsideRecovery_DoesNotFlap()
    {
        var (last, ts) = Run(HealthRule(), 1.45, 1.55, 1.49, 1.58, 1.51, 1.47, 1.59);

        Assert.Single(ts);
        Assert.Equal(AlertState.Firing, last.State);
        Assert.Equal(AlertSeverity.Warning, last.Severity);
    }

    [Fact]
    public void Step_BackAboveRecovery_ResolvesOnce()
    {
        var (last, ts) = Run(HealthRule(), 1.45, 1.15, 1.25, 1.35, 1.55, 1.65, 1.7, 1.9);

        // firing warning, escalated, (1.25 holds critical: below its recovery 1.3), de-escalated at 1.35, resolved at 1.65.
        Assert.Equal(["firing", "escalated", "de-escalated", "resolved"], ts.Select(t => t.T.Kind));
        Assert.Equal(4ul, ts[2].Block);
        Assert.Equal(6ul, ts[3].Block);
        Assert.Equal(AlertState.Normal, last.State);
        Assert.Null(last.Severity);
    }

    [Fact]
    public void Step_PendingForTwoBlocks_FiresOnTheSecondBlockAfterCrossing()
    {
        var (_, ts) = Run(HealthRule(pending: new AlertDuration(Blocks: 2)), 1.8, 1.4, 1.4, 1.4);

        Assert.Equal([(2ul, AlertState.Pending, false), (4ul, AlertState.Firing, true)], ts.Select(t => (t.Block, t.T.To.State, t.T.Notify)));
    }

    [Fact]
    public void Step_PendingClearsBeforePeriod_ReturnsToNormalWithoutNotifying()
    {
        var (last, ts) = Run(HealthRule(pending: new AlertDuration(Blocks: 3)), 1.4, 1.4, 1.7, 1.7, 1.7);

        Assert.Equal(AlertState.Normal, last.State);
        Assert.All(ts, t => Assert.False(t.T.Notify));
        Assert.Equal([AlertState.Pending, AlertState.Normal], ts.Select(t => t.T.To.State));
    }

    [Fact]
    public void Step_PendingInSeconds_WaitsForBlockTime()
    {
        // Blocks are 12 s apart: 30 s of pending needs the third block after the crossing.
        var (_, ts) = Run(HealthRule(pending: new AlertDuration(Seconds: 30)), 1.4, 1.4, 1.4, 1.4);

        Assert.Equal([(1ul, AlertState.Pending), (4ul, AlertState.Firing)], ts.Select(t => (t.Block, t.T.To.State)));
    }

    [Fact]
    public void Step_KeepFiringForTwoBlocks_RecoversThenResolves()
    {
        var (_, ts) = Run(HealthRule(keep: new AlertDuration(Blocks: 2)), 1.4, 1.7, 1.7, 1.7);

        Assert.Equal([(1ul, "firing", true), (2ul, "recovering", false), (4ul, "resolved", true)], ts.Select(t => (t.Block, t.T.Kind, t.T.Notify)));
    }

    [Fact]
    public void Step_RecoveringThenCrossingAgain_ReturnsToFiringSilently()
    {
        var (last, ts) = Run(HealthRule(keep: new AlertDuration(Blocks: 3)), 1.4, 1.7, 1.4);

        Assert.Equal([true, false, false], ts.Select(t => t.T.Notify));
        Assert.Equal(AlertState.Firing, last.State);
    }

    [Fact]
    public void Step_MissingValue_EntersNoDataNeverNormal()
    {
        var (last, ts) = Run(HealthRule(), 1.8, null, null);

        Assert.Equal(AlertState.NoData, last.State);
        Assert.Equal("ETH price stale", last.Detail);
        var t = Assert.Single(ts);
        Assert.True(t.T.Notify);
        Assert.Equal("no data", t.T.Kind);
    }

    [Fact]
    public void Step_DataBackAfterNoData_NotifiesDataBack()
    {
        var (last, ts) = Run(HealthRule(), null, 1.8);

        Assert.Equal(["no data", "data back"], ts.Select(t => t.T.Kind));
        Assert.Equal(AlertState.Normal, last.State);
    }

    [Fact]
    public void Step_MissingWithAlertingPolicy_FiresAtHighestSeverity()
    {
        var (last, _) = Run(HealthRule(noData: NoDataPolicy.Alerting), 1.8, null);

        Assert.Equal((AlertState.Firing, AlertSeverity.Critical), (last.State, last.Severity));
    }

    [Fact]
    public void Step_MissingWithKeepLastState_KeepsFiring()
    {
        var (last, ts) = Run(HealthRule(noData: NoDataPolicy.KeepLastState), 1.4, null, null);

        Assert.Single(ts);
        Assert.Equal((AlertState.Firing, AlertSeverity.Warning), (last.State, last.Severity));
    }

    [Fact]
    public void Step_FailedRead_EntersError()
    {
        var state = AlertInstanceState.Initial(0, T0);
        var (next, t) = AlertStateMachine.Step(HealthRule(), state, new AlertObservation.Failed("getUserAccountData reverted"), 5, T0);

        Assert.Equal(AlertState.Error, next.State);
        Assert.Equal("getUserAccountData reverted", next.Detail);
        Assert.NotNull(t);
        Assert.Equal("error", t.Kind);
    }

    [Theory]
    [InlineData(AlertCondition.Above, 99.0, null)]
    [InlineData(AlertCondition.Above, -500.0, null)]
    [InlineData(AlertCondition.Above, 101.0, AlertSeverity.Warning)]
    [InlineData(AlertCondition.Above, 250.0, AlertSeverity.Critical)]
    [InlineData(AlertCondition.OutsideBand, -150.0, AlertSeverity.Warning)]
    [InlineData(AlertCondition.OutsideBand, -99.0, null)]
    public void ActiveLevel_SignedMetric_MatchesCondition(AlertCondition condition, double value, AlertSeverity? expected)
    {
        var rule = new AlertRuleDefinition
        {
            Name = "delta",
            Metric = AlertMetric.NetDeltaUnits,
            Condition = condition,
            Thresholds = [new(AlertSeverity.Warning, 100, 90), new(AlertSeverity.Critical, 200, 180)],
        };
        Assert.Equal(expected, AlertStateMachine.ActiveLevel(rule, value, held: null));
    }

    [Fact]
    public void ActiveLevel_HeldCriticalBetweenThresholdAndRecovery_StaysCritical()
    {
        Assert.Equal(AlertSeverity.Critical, AlertStateMachine.ActiveLevel(HealthRule(), 1.25, AlertSeverity.Critical));
        Assert.Equal(AlertSeverity.Warning, AlertStateMachine.ActiveLevel(HealthRule(), 1.25, AlertSeverity.Warning));
        Assert.Null(AlertStateMachine.ActiveLevel(HealthRule(), 1.55, null));
    }
}
