using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ExposureWeb.Data;

/// <summary>Healthy when the SQLite file opens and answers a query.</summary>
internal sealed class DatabaseHealthCheck(IDbContextFactory<ExposureDbContext> factory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var portfolios = await db.Portfolios.CountAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{portfolios} portfolio(s)");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("database unavailable: " + ex.Message);
        }
    }
}
