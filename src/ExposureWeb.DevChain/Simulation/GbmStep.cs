namespace ExposureWeb.DevChain.Simulation;

/// <summary>Geometric Brownian motion without drift: S' = S·exp(−σ²dt/2 + σ√dt·Z), the market's martingale.</summary>
public static class GbmStep
{
    private const double SecondsPerYear = 365.0 * 24 * 3600;

    /// <param name="price">Current price (&gt; 0).</param>
    /// <param name="annualVol">σ per year (0.65 = 65%).</param>
    /// <param name="seconds">Simulated time elapsed.</param>
    /// <param name="z">A standard normal draw.</param>
    public static double Next(double price, double annualVol, double seconds, double z)
    {
        var dt = seconds / SecondsPerYear;
        return price * Math.Exp(-0.5 * annualVol * annualVol * dt + annualVol * Math.Sqrt(dt) * z);
    }

    /// <summary>A standard normal draw by Box–Muller.</summary>
    public static double StandardNormal(Random random)
    {
        var u1 = 1.0 - random.NextDouble(); // (0, 1]: keeps the log finite
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
