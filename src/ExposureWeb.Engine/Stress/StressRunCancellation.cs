using System.Collections.Concurrent;

namespace ExposureWeb.Engine.Stress;

/// <summary>
/// The runs this process is running, so a cancel stops one at once; a run in another process learns of it from its next
/// progress write (the row is no longer Running).
/// </summary>
public sealed class StressRunCancellation
{
    private readonly ConcurrentDictionary<long, CancellationTokenSource> _running = new();

    internal CancellationTokenSource Register(long runId, CancellationToken outer)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _running[runId] = cts;
        return cts;
    }

    internal void Unregister(long runId) => _running.TryRemove(runId, out _);

    /// <summary>Cancels the run if it runs here; true when it did.</summary>
    public bool Cancel(long runId)
    {
        if (!_running.TryGetValue(runId, out var cts)) return false;
        try
        {
            cts.Cancel();
            return true;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }
}
