using ExposureWeb.Risk.Pricing;
using ExposureWeb.Risk.Tests.Support;

namespace ExposureWeb.Risk.Tests.Pricing;

/// <summary>Implied volatility: round trips, and a clear status whenever no volatility fits.</summary>
public class ImpliedVolatilityTests
{
    private static ImpliedVolatilityResult Solve(double price, OptionParameters o) =>
        ImpliedVolatility.Solve(price, o.Spot, o.Strike, o.Years, o.Rate, o.Carry, o.Right);

    [Fact]
    public void Solve_RandomOptions_RepricesAndRecoversVolatility()
    {
        foreach (var o in RandomOptions.Generate(2000, seed: 31))
        {
            var v = BlackScholes.Evaluate(o);
            var result = Solve(v.Price, o);
            Assert.True(result.IsSolved, $"{result.Status}: {result.Message} for {o}");
            double repriced = BlackScholes.Price(o with { Volatility = result.Volatility });
            double notional = o.Spot * Math.Exp(-o.Carry * o.Years) + o.Strike * Math.Exp(-o.Rate * o.Years);
            Assert.True(Math.Abs(repriced - v.Price) <= 2 * ImpliedVolatility.PriceTolerance * notional, $"repriced {repriced} vs {v.Price} for {o}");
            // The volatility itself is pinned down wherever vega is visible against the price tolerance.
            if (v.Greeks.Vega > 1e-6 * notional)
            {
                Tolerance.AssertClose(o.Volatility, result.Volatility, 1e-7, 0, $"σ for {o}");
            }
        }
    }

    [Fact]
    public void Solve_HullAtTheMoneyCall_Returns20Percent()
    {
        var result = ImpliedVolatility.Solve(10.450583572185565, 100, 100, 1, 0.05, 0, OptionRight.Call);
        Assert.Equal(ImpliedVolatilityStatus.Solved, result.Status);
        Assert.Equal(0.2, result.Volatility, 12);
        Assert.InRange(result.Iterations, 1, 10);
    }

    [Fact]
    public void Solve_FarOutOfTheMoneyTinyVega_StillSolvesByBisection()
    {
        var o = new OptionParameters(100, 250, 0.1, 0.03, 0, 0.6, OptionRight.Call);
        var result = Solve(BlackScholes.Price(o), o);
        Assert.True(result.IsSolved, result.Message);
        Assert.Equal(0.6, result.Volatility, 6);
    }

    [Fact]
    public void Solve_PriceBelowIntrinsic_SaysBelowLowerBound()
    {
        // Call S=120, K=100, r=q=0: intrinsic 20, so 15 is impossible.
        var result = ImpliedVolatility.Solve(15, 120, 100, 0.5, 0, 0, OptionRight.Call);
        Assert.Equal(ImpliedVolatilityStatus.BelowLowerBound, result.Status);
        Assert.True(double.IsNaN(result.Volatility));
        Assert.Equal(20, result.LowerBound, 12);
        Assert.Contains("below the lower bound", result.Message);
    }

    [Fact]
    public void Solve_PriceAboveUpperBound_SaysAboveUpperBound()
    {
        // A call is never worth more than the underlying (S e^{−qT} = 100).
        var result = ImpliedVolatility.Solve(101, 100, 100, 1, 0.05, 0, OptionRight.Call);
        Assert.Equal(ImpliedVolatilityStatus.AboveUpperBound, result.Status);
        Assert.Equal(100, result.UpperBound, 12);
    }

    [Fact]
    public void Solve_PriceEqualToForwardIntrinsic_ZeroVolatility()
    {
        double intrinsic = 120 * Math.Exp(-0.01) - 100 * Math.Exp(-0.05);
        var result = ImpliedVolatility.Solve(intrinsic, 120, 100, 1, 0.05, 0.01, OptionRight.Call);
        Assert.Equal(ImpliedVolatilityStatus.Solved, result.Status);
        Assert.Equal(0, result.Volatility);
    }

    [Fact]
    public void Solve_ExpiredOptionAtIntrinsic_Undetermined()
    {
        var result = ImpliedVolatility.Solve(5, 105, 100, 0, 0.05, 0, OptionRight.Call);
        Assert.Equal(ImpliedVolatilityStatus.Undetermined, result.Status);
    }

    [Fact]
    public void Solve_NeedsMoreThanMaximumVolatility_NotConverged()
    {
        var o = new OptionParameters(100, 100, 0.001, 0, 0, 120, OptionRight.Call);
        var result = Solve(BlackScholes.Price(o), o);
        Assert.Equal(ImpliedVolatilityStatus.NotConverged, result.Status);
        Assert.Contains("above", result.Message);
    }

    [Theory]
    [InlineData(double.NaN, 100, "price")]
    [InlineData(5, 0, "spot")]
    [InlineData(5, double.PositiveInfinity, "spot")]
    public void Solve_InvalidInput_ResultNamesTheInput(double price, double spot, string name)
    {
        var result = ImpliedVolatility.Solve(price, spot, 100, 1, 0.05, 0, OptionRight.Put);
        Assert.Equal(ImpliedVolatilityStatus.InvalidInput, result.Status);
        Assert.StartsWith(name, result.Message);
    }
}
