using ExposureWeb.Risk.Scenarios;

namespace ExposureWeb.Risk.Tests.Scenarios;

/// <summary>Correlation matrices: validation, PSD repair, estimation from price histories, conditional shocks.</summary>
public class CorrelationTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1, 0.5, 0.4, 1, "symmetric")]
    [InlineData(0.9, 0.5, 0.5, 1, "diagonal must be 1")]
    [InlineData(1, 1.2, 1.2, 1, "|ρ| must be at most 1")]
    public void Constructor_InvalidMatrix_ThrowsNamingTheCell(double a00, double a01, double a10, double a11, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => new CorrelationMatrix(["ETH", "BTC"], new[,] { { a00, a01 }, { a10, a11 } }));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Constructor_DimensionMismatch_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => new CorrelationMatrix(["ETH", "BTC", "SOL"], new double[,] { { 1, 0 }, { 0, 1 } }));
        Assert.Contains("2×2 but names 3", e.Message);
    }

    [Fact]
    public void RepairToPositiveSemiDefinite_InconsistentMatrix_ValidCorrelationMatrix()
    {
        // ρ(ETH,BTC) = ρ(ETH,SOL) = 0.9 force ρ(BTC,SOL) ≥ 0.62; −0.9 is impossible (smallest eigenvalue −0.8).
        var bad = new CorrelationMatrix(["ETH", "BTC", "SOL"], new[,] { { 1, 0.9, 0.9 }, { 0.9, 1, -0.9 }, { 0.9, -0.9, 1 } });
        Assert.True(bad.MinEigenvalue() < -0.5);
        Assert.Throws<ArgumentException>(() => bad.Cholesky());

        var (fixedMatrix, repaired, before) = bad.RepairToPositiveSemiDefinite();

        Assert.True(repaired);
        Assert.Equal(bad.MinEigenvalue(), before, 12);
        Assert.True(fixedMatrix.MinEigenvalue() > -1e-12);
        for (int i = 0; i < 3; i++) Assert.Equal(1, fixedMatrix[i, i]);
        Assert.Equal(fixedMatrix["BTC", "SOL"], fixedMatrix["SOL", "BTC"]);
        _ = fixedMatrix.Cholesky(); // no throw
    }

    [Fact]
    public void RepairToPositiveSemiDefinite_ValidMatrix_Unchanged()
    {
        var good = new CorrelationMatrix(["ETH", "BTC"], new[,] { { 1, 0.7 }, { 0.7, 1 } });
        var (same, repaired, _) = good.RepairToPositiveSemiDefinite();
        Assert.False(repaired);
        Assert.Same(good, same);
    }

    [Fact]
    public void Subset_MissingUnderlying_ThrowsNamingIt()
    {
        var m = CorrelationMatrix.Identity(["ETH", "BTC"]);
        var e = Assert.Throws<ArgumentException>(() => m.Subset(["ETH", "SOL"]));
        Assert.Contains("no row for SOL", e.Message);
    }

    private static IReadOnlyList<PricePoint> Series(Func<int, double> price, int count, int stepHours = 1, int offsetMinutes = 0) =>
        Enumerable.Range(0, count).Select(i => new PricePoint(T0.AddHours(i * stepHours).AddMinutes(offsetMinutes), price(i))).ToList();

    [Fact]
    public void Estimate_PerfectlyCorrelatedSeries_RhoOne()
    {
        // BTC = 30 × ETH at every time: identical log returns, ρ = 1; 1/ETH: ρ = −1.
        double Eth(int i) => 2000 * Math.Exp(0.01 * Math.Sin(i * 1.3) + 0.002 * i);
        var estimate = CorrelationEstimator.Estimate(new Dictionary<string, IReadOnlyList<PricePoint>>
        {
            ["ETH"] = Series(Eth, 50),
            ["BTC"] = Series(i => 30 * Eth(i), 50),
            ["INV"] = Series(i => 1e6 / Eth(i), 50),
        });
        Assert.Equal(49, estimate.Returns);
        Assert.Equal(1, estimate.Matrix["ETH", "BTC"], 12);
        Assert.Equal(-1, estimate.Matrix["ETH", "INV"], 12);
        Assert.False(estimate.Repaired); // a Gram matrix of aligned returns is PSD; rounding (~1e-16) is not "repair"
        _ = estimate.Matrix.Cholesky();
    }

    [Fact]
    public void Estimate_MisalignedTimestamps_OnlyCommonTimesUsed()
    {
        // ETH every hour for 20 h; BTC every 2 h with the same moves at those times: 10 common times, 9 returns.
        double Eth(int i) => 2000 * (1 + 0.01 * ((i * 7) % 5 - 2));
        var estimate = CorrelationEstimator.Estimate(new Dictionary<string, IReadOnlyList<PricePoint>>
        {
            ["ETH"] = Series(Eth, 20),
            ["BTC"] = Series(i => 30 * Eth(2 * i), 10, stepHours: 2),
        });
        Assert.Equal(9, estimate.Returns);
        Assert.Equal(1, estimate.Matrix["ETH", "BTC"], 12);
    }

    [Fact]
    public void Estimate_Buckets_AlignIrregularUpdates()
    {
        // Oracle updates a few minutes apart never share a timestamp; hourly buckets (last price per hour) align them.
        double Eth(int i) => 2000 * (1 + 0.01 * ((i * 7) % 5 - 2));
        var histories = new Dictionary<string, IReadOnlyList<PricePoint>>
        {
            ["ETH"] = Series(Eth, 12, offsetMinutes: 5),
            ["BTC"] = Series(i => 30 * Eth(i), 12, offsetMinutes: 47),
        };
        Assert.Throws<ArgumentException>(() => CorrelationEstimator.Estimate(histories));
        var estimate = CorrelationEstimator.Estimate(histories, TimeSpan.FromHours(1));
        Assert.Equal(11, estimate.Returns);
        Assert.Equal(1, estimate.Matrix["ETH", "BTC"], 12);
    }

    [Fact]
    public void Estimate_FlatHistory_ThrowsUndefined()
    {
        var e = Assert.Throws<ArgumentException>(() => CorrelationEstimator.Estimate(new Dictionary<string, IReadOnlyList<PricePoint>>
        {
            ["ETH"] = Series(i => 2000 + i, 10),
            ["USDC"] = Series(_ => 1, 10),
        }));
        Assert.Contains("USDC does not move", e.Message);
    }

    [Fact]
    public void Conditional_EthMinus30_BetaIsRhoTimesVolRatio()
    {
        // β_BTC = 0.8 × 0.45 / 0.6 = 0.6; β_SOL = 0.5 × 0.9 / 0.6 = 0.75; β_ARB = 0 (ρ = 0).
        // Moves: (1 − 0.3)^β − 1: BTC 0.7^0.6 − 1 = −0.192656, SOL 0.7^0.75 − 1 = −0.234714.
        var rho = new CorrelationMatrix(["ETH", "BTC", "SOL", "ARB"], new[,]
        {
            { 1, 0.8, 0.5, 0 }, { 0.8, 1, 0.4, 0 }, { 0.5, 0.4, 1, 0 }, { 0, 0, 0, 1 },
        });
        var shock = CorrelatedShock.Conditional("ETH", -0.3, rho,
            new Dictionary<string, double> { ["ETH"] = 0.6, ["BTC"] = 0.45, ["SOL"] = 0.9, ["ARB"] = 1.1 });

        Assert.Equal(0.6, shock.Betas["BTC"], 12);
        Assert.Equal(0.75, shock.Betas["SOL"], 12);
        Assert.Equal(0, shock.Betas["ARB"], 12);
        Assert.Equal(-0.3, shock.Moves["ETH"]);
        Assert.Equal(Math.Pow(0.7, 0.6) - 1, shock.Moves["BTC"], 12);
        Assert.Equal(-0.192656, shock.Moves["BTC"], 6);
        Assert.Equal(-0.234714, shock.Moves["SOL"], 6);
        Assert.Equal(0, shock.Moves["ARB"], 12);
    }

    [Fact]
    public void Conditional_MissingVolatility_ThrowsNamingIt()
    {
        var rho = CorrelationMatrix.Identity(["ETH", "BTC"]);
        var e = Assert.Throws<ArgumentException>(() => CorrelatedShock.Conditional("ETH", -0.3, rho, new Dictionary<string, double> { ["ETH"] = 0.6 }));
        Assert.Contains("no volatility given for BTC", e.Message);
        Assert.Throws<ArgumentException>(() => CorrelatedShock.Conditional("SOL", -0.3, rho, new Dictionary<string, double> { ["ETH"] = 0.6 }));
    }
}
