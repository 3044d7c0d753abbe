using ExposureWeb.Chain.Profiles;
using ExposureWeb.DevChain;
using ExposureWeb.Engine.Publishing;
using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Hosting;

/// <summary>
/// Whether this instance has something to serve (<c>/health/ready</c>, for load balancers): the embedded dev chain (when
/// enabled) deployed, every known chain's first head read, and Hangfire's server up. The database is checked by its own
/// check, tagged for readiness too.
/// </summary>
internal sealed class ReadinessHealthCheck(
    ChainRegistry registry, LatestState latest, DevChainState devChain, IOptions<DevChainOptions> devChainOptions) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var waiting = new List<string>();
        if (devChainOptions.Value.Enabled && !devChain.Ready.IsCompletedSuccessfully)
        {
            waiting.Add(devChain.Ready.IsFaulted ? "the embedded dev chain failed to start" : "the embedded dev chain is still starting");
        }
        var heads = latest.Chains.ToDictionary(c => c.ChainName, c => c.HeadBlock, StringComparer.OrdinalIgnoreCase);
        foreach (var chain in registry.All)
        {
            if (heads.GetValueOrDefault(chain.Name) is null) waiting.Add($"{chain.Name}: first head not read yet");
        }
        if (!HangfireServerUp()) waiting.Add("Hangfire's server is not running yet");
        return Task.FromResult(waiting.Count == 0
            ? HealthCheckResult.Healthy($"ready: {registry.All.Count} chain(s) read")
            : HealthCheckResult.Unhealthy("not ready: " + string.Join("; ", waiting)));
    }

    private static bool HangfireServerUp()
    {
        try
        {
            return JobStorage.Current.GetMonitoringApi().Servers().Count > 0;
        }
        catch (InvalidOperationException)
        {
            return false; // no storage configured yet
        }
    }
}
