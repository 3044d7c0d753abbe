using System.Diagnostics;

namespace ExposureWeb.E2E;

/// <summary>Waits on a condition with a deadline, never on a fixed sleep.</summary>
public static class Eventually
{
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan limit, string what)
    {
        var clock = Stopwatch.StartNew();
        T last = default!;
        Exception? lastError = null;
        while (clock.Elapsed < limit)
        {
            try
            {
                last = await probe();
                if (done(last)) return last;
                lastError = null;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                lastError = ex;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{what} did not happen within {limit.TotalSeconds:0} s (last value: {last}{(lastError is null ? "" : ", last error: " + lastError.Message)})");
    }
}
