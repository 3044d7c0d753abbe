using ExposureWeb.Engine.Publishing;
using ExposureWeb.Engine.Snapshots;
using Microsoft.AspNetCore.SignalR;

namespace ExposureWeb.Hubs;

/// <summary>The engine's outlet: sends to the hub group of the portfolio or chain.</summary>
internal sealed class HubExposurePublisher(IHubContext<ExposureHub, IExposureClient> hub) : IExposurePublisher
{
    public Task PublishSnapshotAsync(ExposureSnapshot snapshot, CancellationToken ct) =>
        hub.Clients.Group(HubGroups.Portfolio(snapshot.PortfolioId)).ExposureUpdated(snapshot);

    public Task PublishChainStatusAsync(ChainStatus status, CancellationToken ct) =>
        hub.Clients.Group(HubGroups.Chain(status.ChainName)).ChainStatusChanged(status);
}
