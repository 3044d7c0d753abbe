using ExposureWeb.Engine.Snapshots;

namespace ExposureWeb.Hubs;

/// <summary>Messages the hub sends to its clients (the app's own feed, and outside clients later).</summary>
public interface IExposureClient
{
    Task ExposureUpdated(ExposureSnapshot snapshot);

    Task ChainStatusChanged(ChainStatus status);
}
