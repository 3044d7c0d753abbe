using ExposureWeb.Risk.Strategies;

namespace ExposureWeb.Risk.Tests.Strategies;

public sealed class OptionBuybackTests
{
    // Gamma per dollar: A 2.0, B 0.5, C 1.0.
    private static readonly ShortOption A = new("a", "ETH 3500 C", -10, -200, -100, -50);
    private static readonly ShortOption B = new("b", "ETH 4000 C", -20, -100, -200, -80);
    private static readonly ShortOption C = new("c", "ETH 2500 P", -5, -150, -150, -30);

    [Fact]
    public void Plan_ExcessWithinTheBestPosition_BuysPartOfItOnly()
    {
        var plan = OptionBuyback.Plan([B, C, A], 50);

        var leg = Assert.Single(plan.Legs);
        Assert.Equal("a", leg.Id);
        Assert.Equal(2.5, leg.Options, 1e-6);
        Assert.Equal(25, leg.CostUsd, 1e-4);
        Assert.Equal(12.5, leg.VegaChangePerVolPoint, 1e-4);
        Assert.True(plan.GammaChangePerPercent >= 50);
        Assert.Equal(0, plan.Uncovered);
    }

    [Fact]
    public void Plan_ExcessAcrossPositions_TakesCheapestGammaFirstAndCostsTheLeast()
    {
        var plan = OptionBuyback.Plan([B, C, A], 300);

        Assert.Equal(["a", "c"], plan.Legs.Select(l => l.Id));
        Assert.Equal(1, plan.Legs[0].Fraction);
        Assert.Equal(100.0 / 150, plan.Legs[1].Fraction, 1e-6);
        Assert.Equal(100 + 100, plan.CostUsd, 1e-3);
        // Any other order pays more for the same gamma: B first costs 200 for 100 of it.
        var worse = 200 + 200.0 / 200 * 100;
        Assert.True(plan.CostUsd < worse);
    }

    [Fact]
    public void Plan_MoreExcessThanShorts_BuysEverythingAndReportsTheRest()
    {
        var plan = OptionBuyback.Plan([A, B, C], 1_000);

        Assert.Equal(3, plan.Legs.Count);
        Assert.All(plan.Legs, l => Assert.Equal(1, l.Fraction));
        Assert.Equal(550, plan.Uncovered, 1e-9);
    }

    [Fact]
    public void Plan_LongOrGammaFreePositions_AreNotCandidates()
    {
        var plan = OptionBuyback.Plan([A with { Quantity = 10, DollarGammaPerPercent = 200 }, B with { DollarGammaPerPercent = 0 }], 10);

        Assert.Empty(plan.Legs);
        Assert.Equal(10, plan.Uncovered);
    }

    [Fact]
    public void Plan_RoundsOptionsUpToTheStep_NeverUnderCovers()
    {
        var plan = OptionBuyback.Plan([A with { Quantity = -3 }], 200.0 / 3 * 1.0000001);

        Assert.True(plan.GammaChangePerPercent >= 200.0 / 3 * 1.0000001);
        var steps = plan.Legs[0].Options / OptionBuyback.OptionStep;
        Assert.Equal(Math.Round(steps), steps, 1e-6);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Plan_BadExcess_Throws(double excess) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => OptionBuyback.Plan([A], excess));
}

public sealed class OptionBuybackVegaTests
{
    // Vega per dollar: A 0.5, B 0.4, C 0.2; gamma per dollar ranks A, C, B.
    private static readonly ShortOption A = new("a", "ETH 3500 C", -10, -200, -100, -50);
    private static readonly ShortOption B = new("b", "ETH 4000 C 90d", -20, -100, -200, -80);
    private static readonly ShortOption C = new("c", "ETH 2500 P", -5, -150, -150, -30);

    [Fact]
    public void Plan_VegaExcess_TakesVegaPerDollarOrderAndReportsBothGreeks()
    {
        var plan = OptionBuyback.Plan([C, B, A], 70, BuybackGreek.Vega);

        Assert.Equal(["a", "b"], plan.Legs.Select(l => l.Id));
        Assert.Equal(1, plan.Legs[0].Fraction);
        Assert.Equal(20.0 / 80, plan.Legs[1].Fraction, 1e-6);
        Assert.True(plan.Reduced >= 70);
        Assert.Equal(plan.VegaChangePerVolPoint, plan.Reduced);
        Assert.Equal(200 + 100 * 0.25, plan.GammaChangePerPercent, 1e-3);
        Assert.Equal(100 + 200 * 0.25, plan.CostUsd, 1e-3);
    }
}
