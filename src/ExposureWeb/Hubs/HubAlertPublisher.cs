using ExposureWeb.Engine.Alerts;
using Microsoft.AspNetCore.SignalR;

namespace ExposureWeb.Hubs;

/// <summary>
/// The engine's alert outlet to the hub: state changes to the portfolio's group (<see cref="IExposureClient.AlertsChanged"/>),
/// toasts to the workspace's group (<see cref="IExposureClient.AlertToast"/>). Outside clients get them under the same
/// authorization as snapshots; the app's own circuits get them through the feed.
/// </summary>
public sealed class HubAlertPublisher(IHubContext<ExposureHub, IExposureClient> hub) : IAlertPublisher
{
    public Task PublishAlertStatesAsync(int portfolioId, IReadOnlyList<AlertInstanceView> changed, CancellationToken ct) =>
        changed.Count == 0 ? Task.CompletedTask : hub.Clients.Group(HubGroups.Portfolio(portfolioId)).AlertsChanged(new PortfolioAlertsChanged(portfolioId, changed));

    public Task PublishToastAsync(AlertToast toast, CancellationToken ct) =>
        hub.Clients.Group(HubGroups.Workspace(toast.WorkspaceId)).AlertToast(toast);
}
