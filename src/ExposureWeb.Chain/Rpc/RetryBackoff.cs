namespace ExposureWeb.Chain.Rpc;

/// <summary>Exponential backoff: how long to wait after some failures in a row.</summary>
internal static class RetryBackoff
{
    /// <summary>
    /// Zero without failures, then <paramref name="initial"/> doubling per further failure, never more than
    /// <paramref name="cap"/>.
    /// </summary>
    public static TimeSpan Delay(int failures, TimeSpan initial, TimeSpan cap)
    {
        if (failures <= 0)
        {
            return TimeSpan.Zero;
        }

        // The exponent is capped so a long outage cannot overflow the double before the cap applies.
        double ms = initial.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 20));
        return ms >= cap.TotalMilliseconds ? cap : TimeSpan.FromMilliseconds(ms);
    }
}
