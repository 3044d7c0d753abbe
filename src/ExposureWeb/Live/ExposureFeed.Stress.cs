using System.Collections.Concurrent;
using ExposureWeb.Engine.Stress;
using ExposureWeb.Hubs;
using Microsoft.AspNetCore.SignalR.Client;

namespace ExposureWeb.Live;

public sealed partial class ExposureFeed
{
    private readonly ConcurrentDictionary<int, Listeners<StressRunProgress>> _stressRuns = new();

    /// <summary>
    /// Calls <paramref name="onChange"/> with every progress and state change of the portfolio's stress runs, until
    /// disposed. They travel in the portfolio's hub group, so this holds a portfolio subscription too.
    /// </summary>
    /// <remarks>The caller decides who may see the portfolio (as for its snapshot).</remarks>
    public IDisposable SubscribeStressRuns(int portfolioId, Func<StressRunProgress, Task> onChange)
    {
        var group = SubscribePortfolio(portfolioId, _ => Task.CompletedTask);
        var listeners = _stressRuns.GetOrAdd(portfolioId, _ => new Listeners<StressRunProgress>(_ => Task.FromResult<StressRunProgress?>(null)));
        return new Subscriptions(group, listeners.Add(onChange));
    }

    private void OnStressRuns(HubConnection hub) =>
        hub.On<StressRunProgress>(nameof(IExposureClient.StressRunChanged), p => Dispatch(_stressRuns, p.PortfolioId, p));
}
