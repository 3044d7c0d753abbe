using System.Numerics;
using ExposureWeb.Chain.Adapters.Aave;

namespace ExposureWeb.Chain.Tests.Adapters;

/// <summary><see cref="ReserveConfiguration.Decode"/> on bitmaps built by hand from Aave's bit layout.</summary>
public sealed class ReserveConfigurationTests
{
    // Aave v3 ReserveConfiguration.sol: 0–15 LTV, 16–31 LT, 32–47 bonus, 48–55 decimals, 56 active, 57 frozen,
    // 58 borrowing, 60 paused, 64–79 reserve factor, 80–115 borrow cap, 116–151 supply cap, 152–167 protocol fee,
    // 168–175 eMode category.
    private static BigInteger Field(long value, int offset) => new BigInteger(value) << offset;

    [Fact]
    public void Decode_FrozenLinkBitmap_EveryFieldAsConfigured()
    {
        // LINK on the demo after freezing: LTV 0 (pending 5300), LT 6800, bonus 10700, 18 decimals, active, frozen,
        // borrowing enabled, reserve factor 2000, borrow cap 13 000 000, supply cap 15 000 000, protocol fee 1000.
        var data = Field(6800, 16) + Field(10700, 32) + Field(18, 48) + Field(1, 56) + Field(1, 57) + Field(1, 58)
            + Field(2000, 64) + Field(13_000_000, 80) + Field(15_000_000, 116) + Field(1000, 152);

        var c = ReserveConfiguration.Decode(data);

        Assert.Equal(new ReserveConfiguration(data, Ltv: 0, LiquidationThreshold: 6800, LiquidationBonus: 10700, Decimals: 18, Active: true, Frozen: true,
            BorrowingEnabled: true, Paused: false, ReserveFactor: 2000, BorrowCap: 13_000_000, SupplyCap: 15_000_000, LiquidationProtocolFee: 1000, EModeCategory: 0), c);
        Assert.Equal(0.68, c.LiquidationThresholdFraction, 15);
        Assert.Equal(0.07, c.LiquidationBonusFraction, 15); // 10700 − 10000 = 700 bps
        Assert.Equal(0.0, c.LtvFraction);
    }

    [Fact]
    public void Decode_UsdcBitmap_SixDecimalsAndTenDigitCaps()
    {
        // USDC: LTV 7500, LT 7800, bonus 10450, 6 decimals, active, borrowing, RF 1000, caps 1.58e9 / 1.76e9 (> 2^30).
        var data = Field(7500, 0) + Field(7800, 16) + Field(10450, 32) + Field(6, 48) + Field(1, 56) + Field(1, 58)
            + Field(1000, 64) + Field(1_580_000_000, 80) + Field(1_760_000_000, 116) + Field(1000, 152);

        var c = ReserveConfiguration.Decode(data);

        Assert.Equal((7500, 7800, 10450, 6), (c.Ltv, c.LiquidationThreshold, c.LiquidationBonus, c.Decimals));
        Assert.Equal((true, false, true, false), (c.Active, c.Frozen, c.BorrowingEnabled, c.Paused));
        Assert.Equal((1_580_000_000L, 1_760_000_000L), (c.BorrowCap, c.SupplyCap));
        Assert.Equal(0.045, c.LiquidationBonusFraction, 15);
    }

    [Fact]
    public void Decode_EveryFieldAtItsMaximum_NoFieldBleedsIntoItsNeighbour()
    {
        const long Max16 = 0xFFFF, Max36 = 0xF_FFFF_FFFF;
        var data = Field(Max16, 0) + Field(Max16, 16) + Field(Max16, 32) + Field(0xFF, 48) + Field(1, 56) + Field(1, 57) + Field(1, 58)
            + Field(1, 60) + Field(Max16, 64) + Field(Max36, 80) + Field(Max36, 116) + Field(Max16, 152) + Field(0xFF, 168);

        var c = ReserveConfiguration.Decode(data);

        Assert.Equal(new ReserveConfiguration(data, 65535, 65535, 65535, 255, true, true, true, true, 65535, Max36, Max36, 65535, 255), c);
    }

    [Theory]
    // bit, active, frozen, borrowing, paused
    [InlineData(56, true, false, false, false)]
    [InlineData(57, false, true, false, false)]
    [InlineData(58, false, false, true, false)]
    [InlineData(60, false, false, false, true)]
    public void Decode_SingleFlagBit_OnlyThatFlagSet(int bit, bool active, bool frozen, bool borrowing, bool paused)
    {
        var c = ReserveConfiguration.Decode(BigInteger.One << bit);

        Assert.Equal((active, frozen, borrowing, paused), (c.Active, c.Frozen, c.BorrowingEnabled, c.Paused));
        Assert.Equal((0, 0, 0, 0, 0L, 0L), (c.Ltv, c.LiquidationThreshold, c.Decimals, c.ReserveFactor, c.BorrowCap, c.SupplyCap));
    }

    [Fact]
    public void Decode_BitsOfLaterVersions_IgnoredButKeptInData()
    {
        // 59 stable borrowing, 61 borrowable in isolation, 62 siloed, 63 flash loans, 176–211 unbacked mint cap,
        // 212–251 debt ceiling, 252 virtual accounting: none of them is a field of this record.
        var later = Field(1, 59) + Field(1, 61) + Field(1, 62) + Field(1, 63) + Field(0xF_FFFF_FFFF, 176) + Field(123_456, 212) + Field(1, 252);
        var data = Field(8050, 0) + Field(8300, 16) + Field(18, 48) + Field(1, 56) + Field(1, 168) + later;

        var c = ReserveConfiguration.Decode(data);

        Assert.Equal((8050, 8300, 18, true, false, false, false), (c.Ltv, c.LiquidationThreshold, c.Decimals, c.Active, c.Frozen, c.BorrowingEnabled, c.Paused));
        Assert.Equal(1, c.EModeCategory);
        Assert.Equal(data, c.Data);
    }

    [Fact]
    public void Decode_Zero_EverythingOffAndNoBonus()
    {
        var c = ReserveConfiguration.Decode(BigInteger.Zero);

        Assert.False(c.Active);
        Assert.Equal(0.0, c.LiquidationBonusFraction); // bonus 0 (not collateral) is not a −100% bonus
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(257)]
    public void Decode_NotAUint256_Throws(int case_)
    {
        var data = case_ < 0 ? BigInteger.MinusOne : BigInteger.One << 256;

        Assert.Throws<ArgumentOutOfRangeException>(() => ReserveConfiguration.Decode(data));
    }
}
