using System.Numerics;
using ExposureWeb.Chain.Adapters;

namespace ExposureWeb.Chain.Tests.Unit.Adapters;

public class TokenAmountTests
{
    [Theory]
    // USDC, 6 decimals: 1 USDC = 10^6 raw.
    [InlineData("1000000", 6, 1.0)]
    [InlineData("25000000000", 6, 25_000.0)]
    [InlineData("1", 6, 0.000001)]
    [InlineData("150000000000", 6, 150_000.0)]
    // WBTC, 8 decimals.
    [InlineData("75000000", 8, 0.75)]
    [InlineData("210000000", 8, 2.1)]
    [InlineData("2100000000000000", 8, 21_000_000.0)] // all bitcoin there will ever be
    // 18 decimals: every realistic balance is far above 2^53 ≈ 9.007 × 10^15 raw.
    [InlineData("12500000000000000000", 18, 12.5)]
    [InlineData("42500000000000000000", 18, 42.5)]
    [InlineData("1", 18, 1e-18)]
    [InlineData("0", 18, 0.0)]
    [InlineData("42", 0, 42.0)]
    public void ToUnits_KnownAmounts_ExactValue(string raw, int decimals, double expected)
    {
        Assert.Equal(expected, TokenAmount.ToUnits(BigInteger.Parse(raw), decimals));
    }

    [Fact]
    public void ToUnits_WholeAndFractionBeyondDoublePrecision_WithinOneRoundingOfExact()
    {
        // 123 456 789.123456789012345678 tokens at 18 decimals: 27 significant digits, raw ≈ 1.2 × 10^26 ≫ 2^53.
        // The nearest double is 123456789.12345679 (ulp 1.49e-8 at this magnitude).
        var raw = BigInteger.Parse("123456789123456789012345678");

        var units = TokenAmount.ToUnits(raw, 18);

        Assert.InRange(units, 123456789.12345678 - 1.5e-8, 123456789.12345680 + 1.5e-8);
        Assert.Equal(123456789.123456789, units, precision: 7);
    }

    [Fact]
    public void ToUnits_SmallFractionOfHugeBalance_FractionNotLostBeforeTheSum()
    {
        // 1 000 000 tokens plus 1 wei-level unit at 18 decimals: 10^24 + 1 raw. Whole = 10^6, fraction = 10^-18;
        // the sum rounds to 10^6, and the whole part is exact (no 10^24-scale rounding of the raw value).
        var raw = BigInteger.Pow(10, 24) + 1;

        Assert.Equal(1_000_000.0, TokenAmount.ToUnits(raw, 18));
    }

    [Fact]
    public void ToUnits_RawBeyondUInt128_WholePartExact()
    {
        // 2^200 raw at 18 decimals: 2^200 / 10^18 ≈ 1.6069380442589903e42.
        var raw = BigInteger.Pow(2, 200);

        Assert.Equal(1.6069380442589903, TokenAmount.ToUnits(raw, 18) / 1e42, precision: 14);
        Assert.True(double.IsFinite(TokenAmount.ToUnits(raw, 18)));
    }

    [Fact]
    public void ToUnits_MaxUInt256At18Decimals_Finite()
    {
        // (2^256 − 1) / 10^18 ≈ 1.1579208923731620e59.
        var max = BigInteger.Pow(2, 256) - 1;

        var units = TokenAmount.ToUnits(max, 18);

        Assert.InRange(units, 1.15792089237316e59, 1.15792089237317e59);
    }

    [Theory]
    // Signed values (a Chainlink answer is int256): −1.5 at 6 decimals, −0.5 at 8.
    [InlineData("-1500000", 6, -1.5)]
    [InlineData("-50000000", 8, -0.5)]
    public void ToUnits_Negative_SignKeptOnBothParts(string raw, int decimals, double expected)
    {
        Assert.Equal(expected, TokenAmount.ToUnits(BigInteger.Parse(raw), decimals));
    }
}
