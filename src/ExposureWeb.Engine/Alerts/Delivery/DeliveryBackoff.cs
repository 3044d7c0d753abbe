namespace ExposureWeb.Engine.Alerts.Delivery;

/// <summary>
/// Exponential backoff with full jitter: the wait before retry n (after failed attempt n, counting from 1) is uniform in
/// [0, min(max, base·2^(n-1))]. Full jitter rather than a fixed schedule so that many deliveries failing together
/// (a receiver restarting) do not come back together (AWS Architecture Blog, "Exponential Backoff And Jitter").
/// </summary>
public sealed class DeliveryBackoff
{
    private readonly Random _random;

    /// <param name="baseDelay">The ceiling after the first failed attempt; doubled per attempt.</param>
    /// <param name="maxDelay">The ceiling the doubling stops at.</param>
    /// <param name="random">The jitter's source; pass a seeded one for reproducible tests. Not thread-safe unless it is <see cref="Random.Shared"/>.</param>
    public DeliveryBackoff(TimeSpan baseDelay, TimeSpan maxDelay, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(baseDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, baseDelay);
        BaseDelay = baseDelay;
        MaxDelay = maxDelay;
        _random = random;
    }

    /// <summary>The ceiling after the first failed attempt.</summary>
    public TimeSpan BaseDelay { get; }

    /// <summary>The largest ceiling.</summary>
    public TimeSpan MaxDelay { get; }

    /// <summary>The upper bound of the wait after failed attempt <paramref name="attempt"/> (1-based): min(max, base·2^(attempt-1)).</summary>
    public TimeSpan Ceiling(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        // Past 2^62 ticks the doubling would overflow; by then it is far above any sane maximum anyway.
        var exponent = Math.Min(attempt - 1, 62);
        var ticks = BaseDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= MaxDelay.Ticks ? MaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1-based): uniform in [0, <see cref="Ceiling"/>].</summary>
    public TimeSpan Delay(int attempt) => TimeSpan.FromTicks((long)(_random.NextDouble() * Ceiling(attempt).Ticks));
}
