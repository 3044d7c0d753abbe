using System.Collections.Concurrent;
using ExposureWeb.Engine.Stress;

namespace ExposureWeb.Live;

public sealed partial class ExposureFeed
{
    private readonly ConcurrentDictionary<int, Listeners<StressRunProgress>> _stressRuns = new();

    /// <summary>Calls <paramref name="onChange"/> with every progress and state change of the portfolio's stress runs, until disposed.</summary>
    /// <remarks>The caller decides who may see the portfolio (as for its snapshot).</remarks>
    public IDisposable SubscribeStressRuns(int portfolioId, Func<StressRunProgress, Task> onChange) =>
        _stressRuns.GetOrAdd(portfolioId, _ => new Listeners<StressRunProgress>(EventCapacity, logger)).Add(onChange);

    internal void PublishStress(StressRunProgress progress)
    {
        if (_stressRuns.TryGetValue(progress.PortfolioId, out var listeners)) listeners.Publish(progress);
    }
}
