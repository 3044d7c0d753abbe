using ExposureWeb.Risk.Alerts;

namespace ExposureWeb.Risk.Tests.Alerts;

public sealed class AlertRuleValidatorTests
{
    private static readonly AlertRuleDefinition Valid = new()
    {
        Name = "Health factor of the main account",
        Metric = AlertMetric.HealthFactor,
        Condition = AlertCondition.Below,
        Thresholds = [new(AlertSeverity.Warning, 1.5, 1.6), new(AlertSeverity.Critical, 1.2, 1.3)],
    };

    [Fact]
    public void Validate_IssueExampleRule_NoErrors() => Assert.Empty(AlertRuleValidator.Validate(Valid));

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(1000.0)]
    public void Validate_HealthThresholdNotANumberOrOutOfRange_ErrorOnThatThreshold(double value)
    {
        var rule = Valid with { Thresholds = [new(AlertSeverity.Warning, value, null)] };

        var error = Assert.Single(AlertRuleValidator.Validate(rule));
        Assert.Equal(AlertRuleField.ThresholdValue(0), error.Field);
        Assert.Contains("Warning threshold", error.Message);
    }

    [Fact]
    public void Validate_RecoveryOnWrongSide_NamesSideAndSuggestsOne()
    {
        var rule = Valid with { Thresholds = [new(AlertSeverity.Warning, 1.5, 1.4)] };

        var error = Assert.Single(AlertRuleValidator.Validate(rule));
        Assert.Equal(AlertRuleField.ThresholdRecovery(0), error.Field);
        Assert.Contains("must recover above it", error.Message);
        Assert.Contains("1.575", error.Message);
    }

    [Fact]
    public void Validate_AboveRuleRecoveryAboveThreshold_Refused()
    {
        var rule = new AlertRuleDefinition
        {
            Name = "long too much",
            Metric = AlertMetric.NetDeltaUsd,
            Condition = AlertCondition.Above,
            Thresholds = [new(AlertSeverity.Warning, 100_000, 120_000)],
        };

        Assert.Equal(AlertRuleField.ThresholdRecovery(0), Assert.Single(AlertRuleValidator.Validate(rule)).Field);
    }

    [Fact]
    public void Validate_CriticalNotFurtherThanWarning_Refused()
    {
        var rule = Valid with { Thresholds = [new(AlertSeverity.Warning, 1.2, 1.3), new(AlertSeverity.Critical, 1.5, 1.6)] };

        var error = Assert.Single(AlertRuleValidator.Validate(rule));
        Assert.Equal(AlertRuleField.Thresholds, error.Field);
        Assert.Contains("must be below the warning one", error.Message);
    }

    [Fact]
    public void Validate_TwoThresholdsSameSeverity_Refused() =>
        Assert.Contains(AlertRuleValidator.Validate(Valid with { Thresholds = [new(AlertSeverity.Warning, 1.5, 1.6), new(AlertSeverity.Warning, 1.2, 1.3)] }),
            e => e.Message.Contains("one threshold only"));

    [Fact]
    public void Validate_NoThresholdsOrTooMany_Refused()
    {
        Assert.Contains(AlertRuleValidator.Validate(Valid with { Thresholds = [] }), e => e.Field == AlertRuleField.Thresholds);
        Assert.Contains(AlertRuleValidator.Validate(Valid with
        {
            Thresholds = [new(AlertSeverity.Info, 2, null), new(AlertSeverity.Warning, 1.5, null), new(AlertSeverity.Critical, 1.2, null), new(AlertSeverity.Critical, 1.1, null)],
        }), e => e.Field == AlertRuleField.Thresholds);
    }

    [Fact]
    public void Validate_ConditionNotAllowedForMetric_Refused() =>
        Assert.Equal(AlertRuleField.Condition, Assert.Single(AlertRuleValidator.Validate(Valid with { Condition = AlertCondition.Above })).Field);

    [Fact]
    public void Validate_EmptyNameAndNoDestinationAndNoInApp_EachReported()
    {
        var errors = AlertRuleValidator.Validate(Valid with { Name = "  ", InApp = false });

        Assert.Contains(errors, e => e.Field == AlertRuleField.Name);
        Assert.Contains(errors, e => e.Field == AlertRuleField.Destinations && e.Message.Contains("notifies no one"));
    }

    [Fact]
    public void Validate_UnderlyingScopeWithoutUnderlying_Refused() =>
        Assert.Equal(AlertRuleField.Underlying, Assert.Single(AlertRuleValidator.Validate(new AlertRuleDefinition
        {
            Name = "ETH delta",
            Metric = AlertMetric.NetDeltaUnits,
            Condition = AlertCondition.OutsideBand,
            Scope = AlertScope.Underlying,
            Thresholds = [new(AlertSeverity.Warning, 10, 9)],
        })).Field);

    [Fact]
    public void Validate_UnderlyingScopeOnAccountMetric_Refused() =>
        Assert.Equal(AlertRuleField.Scope, Assert.Single(AlertRuleValidator.Validate(Valid with { Scope = AlertScope.Underlying, Underlying = "ETH" })).Field);

    [Fact]
    public void Validate_NegativeOrHugePendingPeriod_Refused()
    {
        var errors = AlertRuleValidator.Validate(Valid with { PendingFor = new AlertDuration(-1, 0), KeepFiringFor = new AlertDuration(0, 8 * 24 * 3600) });

        Assert.Contains(errors, e => e.Field == AlertRuleField.PendingFor);
        Assert.Contains(errors, e => e.Field == AlertRuleField.KeepFiringFor);
    }

    [Fact]
    public void Validate_TimeToLevelWithoutLevel_Refused() =>
        Assert.Equal(AlertRuleField.Level, Assert.Single(AlertRuleValidator.Validate(Valid with
        {
            Metric = AlertMetric.HealthFactorTimeToLevel,
            Thresholds = [new(AlertSeverity.Warning, 24, 30)],
        })).Field);

    [Fact]
    public void Validate_FlagMetricWithTwoThresholds_Refused() =>
        Assert.Single(AlertRuleValidator.Validate(new AlertRuleDefinition
        {
            Name = "stale",
            Metric = AlertMetric.OracleStale,
            Condition = AlertCondition.Above,
            Thresholds = [new(AlertSeverity.Warning, 0.5, null), new(AlertSeverity.Critical, 0.5, null)],
        }));

    [Fact]
    public void Validate_OutsideBandNegativeSize_Refused() =>
        Assert.Equal(AlertRuleField.ThresholdValue(0), Assert.Single(AlertRuleValidator.Validate(new AlertRuleDefinition
        {
            Name = "delta band",
            Metric = AlertMetric.NetDeltaUnits,
            Condition = AlertCondition.OutsideBand,
            Thresholds = [new(AlertSeverity.Warning, -5, null)],
        })).Field);

    [Theory]
    [InlineData(AlertCondition.Below, 1.5, 1.575)]
    [InlineData(AlertCondition.Above, 100.0, 95.0)]
    [InlineData(AlertCondition.OutsideBand, 10.0, 9.5)]
    public void SuggestRecovery_FivePercentOnTheGoodSide(AlertCondition condition, double threshold, double expected) =>
        Assert.Equal(expected, AlertRuleValidator.SuggestRecovery(condition, threshold), 9);
}
