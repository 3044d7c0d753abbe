using Hangfire;
using ExposureWeb.Auth;
using ExposureWeb.Hosting;
using Hangfire.Dashboard;
using Microsoft.Extensions.Options;

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
        builder.Services.AddOptions<JobsDashboardOptions>().Bind(builder.Configuration.GetSection(JobsDashboardOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHangfireServer(o => o.WorkerCount = Math.Max(2, Environment.ProcessorCount));
        builder.Services.AddSingleton<AlertOutboxJob>();
        builder.Services.AddSingleton<AlertRepeatJob>();
        builder.Services.AddSingleton<SnapshotCleanupJob>();
        builder.Services.AddSingleton<AlertOutboxSchedule>();
        builder.Services.AddHostedService<AlertOutboxTrigger>();
        builder.Services.AddHostedService<RecurringJobsRegistration>();
        builder.Services.AddSingleton<GovernanceScanJob>();
        builder.Services.AddHostedService<GovernanceScanSchedule>();
        return builder;
    }

    /// <summary>The dashboard at <c>/hangfire</c>, for the admins of <c>Jobs:DashboardAdmins</c> on this machine only.</summary>
    public static WebApplication MapExposureJobsDashboard(this WebApplication app)
    {
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new AdminOnThisMachineDashboardFilter(app.Services.GetRequiredService<IOptions<JobsDashboardOptions>>())],
            DisplayStorageConnectionString = false,
        });
        return app;
    }
}

/// <summary>
/// Lets a request into the Hangfire dashboard when its real client is this machine (behind a proxy, the client the
/// known proxies name) and its signed-in user is a configured admin. Hangfire answers 401 to the anonymous, 403 to others.
/// </summary>
public sealed class AdminOnThisMachineDashboardFilter(IOptions<JobsDashboardOptions> options) : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        var http = context.GetHttpContext();
        return ClientAddress.IsThisMachine(http) && options.Value.IsAdmin(http.User.WalletAddress());
    }
}
