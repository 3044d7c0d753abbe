using ExposureWeb.Risk.Pricing;
using ExposureWeb.Risk.Tests.Support;

namespace ExposureWeb.Risk.Tests.Pricing;

/// <summary>Published worked examples; tolerance is half a unit in the last printed digit.</summary>
public class TextbookValueTests
{
    [Theory]
    // reference.md / Hull, Options, Futures and Other Derivatives: S=K=100, T=1, r=5%, σ=20%.
    [InlineData(100, 100, 1.0, 0.05, 0.0, 0.20, OptionRight.Call, 10.4506, 5e-5)]
    [InlineData(100, 100, 1.0, 0.05, 0.0, 0.20, OptionRight.Put, 5.5735, 5e-5)]
    // Hull, Example 15.6 (10th ed.): S=42, K=40, T=0.5, r=10%, σ=20% → c = 4.76, p = 0.81.
    [InlineData(42, 40, 0.5, 0.10, 0.0, 0.20, OptionRight.Call, 4.76, 5e-3)]
    [InlineData(42, 40, 0.5, 0.10, 0.0, 0.20, OptionRight.Put, 0.81, 5e-3)]
    // Haug, The Complete Guide to Option Pricing Formulas (2nd ed.), 1.1.1: S=60, K=65, T=0.25, r=8%, σ=30% → c = 2.1334.
    [InlineData(60, 65, 0.25, 0.08, 0.0, 0.30, OptionRight.Call, 2.1334, 5e-5)]
    // Haug 1.1.2 (Merton 1973, dividend yield): S=100, K=95, T=0.5, r=10%, q=5%, σ=20% → p = 2.4648.
    [InlineData(100, 95, 0.5, 0.10, 0.05, 0.20, OptionRight.Put, 2.4648, 5e-5)]
    public void Price_TextbookCase_MatchesPublishedValue(
        double spot, double strike, double years, double rate, double carry, double vol, OptionRight right, double expected, double tolerance)
    {
        double price = BlackScholes.Price(new OptionParameters(spot, strike, years, rate, carry, vol, right));
        Assert.InRange(price, expected - tolerance, expected + tolerance);
    }

    [Fact]
    public void Evaluate_HullAtTheMoney_GreeksMatchClosedForm()
    {
        // Closed forms at S=K=100, T=1, r=5%, σ=20%: d1 = 0.35, d2 = 0.15 (mpmath, Vectors/bsm_mpmath.csv row 2).
        var call = BlackScholes.Evaluate(new OptionParameters(100, 100, 1, 0.05, 0, 0.2, OptionRight.Call));
        Tolerance.AssertClose(0.6368306511756191, call.Greeks.Delta, 1e-14, 0, "delta");
        Tolerance.AssertClose(0.018762017345846893, call.Greeks.Gamma, 1e-14, 0, "gamma");
        Tolerance.AssertClose(37.52403469169379, call.Greeks.Vega, 1e-14, 0, "vega");
        Tolerance.AssertClose(-6.414027546438196, call.Greeks.Theta, 1e-14, 0, "theta");
        Tolerance.AssertClose(53.23248154537634, call.Greeks.Rho, 1e-14, 0, "rho");
    }
}
