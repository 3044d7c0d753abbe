using ExposureWeb.Risk.Pricing;

namespace ExposureWeb.Risk.Tests.Support;

/// <summary>Reproducible random options over the ranges the dashboard meets (crypto: high vol, wide strikes).</summary>
internal static class RandomOptions
{
    public static IEnumerable<OptionParameters> Generate(int count, int seed, double minYears = 1.0 / 365, double minVol = 0.05)
    {
        var rng = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            double spot = Math.Pow(10, rng.NextDouble() * 6 - 1);          // 0.1 … 100,000
            double strike = spot * Math.Exp(rng.NextDouble() * 1.6 - 0.8);  // about ±80% log-moneyness
            yield return new OptionParameters(
                spot, strike,
                minYears + rng.NextDouble() * 3,
                rng.NextDouble() * 0.12 - 0.02,
                rng.NextDouble() * 0.12 - 0.02,
                minVol + rng.NextDouble() * 2.5,
                rng.Next(2) == 0 ? OptionRight.Call : OptionRight.Put);
        }
    }
}
