using System.Diagnostics;

namespace ExposureWeb.Engine.Tests;

/// <summary>Waits for a condition by polling with a deadline (never a fixed sleep); fails the test naming what it waited for.</summary>
internal static class Poll
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(15);

    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? deadline = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, deadline);

    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? deadline = null)
    {
        var limit = deadline ?? DefaultDeadline;
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < limit, $"timed out after {limit.TotalSeconds:0.#} s waiting for {what}");
            await Task.Delay(20);
        }
    }
}
