using ExposureWeb.Engine.Publishing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Engine.Monitoring;

/// <summary>Reports each chain's newest head and its age; unhealthy when a chain is unreachable or its head is too old.</summary>
internal sealed class ChainHeadHealthCheck(LatestState latest, IOptions<EngineOptions> options, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var chains = latest.Chains;
        if (chains.Count == 0) return Task.FromResult(HealthCheckResult.Degraded("no chain connected yet"));
        var now = time.GetUtcNow();
        var data = new Dictionary<string, object>();
        var problems = new List<string>();
        foreach (var c in chains)
        {
            double? age = c.HeadReceivedAt is { } at ? Math.Round((now - at).TotalSeconds, 1) : null;
            data[c.ChainName] = new { c.Reachable, c.HeadBlock, headAgeSeconds = age, c.Error };
            if (!c.Reachable) problems.Add($"{c.ChainName}: unreachable ({c.Error})");
            else if (age is null) problems.Add($"{c.ChainName}: no head received yet");
            else if (age > options.Value.HeadMaxAgeSeconds) problems.Add($"{c.ChainName}: last head {age} s ago");
        }
        return Task.FromResult(problems.Count == 0
            ? HealthCheckResult.Healthy("chain heads are fresh", data)
            : HealthCheckResult.Unhealthy(string.Join("; ", problems), data: data));
    }
}
