using ExposureWeb.Risk.Numerics;

namespace ExposureWeb.Risk.Tests.Numerics;

/// <summary>Cholesky and Jacobi eigen-decomposition against textbook matrices; the generator against published values.</summary>
public class SymmetricMatrixTests
{
    [Fact]
    public void Cholesky_TextbookMatrix_KnownFactor()
    {
        // The standard worked example (e.g. Wikipedia "Cholesky decomposition"): exact integer factor.
        double[,] a = { { 4, 12, -16 }, { 12, 37, -43 }, { -16, -43, 98 } };
        double[,] expected = { { 2, 0, 0 }, { 6, 1, 0 }, { -8, 5, 3 } };
        var l = SymmetricMatrix.Cholesky(a);
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++) Assert.Equal(expected[i, j], l[i, j], 12);
        }
    }

    [Fact]
    public void Cholesky_PerfectlyCorrelated_ZeroColumnNotNaN()
    {
        // ρ = 1: singular but valid; the second asset is a copy of the first.
        var l = SymmetricMatrix.Cholesky(new double[,] { { 1, 1 }, { 1, 1 } });
        Assert.Equal(new double[,] { { 1, 0 }, { 1, 0 } }, l);
    }

    [Fact]
    public void Cholesky_NotPositiveSemiDefinite_ThrowsNamingRepair()
    {
        var e = Assert.Throws<ArgumentException>(() => SymmetricMatrix.Cholesky(new double[,] { { 1, 0.9, 0.9 }, { 0.9, 1, -0.9 }, { 0.9, -0.9, 1 } }));
        Assert.Contains("not positive semi-definite", e.Message);
        Assert.Contains("RepairToPositiveSemiDefinite", e.Message);
    }

    [Fact]
    public void Eigen_TwoByTwo_KnownValues()
    {
        // [[2, 1], [1, 2]]: eigenvalues 1 and 3, eigenvectors (1, −1)/√2 and (1, 1)/√2.
        var (values, vectors) = SymmetricMatrix.Eigen(new double[,] { { 2, 1 }, { 1, 2 } });
        Assert.Equal(1, values[0], 14);
        Assert.Equal(3, values[1], 14);
        Assert.Equal(Math.Abs(vectors[0, 1]), Math.Sqrt(0.5), 14);
        Assert.Equal(vectors[0, 1], vectors[1, 1], 14);
    }

    [Fact]
    public void Eigen_RandomSymmetric_ReconstructsMatrix()
    {
        var rng = new Random(3);
        const int n = 6;
        var a = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++) a[i, j] = a[j, i] = rng.NextDouble() * 2 - 1;
        }
        var (values, v) = SymmetricMatrix.Eigen(a);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int k = 0; k < n; k++) sum += v[i, k] * values[k] * v[j, k];
                Assert.Equal(a[i, j], sum, 12);
            }
        }
        Assert.True(values.SequenceEqual(values.Order()));
    }

    [Fact]
    public void SplitMix64_SeedZero_PublishedFirstOutput()
    {
        // Vigna's splitmix64.c reference: the first output from state 0 is 0xE220A8397B1DCDAF.
        ulong state = 0;
        Assert.Equal(0xE220A8397B1DCDAFUL, Xoshiro256StarStar.SplitMix64(ref state));
    }

    [Fact]
    public void Xoshiro256StarStar_SeedOne_MatchesReferenceTranscription()
    {
        // Outputs of xoshiro256** seeded with four SplitMix64 outputs of 1, from an independent Python transcription of
        // Blackman and Vigna's xoshiro256starstar.c (64-bit arithmetic masked by hand).
        var rng = new Xoshiro256StarStar(1);
        Assert.Equal(0xB3F2AF6D0FC710C5UL, rng.NextUInt64());
        Assert.Equal(0x853B559647364CEAUL, rng.NextUInt64());
        Assert.Equal(0x92F89756082A4514UL, rng.NextUInt64());
    }

    [Fact]
    public void NextGaussian_200kDraws_MeanZeroVarianceOne()
    {
        // Standard errors: mean 1/√n = 0.0022, variance √(2/n) = 0.0032; bounds at ~4 standard errors.
        var rng = new Xoshiro256StarStar(42);
        const int n = 200_000;
        double sum = 0, sq = 0;
        for (int i = 0; i < n; i++) { double x = rng.NextGaussian(); sum += x; sq += x * x; }
        double mean = sum / n;
        Assert.InRange(mean, -0.009, 0.009);
        Assert.InRange(sq / n - mean * mean, 1 - 0.013, 1 + 0.013);
    }
}
