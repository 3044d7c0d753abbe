using ExposureWeb.Engine.Alerts;
using ExposureWeb.Live;
using Microsoft.AspNetCore.SignalR;

namespace ExposureWeb.Hubs;

/// <summary>
/// The engine's alert outlet: state changes to the portfolio's subscribers (<see cref="IExposureClient.AlertsChanged"/>),
/// toasts to the workspace's (<see cref="IExposureClient.AlertToast"/>) — the app's circuits through the in-process
/// <see cref="ExposureFeed"/>, outside clients through the hub under the same authorization as snapshots.
/// </summary>
public sealed class HubAlertPublisher(IHubContext<ExposureHub, IExposureClient> hub, ExposureFeed feed) : IAlertPublisher
{
    public Task PublishAlertStatesAsync(int portfolioId, IReadOnlyList<AlertInstanceView> changed, CancellationToken ct)
    {
        if (changed.Count == 0) return Task.CompletedTask;
        var change = new PortfolioAlertsChanged(portfolioId, changed);
        feed.PublishAlerts(change);
        return hub.Clients.Group(HubGroups.Portfolio(portfolioId)).AlertsChanged(change);
    }

    public Task PublishToastAsync(AlertToast toast, CancellationToken ct)
    {
        feed.PublishToast(toast);
        return hub.Clients.Group(HubGroups.Workspace(toast.WorkspaceId)).AlertToast(toast);
    }
}
