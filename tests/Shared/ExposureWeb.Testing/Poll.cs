using System.Diagnostics;

namespace ExposureWeb.Testing;

/// <summary>Waits for a condition by polling with a deadline (never a fixed sleep); fails naming what it waited for.</summary>
public static class Poll
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(15);

    /// <summary>Between two asks of an in-process condition: cheap to ask, so ask often and end the wait soon after.</summary>
    public static readonly TimeSpan ConditionInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Between two probes of another process (a browser page, an app over HTTP): each is a round trip that takes CPU
    /// from the very process being waited for, on a two-core machine.
    /// </summary>
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(100);

    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? deadline = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, deadline);

    /// <summary>Fails the test once <paramref name="deadline"/> has passed; an exception of the condition fails it at once.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? deadline = null)
    {
        var limit = deadline ?? DefaultDeadline;
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < limit, $"timed out after {limit.TotalSeconds:0.#} s waiting for {what}");
            await Task.Delay(ConditionInterval);
        }
    }

    /// <summary>
    /// Probes until <paramref name="done"/> holds for the value and returns that value. A probe that throws counts as
    /// "not yet" (what is probed may still be starting); past the deadline a <see cref="TimeoutException"/> names the last
    /// value and the last error, so a fixture can add what it knows (the app's log) and rethrow.
    /// </summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? deadline = null)
    {
        var limit = deadline ?? DefaultDeadline;
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
            await Task.Delay(ProbeInterval);
        }
        throw new TimeoutException(
            $"timed out after {limit.TotalSeconds:0.#} s waiting for {what} (last value: {last}{(lastError is null ? "" : ", last error: " + lastError.Message)})");
    }
}
