using ExposureWeb.Engine.Stress;
using ExposureWeb.Hubs;
using ExposureWeb.Live;
using Microsoft.AspNetCore.SignalR;

namespace ExposureWeb.Stress;

/// <summary>A run's progress to whoever may read its portfolio: the app's circuits in-process, outside clients through the portfolio's hub group.</summary>
public sealed class HubStressRunPublisher(IHubContext<ExposureHub, IExposureClient> hub, ExposureFeed feed) : IStressRunPublisher
{
    public Task PublishAsync(StressRunProgress progress, CancellationToken ct)
    {
        feed.PublishStress(progress);
        return hub.Clients.Group(HubGroups.Portfolio(progress.PortfolioId)).StressRunChanged(progress);
    }
}
