using ExposureWeb.Risk.Alerts;

namespace ExposureWeb.Risk.Tests.Alerts;

public sealed class AlertSilenceRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The labels of a warning firing on the demo account's health factor.</summary>
    private static readonly Dictionary<string, string> Firing = new()
    {
        [AlertLabels.Rule] = "Health factor", [AlertLabels.RuleId] = "7", [AlertLabels.Portfolio] = "Main book", [AlertLabels.PortfolioId] = "3",
        [AlertLabels.Series] = "aave-v3 0x7099…79C8", [AlertLabels.Metric] = "HealthFactor", [AlertLabels.Severity] = "warning",
        [AlertLabels.Kind] = "firing", [AlertLabels.Chain] = "local",
    };

    private static readonly AlertSilenceDefinition Valid = new()
    {
        Matchers = [new(AlertLabels.Rule, "=", "Health factor")],
        EndsAt = Now.AddHours(2),
        Comment = "oracle migration",
    };

    // Rows: label, operator, value, whether the firing warning above matches (Alertmanager semantics: regexes anchored,
    // a missing label is the empty string).
    [Theory]
    [InlineData("rule", "=", "Health factor", true)]
    [InlineData("rule", "=", "health factor", false)]
    [InlineData("rule", "!=", "Health factor", false)]
    [InlineData("rule", "!=", "Delta", true)]
    [InlineData("severity", "=~", "warning|critical", true)]
    [InlineData("severity", "=~", "warn", false)]
    [InlineData("severity", "=~", "warn.*", true)]
    [InlineData("severity", "!~", "info|warning", false)]
    [InlineData("severity", "!~", "critical", true)]
    [InlineData("portfolioId", "=", "3", true)]
    [InlineData("ruleId", "=~", "7|8", true)]
    [InlineData("series", "=~", "aave-v3 .*", true)]
    [InlineData("kind", "=", "resolved", false)]
    [InlineData("chain", "!=", "", true)]
    [InlineData("metric", "=~", "Health.*", true)]
    public void Matches_OneMatcher_AsAlertmanager(string label, string op, string value, bool expected) =>
        Assert.Equal(expected, AlertSilenceRules.Matches([new(label, op, value)], Firing));

    [Fact]
    public void Matches_MissingLabel_ReadsAsEmpty()
    {
        var resolved = new Dictionary<string, string>(Firing) { [AlertLabels.Severity] = "" };
        Assert.True(AlertSilenceRules.Matches([new(AlertLabels.Severity, "=", "")], resolved));
        Assert.True(AlertSilenceRules.Matches([new(AlertLabels.Severity, "=", "")], new Dictionary<string, string>()));
    }

    [Fact]
    public void Matches_SeveralMatchers_AllMustMatch()
    {
        Assert.True(AlertSilenceRules.Matches([new("rule", "=", "Health factor"), new("severity", "=~", "warning|info")], Firing));
        Assert.False(AlertSilenceRules.Matches([new("rule", "=", "Health factor"), new("severity", "=", "critical")], Firing));
    }

    [Fact]
    public void Matches_NoMatchers_NothingSilenced() => Assert.False(AlertSilenceRules.Matches([], Firing));

    [Fact]
    public void Matches_BrokenRegex_DoesNotSilence() => Assert.False(AlertSilenceRules.Matches([new("rule", "=~", "(")], Firing));

    [Theory]
    [InlineData(0, true)]
    [InlineData(-1, false)]
    [InlineData(120, false)]
    [InlineData(119, true)]
    public void IsActive_StartInclusiveEndExclusive(int minutesFromStart, bool expected) =>
        Assert.Equal(expected, AlertSilenceRules.IsActive(Now, Now.AddHours(2), Now.AddMinutes(minutesFromStart)));

    [Fact]
    public void Validate_ValidSilence_NoErrors() => Assert.Empty(AlertSilenceRules.Validate(Valid, Now));

    [Fact]
    public void Validate_NoMatchers_ErrorOnMatchers() =>
        Assert.Equal(AlertSilenceField.Matchers, Assert.Single(AlertSilenceRules.Validate(Valid with { Matchers = [] }, Now)).Field);

    [Fact]
    public void Validate_RegexThatDoesNotCompile_ErrorOnItsValue() =>
        Assert.Equal(AlertSilenceField.Value(1), Assert.Single(AlertSilenceRules.Validate(Valid with { Matchers = [Valid.Matchers[0], new("series", "=~", "([a-z")] }, Now)).Field);

    [Theory]
    [InlineData("team", "=", "x", "matchers[0].label")]
    [InlineData("rule", "==", "x", "matchers[0].op")]
    [InlineData("rule", "=", "", "matchers[0].value")]
    public void Validate_BadMatcher_ErrorOnThatField(string label, string op, string value, string field) =>
        Assert.Equal(field, Assert.Single(AlertSilenceRules.Validate(Valid with { Matchers = [new(label, op, value)] }, Now)).Field);

    [Fact]
    public void Validate_EndBeforeStart_ErrorOnEnd() =>
        Assert.Equal(AlertSilenceField.EndsAt, Assert.Single(AlertSilenceRules.Validate(Valid with { StartsAt = Now.AddHours(3) }, Now)).Field);

    [Fact]
    public void Validate_LongerThan90Days_ErrorOnEnd()
    {
        Assert.Equal(AlertSilenceField.EndsAt, Assert.Single(AlertSilenceRules.Validate(Valid with { EndsAt = Now.AddDays(90).AddMinutes(1) }, Now)).Field);
        Assert.Empty(AlertSilenceRules.Validate(Valid with { EndsAt = Now.AddDays(90) }, Now));
    }

    [Fact]
    public void Validate_EndedInThePast_ErrorOnEnd() =>
        Assert.Equal(AlertSilenceField.EndsAt, Assert.Single(AlertSilenceRules.Validate(Valid with { StartsAt = Now.AddHours(-3), EndsAt = Now.AddHours(-1) }, Now)).Field);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Validate_NoComment_ErrorOnComment(string comment) =>
        Assert.Equal(AlertSilenceField.Comment, Assert.Single(AlertSilenceRules.Validate(Valid with { Comment = comment }, Now)).Field);
}
