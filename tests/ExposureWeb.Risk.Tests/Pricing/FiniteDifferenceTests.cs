using ExposureWeb.Risk.Pricing;
using ExposureWeb.Risk.Tests.Support;

namespace ExposureWeb.Risk.Tests.Pricing;

/// <summary>
/// Each analytic Greek against a central difference of the price (Richardson-extrapolated, so the truncation
/// error is O(h⁴)) over random options. Tolerance 1e-6 relative plus 1e-9 of the natural scale: the difference
/// quotient itself carries rounding of ~1e-16·V/h.
/// </summary>
public class FiniteDifferenceTests
{
    private const double Relative = 1e-6;

    private static double Richardson(Func<double, double> f, double x, double h)
    {
        double d1 = (f(x + h) - f(x - h)) / (2 * h);
        double d2 = (f(x + h / 2) - f(x - h / 2)) / h;
        return (4 * d2 - d1) / 3;
    }

    public static TheoryData<int> Seeds() => [11, 12, 13, 14];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Greeks_RandomOptions_MatchFiniteDifferences(int seed)
    {
        foreach (var o in RandomOptions.Generate(500, seed, minYears: 7.0 / 365, minVol: 0.1))
        {
            var g = BlackScholes.Evaluate(o).Greeks;
            double s = o.Spot;
            double delta = Richardson(x => BlackScholes.Price(o with { Spot = x }), s, s * 1e-3);
            // Gamma against the difference of delta, which the line above ties to the price.
            double gamma = Richardson(x => BlackScholes.Evaluate(o with { Spot = x }).Greeks.Delta, s, s * 1e-3);
            double vega = Richardson(x => BlackScholes.Price(o with { Volatility = x }), o.Volatility, 1e-4);
            // Theta is ∂V/∂t with calendar time: time to expiry shrinks, hence the minus sign.
            double theta = -Richardson(x => BlackScholes.Price(o with { Years = x }), o.Years, 1e-5);
            double rho = Richardson(x => BlackScholes.Price(o with { Rate = x }), o.Rate, 1e-4);

            Tolerance.AssertClose(delta, g.Delta, Relative, 1e-9, $"delta {o}");
            Tolerance.AssertClose(gamma, g.Gamma, Relative, 1e-9 / s, $"gamma {o}");
            Tolerance.AssertClose(vega, g.Vega, Relative, 1e-9 * s, $"vega {o}");
            Tolerance.AssertClose(theta, g.Theta, Relative, 1e-9 * s, $"theta {o}");
            Tolerance.AssertClose(rho, g.Rho, Relative, 1e-9 * (s + o.Strike), $"rho {o}");
        }
    }
}
