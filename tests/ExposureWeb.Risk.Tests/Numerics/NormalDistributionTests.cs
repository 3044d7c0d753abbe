using ExposureWeb.Risk.Numerics;
using ExposureWeb.Risk.Tests.Support;

namespace ExposureWeb.Risk.Tests.Numerics;

/// <summary>
/// Φ, Φ(−x) and φ against mpmath at 50 digits (Vectors/normal_cdf_mpmath.csv, generate_mpmath.py):
/// 2e-15 relative wherever the reference is a normal double, i.e. |x| up to ~37.5 in the lower tail.
/// </summary>
public class NormalDistributionTests
{
    private const double RelativeTolerance = 2e-15;

    public static TheoryData<int> Rows() => [.. Enumerable.Range(0, VectorFile.Rows("normal_cdf_mpmath.csv").Count)];

    [Theory]
    [MemberData(nameof(Rows))]
    public void CdfBoth_MpmathRow_MatchesToFullRelativePrecision(int row)
    {
        var f = VectorFile.Rows("normal_cdf_mpmath.csv")[row];
        double x = VectorFile.D(f[0]);
        var (lower, upper) = NormalDistribution.CdfBoth(x, out _);

        AssertRelative(VectorFile.D(f[1]), lower, $"Φ({x})");
        AssertRelative(VectorFile.D(f[2]), upper, $"Φ(−{x})");
        AssertRelative(VectorFile.D(f[3]), NormalDistribution.Pdf(x), $"φ({x})");
    }

    private static void AssertRelative(double expected, double actual, string what)
    {
        // Below the smallest normal double only absolute agreement is meaningful.
        double floor = Math.Abs(expected) < 2.2250738585072014e-308 ? 1e-320 : 0;
        Tolerance.AssertClose(expected, actual, RelativeTolerance, floor, what);
    }

    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(double.PositiveInfinity, 1.0)]
    [InlineData(double.NegativeInfinity, 0.0)]
    [InlineData(-40.0, 0.0)]
    public void Cdf_SpecialArgument_ExactValue(double x, double expected) =>
        Assert.Equal(expected, NormalDistribution.Cdf(x));

    [Fact]
    public void Cdf_NaN_ReturnsNaN()
    {
        Assert.True(double.IsNaN(NormalDistribution.Cdf(double.NaN)));
        Assert.True(double.IsNaN(NormalDistribution.Pdf(double.NaN)));
    }

    [Fact]
    public void CdfBoth_AcrossIntervalBoundaries_SumsToOneAndIsMonotone()
    {
        double previous = 0;
        for (double x = -38; x <= 9; x += 0.001)
        {
            var (lower, upper) = NormalDistribution.CdfBoth(x, out _);
            Assert.True(lower >= previous, $"Φ decreases at {x}");
            Assert.Equal(1.0, lower + upper, 15);
            previous = lower;
        }
    }

    [Fact]
    public void Complement_LargeArgument_IsTheTailNotOneMinusOne()
    {
        // Φ(−30) ≈ 4.906713927148187e-198 (mpmath); 1 − Φ(30) in doubles would be 0.
        Tolerance.AssertClose(4.906713927148187e-198, NormalDistribution.Complement(30), 2e-15, 0, "Φ(−30)");
    }
}
