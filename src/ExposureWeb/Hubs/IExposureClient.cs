using ExposureWeb.Engine.Publishing;
using ExposureWeb.Engine.Snapshots;

namespace ExposureWeb.Hubs;

/// <summary>Messages the hub sends to its clients (the app's own feed, and outside clients with an API token).</summary>
public interface IExposureClient
{
    /// <summary>What changed in a subscribed portfolio's snapshot; at most 4 per second per portfolio.</summary>
    Task ExposureChanged(SnapshotDelta delta);

    Task ChainStatusChanged(ChainStatus status);
}
