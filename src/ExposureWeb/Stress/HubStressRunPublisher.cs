using ExposureWeb.Engine.Stress;
using ExposureWeb.Hubs;
using Microsoft.AspNetCore.SignalR;

namespace ExposureWeb.Stress;

/// <summary>A run's progress to its portfolio's hub group: whoever may read the portfolio (the page's feed, outside clients) gets it.</summary>
public sealed class HubStressRunPublisher(IHubContext<ExposureHub, IExposureClient> hub) : IStressRunPublisher
{
    public Task PublishAsync(StressRunProgress progress, CancellationToken ct) =>
        hub.Clients.Group(HubGroups.Portfolio(progress.PortfolioId)).StressRunChanged(progress);
}
