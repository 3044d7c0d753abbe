using Hangfire;
using Hangfire.Dashboard;

namespace ExposureWeb.Jobs;

public static class JobsExtensions
{
    /// <summary>Hangfire on in-memory storage (the embedded default) with its server in this process.</summary>
    public static WebApplicationBuilder AddExposureJobs(this WebApplicationBuilder builder)
    {
        builder.Services.AddHangfire(c => c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseInMemoryStorage());
        builder.Services.AddHangfireServer(o => o.WorkerCount = Math.Max(2, Environment.ProcessorCount));
        builder.Services.AddSingleton<AlertOutboxJob>();
        builder.Services.AddSingleton<AlertRepeatJob>();
        builder.Services.AddSingleton<AlertOutboxSchedule>();
        builder.Services.AddHostedService<AlertOutboxTrigger>();
        builder.Services.AddHostedService<RecurringJobsRegistration>();
        builder.Services.AddSingleton<GovernanceScanJob>();
        builder.Services.AddHostedService<GovernanceScanSchedule>();
        return builder;
    }

    /// <summary>The dashboard at <c>/hangfire</c>, for requests from this machine only.</summary>
    public static WebApplication MapExposureJobsDashboard(this WebApplication app)
    {
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new LoopbackOnlyDashboardFilter()],
            DisplayStorageConnectionString = false,
        });
        return app;
    }
}

/// <summary>Refuses the Hangfire dashboard to any request that does not come from a loopback address.</summary>
public sealed class LoopbackOnlyDashboardFilter : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        var remote = context.GetHttpContext().Connection.RemoteIpAddress;
        if (remote is null) return false;
        if (remote.IsIPv4MappedToIPv6) remote = remote.MapToIPv4();
        return System.Net.IPAddress.IsLoopback(remote);
    }
}
