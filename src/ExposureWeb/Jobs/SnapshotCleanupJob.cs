using ExposureWeb.Data.Dashboards;
using Hangfire;

namespace ExposureWeb.Jobs;

/// <summary>
/// Deletes expired dashboard snapshots. They already answer like missing ones from the moment they expire; this only frees
/// the space. Idempotent: a second run finds nothing more to delete.
/// </summary>
public sealed class SnapshotCleanupJob(DashboardSnapshotStore snapshots, ILogger<SnapshotCleanupJob> logger)
{
    /// <summary>The recurring job's stable id.</summary>
    public const string RecurringId = "snapshots-cleanup";

    // The next hourly run is the retry.
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken ct)
    {
        var deleted = await snapshots.DeleteExpiredAsync(ct);
        if (deleted > 0) logger.LogInformation("Deleted {Count} expired dashboard snapshots", deleted);
    }
}
