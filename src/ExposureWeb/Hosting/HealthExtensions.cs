using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ExposureWeb.Hosting;

public static class HealthExtensions
{
    /// <summary>The tag of the checks <c>/health/ready</c> runs.</summary>
    public const string ReadyTag = "ready";

    /// <summary>The readiness check (see <see cref="ReadinessHealthCheck"/>).</summary>
    public static IHostApplicationBuilder AddExposureReadiness(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddCheck<ReadinessHealthCheck>("ready", tags: [ReadyTag]);
        return builder;
    }

    /// <summary>
    /// <c>/health</c>: the database and the age of each chain's last head, as JSON; 503 when unhealthy.
    /// <c>/health/live</c>: 200 while the process serves requests (no checks). <c>/health/ready</c>: 200 only once the
    /// database answers, every chain's first head is read and Hangfire runs; 503 before (a load balancer's signal).
    /// </summary>
    public static WebApplication MapExposureHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteJsonAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
            ResponseWriter = WriteJsonAsync,
        });
        app.MapHealthChecks("/health", new HealthCheckOptions
        {
            // The detailed report; readiness is a verdict over the same facts, served apart.
            Predicate = check => check.Name != ReadyTag,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
            ResponseWriter = WriteJsonAsync,
        });
        return app;
    }

    private static Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                data = e.Value.Data,
            }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }
}
