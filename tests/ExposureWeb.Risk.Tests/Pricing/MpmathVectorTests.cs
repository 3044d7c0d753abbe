using ExposureWeb.Risk.Pricing;
using ExposureWeb.Risk.Tests.Support;

namespace ExposureWeb.Risk.Tests.Pricing;

/// <summary>
/// 402 options (random, plus 100 with |d| between 8 and 37) against mpmath at 50 digits evaluating the same
/// doubles exactly (Vectors/bsm_mpmath.csv). Body (|d₁|, |d₂| &lt; 8): 1e-12 relative for every output.
/// Far tails: Greeks 1e-12, price 1e-10 — a far out-of-the-money price is a difference of two tail terms
/// whose rounding (and that of ln(S/K)) is amplified by |d|/σ√T; seen worst 5.5e-11 at a price of 1e-278.
/// Values below 1e-300 are compared absolutely.
/// </summary>
public class MpmathVectorTests
{
    public static TheoryData<int> Rows() => [.. Enumerable.Range(0, VectorFile.Rows("bsm_mpmath.csv").Count)];

    [Theory]
    [MemberData(nameof(Rows))]
    public void Evaluate_MpmathRow_AgreesToNearMachinePrecision(int row)
    {
        var f = VectorFile.Rows("bsm_mpmath.csv")[row];
        var option = OptionRows.Parse(f);
        double d1 = OptionRows.D1(option);
        double v = option.Volatility * Math.Sqrt(option.Years);
        bool body = Math.Abs(d1) < 8 && Math.Abs(d1 - v) < 8;
        double[] actual = OptionRows.Outputs(BlackScholes.Evaluate(option));
        string[] names = ["price", "delta", "gamma", "vega", "theta", "rho"];
        for (int j = 0; j < 6; j++)
        {
            double relative = j == 0 && !body ? 1e-10 : 1e-12;
            Tolerance.AssertClose(VectorFile.D(f[7 + j]), actual[j], relative, 1e-300, $"row {row + 2} {names[j]} (d1 = {d1:F1})");
        }
    }
}
