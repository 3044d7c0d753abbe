using ExposureWeb.Data.Entities;
using ExposureWeb.Engine.Stress;

namespace ExposureWeb.Engine.Tests.Stress;

/// <summary>A cascade's parameters: the defaults pass, each bad field is refused in words under its own name.</summary>
public sealed class CascadeParametersTests
{
    private static IReadOnlyDictionary<string, string> Errors(string json) => StressRunParameters.Parse(StressRunKind.Cascade, json, new StressOptions()).Errors;

    [Fact]
    public void Parse_CascadeAllGiven_Accepted()
    {
        var (p, errors) = StressRunParameters.Parse(StressRunKind.Cascade,
            """{"driver":"ETH","driverMove":-0.35,"quote":"USDC","feeTier":3000,"maxRounds":20,"extraSoldPerRound":150}""", new StressOptions());
        Assert.Empty(errors);
        Assert.Equal(("ETH", -0.35, "USDC", 3000, 20, 150.0), (p!.Driver, p.DriverMove, p.Quote, p.FeeTier, p.MaxRounds, p.ExtraSoldPerRound));
    }

    [Theory]
    [InlineData("""{"driverMove":-1}""", "driverMove", "above −100%")]
    [InlineData("""{"driver":" "}""", "driver", "name the underlying")]
    [InlineData("""{"quote":""}""", "quote", "name the token")]
    [InlineData("""{"feeTier":250}""", "feeTier", "100, 500, 3000, 10000")]
    [InlineData("""{"maxRounds":0}""", "maxRounds", "between 1 and 200")]
    [InlineData("""{"maxRounds":1000}""", "maxRounds", "between 1 and 200")]
    [InlineData("""{"extraSoldPerRound":-5}""", "extraSoldPerRound", "0 or more")]
    public void Parse_CascadeBadField_RefusedUnderItsName(string json, string field, string expected)
    {
        var errors = Errors(json);
        Assert.Contains(expected, errors[field]);
        Assert.Single(errors);
    }
}
