using ExposureWeb.Engine.Snapshots;

namespace ExposureWeb.Engine.Publishing;

/// <summary>Where the engine sends what it computes; the web host implements it with the SignalR hub.</summary>
public interface IExposurePublisher
{
    Task PublishSnapshotAsync(ExposureSnapshot snapshot, CancellationToken ct);

    Task PublishChainStatusAsync(ChainStatus status, CancellationToken ct);
}
