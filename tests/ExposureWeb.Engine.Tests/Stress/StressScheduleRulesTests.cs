using ExposureWeb.Data.Entities;
using ExposureWeb.Engine.Stress;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Engine.Tests.Stress;

public sealed class StressScheduleRulesTests
{
    private static readonly StressScheduleRules Rules = new(Options.Create(new StressOptions()), TimeProvider.System);

    private static IReadOnlyDictionary<string, string> Validate(string cron, string zone = "UTC", StressRunKind kind = StressRunKind.Grid, string? parameters = null) =>
        Rules.Validate(new StressScheduleInput("nightly", kind, parameters, cron, zone));

    [Theory]
    [InlineData("* * * * *")]
    [InlineData("0 6 * * 1-5")]
    [InlineData("0 0 29 2 *")]
    public void Validate_CronThatFires_NoErrors(string cron) => Assert.Empty(Validate(cron, "Europe/Paris"));

    [Fact]
    public void Validate_CronThatNeverFires_RefusedInWords() =>
        Assert.Contains("never fires", Validate("0 0 30 2 *")["cron"]);

    [Theory]
    [InlineData("every day")]
    [InlineData("0 0 * *")]
    [InlineData("61 * * * *")]
    public void Validate_NotACron_Refused(string cron) => Assert.Contains("cron", Validate(cron)["cron"]);

    [Fact]
    public void Validate_UnknownTimeZone_Refused() => Assert.Contains("unknown time zone", Validate("* * * * *", "Mars/Olympus")["timeZone"]);

    [Fact]
    public void Validate_CascadeWithDefaults_NoErrors() => Assert.Empty(Validate("* * * * *", kind: StressRunKind.Cascade));

    [Fact]
    public void Validate_CascadeBadFeeTier_Refused() =>
        Assert.Contains("fee tier", Validate("* * * * *", kind: StressRunKind.Cascade, parameters: "{\"feeTier\":250}")["feeTier"]);

    [Fact]
    public void Validate_MonteCarloTooFewPaths_Refused() =>
        Assert.Contains("paths", Validate("* * * * *", kind: StressRunKind.MonteCarlo, parameters: "{\"paths\":5}")["paths"]);
}
