using ExposureWeb.DevChain.Simulation;

namespace ExposureWeb.Chain.Tests.DevChain;

public class GbmStepTests
{
    private const double Year = 365.0 * 24 * 3600; // 31 536 000 s, the step's year

    [Fact]
    public void Next_ZeroShockOneYear_AppliesDriftMinusHalfSigmaSquared()
    {
        // σ = 0.5, dt = 1: log(S'/S) = −0.5² / 2 = −0.125; exp(−0.125) = 0.8824969025845955.
        var next = GbmStep.Next(100, 0.5, Year, z: 0);

        Assert.Equal(88.24969025845955, next, precision: 12);
        Assert.Equal(-0.125, Math.Log(next / 100), precision: 15);
    }

    [Fact]
    public void Next_ZeroShockOneHour_LogReturnIsExactlyTheDrift()
    {
        // σ = 0.65, dt = 3600 / 31 536 000 = 1/8760: drift = −0.4225 / 2 / 8760 = −2.4115296803652968e-5.
        var next = GbmStep.Next(3_000, 0.65, 3_600, z: 0);

        Assert.Equal(-2.4115296803652968e-5, Math.Log(next / 3_000), precision: 15);
    }

    [Fact]
    public void Next_UnitShockOneYear_DriftPlusSigma()
    {
        // σ = 0.2, dt = 1, z = 1: −0.02 + 0.2 = 0.18; 100 × exp(0.18) = 119.72173631218102.
        Assert.Equal(119.72173631218102, GbmStep.Next(100, 0.2, Year, z: 1), precision: 10);
    }

    [Theory]
    [InlineData(0.65, 0.0, 1.7)] // no time passes
    [InlineData(0.0, 3600.0, 2.5)] // no volatility
    public void Next_NoTimeOrNoVol_PriceUnchanged(double vol, double seconds, double z)
    {
        Assert.Equal(1_234.5, GbmStep.Next(1_234.5, vol, seconds, z));
    }

    [Fact]
    public void StandardNormal_SeededDraws_MeanZeroVarianceOneAndFinite()
    {
        var random = new Random(12345);
        const int n = 200_000;
        double sum = 0, sumSq = 0;
        for (var i = 0; i < n; i++)
        {
            var z = GbmStep.StandardNormal(random);
            Assert.True(double.IsFinite(z));
            sum += z;
            sumSq += z * z;
        }
        var mean = sum / n;
        var variance = sumSq / n - mean * mean;

        // Standard error of the mean is 1/√n ≈ 0.0022; of the variance √(2/n) ≈ 0.0032. Five of each.
        Assert.InRange(mean, -0.011, 0.011);
        Assert.InRange(variance, 0.984, 1.016);
    }

    [Fact]
    public void Next_ManySeededSteps_MartingaleMeanStaysAtStartingPrice()
    {
        // E[S'] = S·exp(−σ²dt/2)·E[exp(σ√dt·Z)] = S·exp(−σ²dt/2)·exp(σ²dt/2) = S.
        var random = new Random(777);
        const int n = 200_000;
        double sum = 0;
        for (var i = 0; i < n; i++) sum += GbmStep.Next(100, 0.8, Year / 12, GbmStep.StandardNormal(random));

        // One month at 80 %: sd of S' ≈ 100 × 0.8 × √(1/12) ≈ 23; standard error 23/√n ≈ 0.05; allow ±0.3.
        Assert.InRange(sum / n, 99.7, 100.3);
    }
}
