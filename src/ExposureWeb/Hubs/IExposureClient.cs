using ExposureWeb.Engine.Alerts;
using ExposureWeb.Engine.Publishing;
using ExposureWeb.Engine.Snapshots;
using ExposureWeb.Live;

namespace ExposureWeb.Hubs;

/// <summary>Messages the hub sends to its clients (outside clients: API tokens, browsers' own scripts; the app's circuits take the same from the in-process ExposureFeed).</summary>
public partial interface IExposureClient
{
    /// <summary>What changed in a subscribed portfolio's snapshot; at most 4 per second per portfolio.</summary>
    Task ExposureChanged(SnapshotDelta delta);

    Task ChainStatusChanged(ChainStatus status);

    /// <summary>Alert instances of a subscribed portfolio whose state, severity or value changed (sent to the portfolio's group).</summary>
    Task AlertsChanged(PortfolioAlertsChanged change);

    /// <summary>An in-app notification for a workspace whose alerts the connection subscribed to (<c>SubscribeWorkspaceAlerts</c>).</summary>
    Task AlertToast(AlertToast toast);
}
