using ExposureWeb.Risk.Pricing;
using ExposureWeb.Risk.Tests.Support;

namespace ExposureWeb.Risk.Tests.Pricing;

/// <summary>Defined values at the edges of the model, and clear errors outside it.</summary>
public class BlackScholesEdgeTests
{
    private static OptionParameters Option(double spot = 100, double strike = 100, double years = 1, double rate = 0.05,
        double carry = 0.01, double vol = 0.5, OptionRight right = OptionRight.Call) => new(spot, strike, years, rate, carry, vol, right);

    [Theory]
    [InlineData(120, 100, OptionRight.Call, 20, 1)]
    [InlineData(80, 100, OptionRight.Call, 0, 0)]
    [InlineData(100, 100, OptionRight.Call, 0, 0.5)]
    [InlineData(80, 100, OptionRight.Put, 20, -1)]
    [InlineData(120, 100, OptionRight.Put, 0, 0)]
    [InlineData(100, 100, OptionRight.Put, 0, -0.5)]
    public void Evaluate_AtExpiry_IntrinsicValueAndStepDelta(double spot, double strike, OptionRight right, double price, double delta)
    {
        var v = BlackScholes.Evaluate(Option(spot, strike, years: 0, right: right));
        Assert.Equal(price, v.Price);
        Assert.Equal(delta, v.Greeks.Delta);
        Assert.Equal(new Greeks(delta, 0, 0, 0, 0), v.Greeks);
    }

    [Fact]
    public void Evaluate_ZeroVolatility_DiscountedForwardIntrinsic()
    {
        // S e^{−qT} − K e^{−rT} with S=120, K=100, r=5%, q=1%, T=1.
        var v = BlackScholes.Evaluate(Option(spot: 120, vol: 0));
        double sdq = 120 * Math.Exp(-0.01), kdr = 100 * Math.Exp(-0.05);
        Assert.Equal(sdq - kdr, v.Price, 12);
        Assert.Equal(Math.Exp(-0.01), v.Greeks.Delta, 15);
        Assert.Equal(0, v.Greeks.Gamma);
        Assert.Equal(0, v.Greeks.Vega);
        Assert.Equal(0.01 * sdq - 0.05 * kdr, v.Greeks.Theta, 12); // ∂/∂t of S e^{−qT} − K e^{−rT}
        Assert.Equal(100 * Math.Exp(-0.05), v.Greeks.Rho, 12);
        Assert.Equal(0, BlackScholes.Price(Option(spot: 120, vol: 0, right: OptionRight.Put)));
    }

    [Fact]
    public void Evaluate_ZeroVolatility_MatchesTheLimitOfSmallVolatility()
    {
        foreach (var spot in new[] { 80.0, 100.0, 125.0 })
        {
            var zero = BlackScholes.Evaluate(Option(spot: spot, vol: 0));
            var tiny = BlackScholes.Evaluate(Option(spot: spot, vol: 1e-9));
            Assert.Equal(tiny.Price, zero.Price, 6);
            Assert.Equal(tiny.Greeks.Delta, zero.Greeks.Delta, 6);
        }
    }

    [Fact]
    public void Evaluate_ZeroVolatilityAtTheForward_VegaIsTheFiniteLimit()
    {
        // At F = K the vega tends to S e^{−qT} √T φ(0) as σ → 0, not to 0.
        double strike = 100 * Math.Exp(0.05 - 0.01);
        var zero = BlackScholes.Evaluate(Option(strike: strike, vol: 0));
        var tiny = BlackScholes.Evaluate(Option(strike: strike, vol: 1e-9));
        Tolerance.AssertClose(tiny.Greeks.Vega, zero.Greeks.Vega, 1e-8, 0, "vega at the forward");
    }

    [Theory]
    [InlineData(1e6, OptionRight.Call)]   // 10,000× in the money: price = forward intrinsic, delta = e^{−qT}
    [InlineData(1e-6, OptionRight.Put)]
    public void Evaluate_DeepInTheMoney_ForwardIntrinsicAndFullDelta(double spot, OptionRight right)
    {
        var o = Option(spot: spot, vol: 0.3, right: right);
        var v = BlackScholes.Evaluate(o);
        double omega = right == OptionRight.Call ? 1 : -1;
        double intrinsic = omega * (spot * Math.Exp(-0.01) - 100 * Math.Exp(-0.05));
        Tolerance.AssertClose(intrinsic, v.Price, 1e-15, 0, "price");
        Tolerance.AssertClose(omega * Math.Exp(-0.01), v.Greeks.Delta, 1e-15, 0, "delta");
        Assert.InRange(v.Greeks.Gamma, 0, 1e-200);
    }

    [Fact]
    public void Evaluate_DeepOutOfTheMoney_TinyPositivePriceNotZeroOrNegative()
    {
        // d₁ ≈ −30: the price is ~1e-200 and must still be a positive number with the right sign of delta.
        var v = BlackScholes.Evaluate(Option(spot: 100, strike: 100 * Math.Exp(4.5), years: 0.02, vol: 1.0));
        Assert.InRange(v.Price, double.Epsilon, 1e-150);
        Assert.True(v.Greeks.Delta > 0 && v.Greeks.Gamma > 0 && v.Greeks.Vega > 0);
    }

    [Theory]
    [InlineData(double.NaN, 100, 1, 0.2, "spot")]
    [InlineData(0, 100, 1, 0.2, "spot")]
    [InlineData(-5, 100, 1, 0.2, "spot")]
    [InlineData(double.PositiveInfinity, 100, 1, 0.2, "spot")]
    [InlineData(100, 0, 1, 0.2, "strike")]
    [InlineData(100, double.NaN, 1, 0.2, "strike")]
    [InlineData(100, 100, -0.01, 0.2, "years")]
    [InlineData(100, 100, double.NaN, 0.2, "years")]
    [InlineData(100, 100, 1, -0.2, "vol")]
    [InlineData(100, 100, 1, double.NaN, "vol")]
    public void Evaluate_InvalidInput_ThrowsNamingTheInput(double spot, double strike, double years, double vol, string name)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => BlackScholes.Evaluate(Option(spot, strike, years, vol: vol)));
        Assert.Equal(name, error.ParamName);
        Assert.StartsWith(name, error.Message);
    }

    [Theory]
    [InlineData(double.NaN, 0, "rate")]
    [InlineData(0, double.PositiveInfinity, "carry")]
    public void Evaluate_NonFiniteRateOrCarry_ThrowsNamingTheInput(double rate, double carry, string name)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => BlackScholes.Evaluate(Option(rate: rate, carry: carry)));
        Assert.Equal(name, error.ParamName);
    }

    [Fact]
    public void Evaluate_NegativeRateAndCarry_Accepted()
    {
        var v = BlackScholes.Evaluate(Option(rate: -0.01, carry: -0.05));
        Assert.True(v.Price > 0);
    }
}
