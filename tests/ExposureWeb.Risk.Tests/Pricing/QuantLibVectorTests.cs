using ExposureWeb.Risk.Pricing;
using ExposureWeb.Risk.Tests.Support;

namespace ExposureWeb.Risk.Tests.Pricing;

/// <summary>
/// 500 options (Vectors/greeks_in.csv) against QuantLib 1.29 AnalyticEuropeanEngine (Vectors/greeks_quantlib.csv),
/// through both the scalar and the batch path. Tolerance: 1e-10 relative plus an absolute floor of 1e-12 scaled
/// to the option's size, per output in its own units — price, vega and theta ×S, delta ×1, gamma ×1/S,
/// rho ×max(S, K). The floor is there because QuantLib's own rounding near zero is ~1e-16·S (it prints deep
/// out-of-the-money puts at −4e-12 with S = 68,107, and put deltas of −1.1e-16); the largest floor actually
/// used is ~1.3e-15 of that scale. Where QuantLib's N(d) is 0.5·(1 + erf) with N between 1e-8 and 1e-3 it also
/// loses relative digits: see <see cref="Evaluate_RowWhereQuantLibLosesDigits_AgreesWithMpmathInstead"/>.
/// </summary>
public class QuantLibVectorTests
{
    private const double Relative = 1e-10;
    private const double Floor = 1e-12;

    public static TheoryData<int> Rows() => [.. Enumerable.Range(0, 500)];

    private static readonly Lazy<(OptionBatch Input, double[][] Expected)> Vectors = new(Load);

    private static (OptionBatch, double[][]) Load()
    {
        var input = VectorFile.Rows("greeks_in.csv");
        var expected = VectorFile.Rows("greeks_quantlib.csv");
        Assert.Equal(500, input.Count);
        Assert.Equal(input.Count, expected.Count);
        var batch = new OptionBatch(input.Count);
        for (int i = 0; i < input.Count; i++)
        {
            batch.Set(i, OptionRows.Parse(input[i]));
        }
        return (batch, expected.Select(r => r.Select(VectorFile.D).ToArray()).ToArray());
    }

    private static readonly Lazy<GreeksBatch> BatchResults = new(() =>
    {
        var output = new GreeksBatch(Vectors.Value.Input.Count);
        BlackScholesBatch.Evaluate(Vectors.Value.Input, output);
        return output;
    });

    [Theory]
    [MemberData(nameof(Rows))]
    public void Evaluate_QuantLibRow_AgreesWithin1e10(int row)
    {
        var option = Vectors.Value.Input[row];
        AssertRow(option, BlackScholes.Evaluate(option), Vectors.Value.Expected[row], $"scalar row {row + 2}");
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void BatchEvaluate_QuantLibRow_AgreesWithin1e10(int row)
    {
        var option = Vectors.Value.Input[row];
        AssertRow(option, BatchResults.Value[row], Vectors.Value.Expected[row], $"batch row {row + 2}");
    }

    private static void AssertRow(OptionParameters o, OptionValuation v, double[] e, string where)
    {
        double s = o.Spot;
        Tolerance.AssertClose(e[0], v.Price, Relative, Floor * s, $"{where} price");
        Tolerance.AssertClose(e[1], v.Greeks.Delta, Relative, Floor, $"{where} delta");
        Tolerance.AssertClose(e[2], v.Greeks.Gamma, Relative, Floor / s, $"{where} gamma");
        Tolerance.AssertClose(e[3], v.Greeks.Vega, Relative, Floor * s, $"{where} vega");
        Tolerance.AssertClose(e[4], v.Greeks.Theta, Relative, Floor * s, $"{where} theta");
        Tolerance.AssertClose(e[5], v.Greeks.Rho, Relative, Floor * Math.Max(s, o.Strike), $"{where} rho");
    }

    [Fact]
    public void Evaluate_RowWhereQuantLibLosesDigits_AgreesWithMpmathInstead()
    {
        // greeks_in.csv line 322: a put with N(−d₁) ≈ 1.2e-8. QuantLib gives delta −1.1579751937e-08 (4e-9 relative off)
        // and price 5.59577793908306e-10 (3.5e-7 off); mpmath at 50 digits gives −1.15797519833724079e-08 and
        // 5.59577600789915e-10. We match delta to 1e-13 and the price — a difference of two terms ~90× larger — to 1e-12.
        var option = Vectors.Value.Input[320];
        var v = BlackScholes.Evaluate(option);
        Tolerance.AssertClose(-1.15797519833724079e-08, v.Greeks.Delta, 1e-13, 0, "delta vs mpmath");
        Tolerance.AssertClose(5.59577600789914810e-10, v.Price, 1e-12, 0, "price vs mpmath");
        Assert.Equal(-1.1579751937012528e-08, Vectors.Value.Expected[320][1]);
    }
}
