using ExposureWeb.Components.Governance;
using ExposureWeb.Risk.Governance;

namespace ExposureWeb.Web.Tests.Governance;

public sealed class GovernanceDisplayTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Theory]
    [InlineData(100, "in 1 min 40 s")]
    [InlineData(45, "in 45 s")]
    [InlineData(0.2, "in 1 s")]
    [InlineData(7_500, "in 2 h 5 min")]
    [InlineData(2 * 86_400 + 3 * 3_600 + 10, "in 2 d 3 h")]
    [InlineData(0, "executable now")]
    [InlineData(-30, "executable now")]
    public void Countdown_SecondsLeft_InWords(double seconds, string expected) =>
        Assert.Equal(expected, GovernanceDisplay.Countdown(Now.AddSeconds(seconds), Now));

    [Fact]
    public void Countdown_NoEta_Dash() => Assert.Equal("—", GovernanceDisplay.Countdown(null, Now));

    [Theory]
    [InlineData(null, "—")]
    [InlineData(double.PositiveInfinity, "∞ (no debt)")]
    [InlineData(1.88754, "1.8875")]
    public void Hf_Values_FourDecimalsOrWords(double? hf, string expected) => Assert.Equal(expected, GovernanceDisplay.Hf(hf));

    [Fact]
    public void Shift_BasisPointsAndTokens_WithUnits()
    {
        Assert.Equal("8,300 bps (83%) → 7,750 bps (77.5%)", GovernanceDisplay.Shift(new ParameterChange("reserve", "0x1", "WETH", "liquidationThreshold", "8300", "7750", ParameterUnits.BasisPoints)));
        Assert.Equal("1,800,000 tokens → 0 tokens (no cap)", GovernanceDisplay.Shift(new ParameterChange("reserve", "0x1", "WETH", "supplyCap", "1800000", "0", ParameterUnits.Tokens)));
        Assert.Equal("false → true", GovernanceDisplay.Shift(new ParameterChange("reserve", "0x1", "LINK", "frozen", "false", "true", ParameterUnits.Flag)));
    }

    [Theory]
    [InlineData("aave-v3:local:0x8aCd85898458400f7Db866d53FCFF6f0D49741FF:0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "aave-v3 · 0x7099…79C8")]
    [InlineData("gmx-v2:local:0xafc454265027bffeb3594cdd5a076c6a47ac008d9bc6e9adeba4deea65c24710", "gmx-v2 · 0xafc45426…c24710")]
    [InlineData("manual:7", "manual:7")]
    public void Position_Ids_ProtocolAndShortOwner(string id, string expected) => Assert.Equal(expected, GovernanceDisplay.Position(id));
}
