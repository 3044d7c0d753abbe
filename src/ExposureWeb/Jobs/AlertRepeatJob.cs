using ExposureWeb.Engine.Alerts.Outbox;
using Hangfire;

namespace ExposureWeb.Jobs;

/// <summary>
/// Hangfire's entry to the workspaces' repeat interval: writes a reminder for every alert still firing past its interval
/// (<see cref="AlertRepeater"/>). Idempotent: a repeat's idempotency key is unique, so a run twice writes it once.
/// </summary>
public sealed class AlertRepeatJob(AlertRepeater repeater)
{
    /// <summary>The recurring job's stable id.</summary>
    public const string RecurringId = "alerts-repeat";

    // The next minutely run is the retry.
    [AutomaticRetry(Attempts = 0)]
    public Task RunAsync(CancellationToken ct) => repeater.WriteDueRepeatsAsync(ct);
}
