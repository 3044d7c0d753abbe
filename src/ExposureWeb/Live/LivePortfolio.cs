using ExposureWeb.Engine.Publishing;
using ExposureWeb.Engine.Snapshots;

namespace ExposureWeb.Live;

/// <summary>What the hub serves for one portfolio, as this process's feed holds it: all the portfolio page shows live.</summary>
/// <param name="Snapshot">The snapshot the hub sent last; null before the first block since the app started.</param>
/// <param name="History">The Greeks history, oldest first (a new list whenever it changes); stored, so there after a restart.</param>
/// <param name="HistoryCapacity">How many points the hub serves per portfolio.</param>
public sealed record LivePortfolio(ExposureSnapshot? Snapshot, IReadOnlyList<GreeksPoint> History, int HistoryCapacity)
{
    public static LivePortfolio Of(SnapshotReplica replica) => new(replica.Snapshot, replica.History, replica.HistoryCapacity);
}
