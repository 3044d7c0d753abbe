using ExposureWeb.Risk.Pricing;
using ExposureWeb.Risk.Tests.Support;

namespace ExposureWeb.Risk.Tests.Pricing;

/// <summary>The vectorised kernel against the scalar one: same numbers (1e-12 relative, 1e-15 of the scale absolute).</summary>
public class BlackScholesBatchTests
{
    private static OptionBatch Build(IReadOnlyList<OptionParameters> options)
    {
        var batch = new OptionBatch(options.Count);
        for (int i = 0; i < options.Count; i++) batch.Set(i, options[i]);
        return batch;
    }

    private static void AssertMatchesScalar(OptionBatch input, GreeksBatch output)
    {
        for (int i = 0; i < input.Count; i++)
        {
            var o = input[i];
            double[] expected = OptionRows.Outputs(BlackScholes.Evaluate(o));
            double[] actual = OptionRows.Outputs(output[i]);
            double[] scale = [o.Spot, 1, 1 / o.Spot, o.Spot, o.Spot, o.Spot + o.Strike];
            for (int j = 0; j < 6; j++)
            {
                Tolerance.AssertClose(expected[j], actual[j], 1e-12, 1e-15 * scale[j], $"row {i} output {j} {o}");
            }
        }
    }

    [Fact]
    public void Evaluate_RandomOptions_MatchesScalarPath()
    {
        var input = Build(RandomOptions.Generate(5003, seed: 21).ToList()); // not a multiple of 4: exercises the remainder
        var output = new GreeksBatch(input.Count);
        BlackScholesBatch.Evaluate(input, output);
        AssertMatchesScalar(input, output);
    }

    [Fact]
    public void Evaluate_EdgeCasesMixedIntoVectors_MatchesScalarPath()
    {
        // Expired and zero-vol options among ordinary ones, and far tails on both sides.
        var options = RandomOptions.Generate(64, seed: 22).ToList();
        for (int i = 0; i < options.Count; i += 3) options[i] = options[i] with { Years = 0 };
        for (int i = 1; i < options.Count; i += 5) options[i] = options[i] with { Volatility = 0 };
        options.Add(new OptionParameters(100, 100 * Math.Exp(5), 0.01, 0.03, 0, 0.8, OptionRight.Call));
        options.Add(new OptionParameters(100, 100 * Math.Exp(-5), 0.01, 0.03, 0, 0.8, OptionRight.Put));
        options.Add(new OptionParameters(100, 100 * Math.Exp(-5), 0.01, 0.03, 0, 0.8, OptionRight.Call));
        options.Add(new OptionParameters(100, 100 * Math.Exp(5), 0.01, 0.03, 0, 0.8, OptionRight.Put));
        var input = Build(options);
        var output = new GreeksBatch(input.Count);
        BlackScholesBatch.Evaluate(input, output);
        AssertMatchesScalar(input, output);
    }

    [Fact]
    public void Price_RandomOptions_EqualsPriceOfFullEvaluation()
    {
        var input = Build(RandomOptions.Generate(1001, seed: 23).ToList());
        var full = new GreeksBatch(input.Count);
        BlackScholesBatch.Evaluate(input, full);
        var prices = new double[input.Count];
        BlackScholesBatch.Price(input.Spot, input.Strike, input.Years, input.Rate, input.Carry, input.Volatility, input.IsCall, prices);
        Assert.Equal(full.Price, prices);
    }

    [Fact]
    public void Evaluate_Parallel_SameResultsAsSingleThreaded()
    {
        var input = Build(RandomOptions.Generate(20_000, seed: 24).ToList());
        var single = new GreeksBatch(input.Count);
        var parallel = new GreeksBatch(input.Count);
        BlackScholesBatch.Evaluate(input, single);
        BlackScholesBatch.Evaluate(input, parallel, maxDegreeOfParallelism: 2);
        Assert.Equal(single.Price, parallel.Price);
        Assert.Equal(single.Theta, parallel.Theta);
    }

    [Fact]
    public void Evaluate_InvalidRow_ThrowsNamingInputAndIndexAndWritesNothing()
    {
        var input = Build(RandomOptions.Generate(10, seed: 25).ToList());
        input.Volatility[6] = -0.1;
        var output = new GreeksBatch(input.Count);
        var error = Assert.ThrowsAny<ArgumentException>(() => BlackScholesBatch.Evaluate(input, output));
        Assert.Equal("vol[6]", error.ParamName);
        Assert.Contains("row 6", error.Message);
        Assert.All(output.Price, p => Assert.Equal(0, p));
    }

    [Fact]
    public void Evaluate_NaNSpotInFirstVector_ThrowsNamingIt()
    {
        var input = Build(RandomOptions.Generate(8, seed: 26).ToList());
        input.Spot[1] = double.NaN;
        var error = Assert.ThrowsAny<ArgumentException>(() => BlackScholesBatch.Evaluate(input, new GreeksBatch(8)));
        Assert.Equal("spot[1]", error.ParamName);
    }

    [Fact]
    public void Evaluate_MismatchedLengths_ThrowsNamingTheSpan()
    {
        var error = Assert.Throws<ArgumentException>(() => BlackScholesBatch.Evaluate(
            new double[4], new double[4], new double[4], new double[4], new double[4], new double[3], new bool[4],
            new double[4], new double[4], new double[4], new double[4], new double[4], new double[4]));
        Assert.Equal("vol", error.ParamName);
    }
}
