namespace ExposureWeb.Risk.Tests.Pricing;

/// <summary>Named unit conversions of <see cref="Greeks"/> (Hull's at-the-money call: S = 100).</summary>
public class GreeksTests
{
    private static readonly Greeks Hull = new(0.6368306511756191, 0.018762017345846893, 37.52403469169379, -6.414027546438196, 53.23248154537634);

    [Fact]
    public void VegaPerVolPoint_IsVegaTimesOneHundredth() => Assert.Equal(0.3752403469169379, Hull.VegaPerVolPoint, 15);

    [Fact]
    public void ThetaPerDay_IsThetaOver365() => Assert.Equal(-6.414027546438196 / 365, Hull.ThetaPerDay, 15);

    [Fact]
    public void RhoPerBasisPoint_IsRhoTimesOneTenThousandth() => Assert.Equal(0.005323248154537634, Hull.RhoPerBasisPoint, 15);

    [Fact]
    public void UsdDelta_IsDeltaTimesSpot() => Assert.Equal(63.68306511756191, Hull.UsdDelta(100), 12);

    [Fact]
    public void DollarGammaPerPercent_IsChangeOfUsdDeltaForOnePercentUp()
    {
        // Γ·S²·1% = 0.018762·100²·0.01 = 1.8762 USD of delta per 1% move.
        Assert.Equal(1.8762017345846893, Hull.DollarGammaPerPercent(100), 12);
    }

    [Fact]
    public void Operators_ScaleByQuantityAndAdd()
    {
        var position = Hull * -3 + Greeks.Linear(2);
        Assert.Equal(-3 * Hull.Delta + 2, position.Delta, 15);
        Assert.Equal(-3 * Hull.Vega, position.Vega, 15);
        Assert.Equal(Greeks.Zero, Hull * 0);
    }
}
