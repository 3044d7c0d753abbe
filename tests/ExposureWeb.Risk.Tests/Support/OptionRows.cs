using ExposureWeb.Risk.Pricing;

namespace ExposureWeb.Risk.Tests.Support;

/// <summary>Parses the `spot,strike,years,rate,carry,vol,type` columns shared by the vector files.</summary>
internal static class OptionRows
{
    public static OptionParameters Parse(string[] f) => new(
        VectorFile.D(f[0]), VectorFile.D(f[1]), VectorFile.D(f[2]), VectorFile.D(f[3]), VectorFile.D(f[4]), VectorFile.D(f[5]),
        f[6] == "C" ? OptionRight.Call : OptionRight.Put);

    public static double[] Outputs(OptionValuation v) =>
        [v.Price, v.Greeks.Delta, v.Greeks.Gamma, v.Greeks.Vega, v.Greeks.Theta, v.Greeks.Rho];

    /// <summary>d₁ of an option, to sort vector rows into the body and the far tails.</summary>
    public static double D1(OptionParameters o)
    {
        double v = o.Volatility * Math.Sqrt(o.Years);
        return (Math.Log(o.Spot / o.Strike) + (o.Rate - o.Carry) * o.Years) / v + v / 2;
    }
}
