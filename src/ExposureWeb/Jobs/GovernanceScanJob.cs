using ExposureWeb.Chain.Profiles;
using ExposureWeb.Engine.Governance;
using Hangfire;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Jobs;

/// <summary>
/// Hangfire's entry to a chain's governance scan. Overlapping runs are harmless: the scan's lease lets one run and the
/// other returns at once (skipped); a failed run is not retried (the next scheduled one comes soon and starts from
/// the same log cursor).
/// </summary>
public sealed class GovernanceScanJob(GovernanceScanService scans)
{
    /// <summary>The recurring job's stable id for a chain.</summary>
    public static string RecurringId(string chainName) => "governance-scan-" + chainName.ToLowerInvariant();

    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Governance scan of {0}")]
    public Task RunAsync(string chainName, CancellationToken ct) => scans.ScanAsync(chainName, ct);
}

/// <summary>
/// Keeps one recurring governance scan per chain that has something to scan (an Aave pool or a Governor), including
/// chains registered after start (the dev chain registers once deployed).
/// </summary>
public sealed class GovernanceScanSchedule(ChainRegistry chains, IRecurringJobManager recurring, IOptions<GovernanceOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        chains.Registered += Schedule;
        foreach (var chain in chains.All) Schedule(chain);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        chains.Registered -= Schedule;
        return Task.CompletedTask;
    }

    private void Schedule(ChainProfile chain)
    {
        var id = GovernanceScanJob.RecurringId(chain.Name);
        if (!options.Value.Enabled || (chain.AaveV3 is null && chain.Governance is null))
        {
            recurring.RemoveIfExists(id);
            return;
        }
        var name = chain.Name;
        recurring.AddOrUpdate<GovernanceScanJob>(id, j => j.RunAsync(name, CancellationToken.None), options.Value.ScanCron);
    }
}
