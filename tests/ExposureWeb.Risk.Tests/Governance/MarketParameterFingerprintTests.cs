using ExposureWeb.Risk.Governance;
using static ExposureWeb.Risk.Tests.Governance.MarketParameterDiffTests;

namespace ExposureWeb.Risk.Tests.Governance;

public sealed class MarketParameterFingerprintTests
{
    private static readonly MarketParameters Base = MarketOf(Reserve(Weth, "WETH"), Reserve(Usdc, "USDC"));

    [Fact]
    public void Of_SameParameters_SixtyFourLowerHexCharacters()
    {
        var fingerprint = MarketParameterFingerprint.Of(Base);

        Assert.Matches("^[0-9a-f]{64}$", fingerprint);
        Assert.Equal(fingerprint, MarketParameterFingerprint.Of(MarketOf(Reserve(Weth, "WETH"), Reserve(Usdc, "USDC"))));
    }

    [Fact]
    public void Of_OtherBlockTimeAndPrices_Equal()
    {
        var later = MarketOf(Reserve(Weth, "WETH") with { OraclePrice = 1 }, Reserve(Usdc, "USDC") with { OraclePrice = null })
            with { BlockNumber = 999, BlockTime = DateTimeOffset.UnixEpoch };

        Assert.Equal(MarketParameterFingerprint.Of(Base), MarketParameterFingerprint.Of(later));
    }

    [Fact]
    public void Of_ReserveOrderAndAddressCasing_Equal()
    {
        var reordered = MarketOf(Reserve(Usdc.ToLowerInvariant(), "USDC"), Reserve(Weth, "WETH"));

        Assert.Equal(MarketParameterFingerprint.Of(Base), MarketParameterFingerprint.Of(reordered));
    }

    [Theory]
    [InlineData("ltv")]
    [InlineData("frozen")]
    [InlineData("debtCeiling")]
    [InlineData("oracleSource")]
    [InlineData("rateStrategy")]
    [InlineData("emode")]
    [InlineData("oracle")]
    public void Of_OneParameterChanged_Differs(string field)
    {
        var weth = Reserve(Weth, "WETH");
        var changed = field switch
        {
            "ltv" => MarketOf(weth with { Ltv = 7750 }, Reserve(Usdc, "USDC")),
            "frozen" => MarketOf(weth with { Frozen = true }, Reserve(Usdc, "USDC")),
            "debtCeiling" => MarketOf(weth with { DebtCeiling = 1 }, Reserve(Usdc, "USDC")),
            "oracleSource" => MarketOf(weth with { OracleSource = null }, Reserve(Usdc, "USDC")),
            "rateStrategy" => MarketOf(weth with { RateStrategy = weth.RateStrategy! with { BaseVariableBorrowRate = 1 } }, Reserve(Usdc, "USDC")),
            "emode" => Base with { EModeCategories = [Base.EModeCategories[0] with { Label = "ETH" }] },
            _ => Base with { Oracle = "0x4444444444444444444444444444444444444444" },
        };

        Assert.NotEqual(MarketParameterFingerprint.Of(Base), MarketParameterFingerprint.Of(changed));
    }
}
