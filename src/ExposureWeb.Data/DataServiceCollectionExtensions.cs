using ExposureWeb.Data.Alerts;
using ExposureWeb.Data.Accounts;
using ExposureWeb.Data.History;
using ExposureWeb.Data.ManualPositions;
using ExposureWeb.Data.Quotas;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// SQLite through EF Core (file from <c>Database:Path</c>), migrations applied at start, the
    /// stores, and a <c>database</c> health check.
    /// </summary>
    private static readonly SqliteBusyTimeout BusyTimeout = new();

    public static IHostApplicationBuilder AddExposureData(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>()
            .Bind(builder.Configuration.GetSection(DatabaseOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddOptions<DemoWorkspaceOptions>();
        var contentRoot = builder.Environment.ContentRootPath;
        builder.Services.AddPooledDbContextFactory<ExposureDbContext>((sp, options) =>
        {
            var path = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.Path;
            options.UseSqlite(SqliteConnectionStrings.ForFile(path, contentRoot)).AddInterceptors(BusyTimeout);
            var demo = new DemoWorkspaceOptionsExtension(sp.GetRequiredService<IOptions<DemoWorkspaceOptions>>().Value.Visible);
            ((IDbContextOptionsBuilderInfrastructure)options).AddOrUpdateExtension(demo);
        });

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddExposureQuotas(builder.Configuration);
        builder.Services.AddSingleton<PortfolioStore>();
        builder.Services.AddSingleton<ManualPositionStore>();
        builder.Services.AddSingleton<PortfolioChangeSignal>();
        builder.Services.AddSingleton<SignInNonceStore>();
        builder.Services.AddSingleton<AccountStore>();
        builder.Services.AddSingleton<UserPortfolios>();
        builder.Services.AddSingleton<ApiTokenStore>();
        builder.Services.AddSingleton<UserSessionStore>();
        builder.Services.AddSingleton<GreeksHistoryStore>();
        builder.Services.AddSingleton<AlertRuleStore>();
        builder.Services.AddSingleton<AlertRuleChangeSignal>();
        builder.Services.AddSingleton<AlertOutboxSignal>();
        builder.Services.AddSingleton<WorkspaceAccess>();
        builder.Services.AddSingleton<AlertHistoryStore>();
        builder.Services.AddSingleton<AlertInboxStore>();
        builder.Services.AddSingleton<AlertInboxSignal>();
        builder.Services.AddSingleton<AlertDestinationStore>();
        builder.Services.AddSingleton<AlertSilenceStore>();
        builder.Services.AddSingleton<AlertMuteTimingStore>();
        builder.Services.AddSingleton<AlertPolicyStore>();
        // The web host replaces it with the SSRF guard of the delivery code.
        builder.Services.TryAddSingleton<IWebhookUrlPolicy, BasicWebhookUrlPolicy>();
        builder.Services.AddSingleton<AlertStateStore>();
        builder.Services.AddSingleton<Governance.GovernanceStore>();
        builder.Services.AddSingleton<Workspaces.MembershipStore>();
        builder.Services.AddSingleton<Workspaces.MembershipChangeSignal>();
        builder.Services.AddSingleton<Dashboards.DashboardStore>();
        builder.Services.AddSingleton<Dashboards.DashboardChangeSignal>();
        builder.Services.AddSingleton<Sharing.ShareLinkStore>();
        builder.Services.AddSingleton<Sharing.ShareLinkSignal>();
        builder.Services.AddSingleton<Dashboards.DashboardSnapshotStore>();
        builder.Services.AddSingleton<Dashboards.SnapshotChangeSignal>();
        // Registered first among hosted services by the host so the schema exists before the engine starts.
        builder.Services.AddHostedService<DatabaseMigrator>();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        return builder;
    }
}
