using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ExposureWeb.Web.Tests;

/// <summary>The app under test is the app as shipped: its own folder as content root, its appsettings.json, the overrides on top.</summary>
[Collection(SharedAppCollection.Name)]
public sealed class HostEnvironmentTests(SharedApp app)
{
    [Fact]
    public void Start_UnderFactory_ContentRootIsTheAppFolderWithItsAppsettings()
    {
        var environment = app.Factory.Services.GetRequiredService<IHostEnvironment>();
        var configuration = app.Factory.Services.GetRequiredService<IConfiguration>();

        Assert.Equal(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory), Path.TrimEndingDirectorySeparator(environment.ContentRootPath));
        Assert.True(File.Exists(Path.Combine(environment.ContentRootPath, "appsettings.json")));
        // A key only appsettings.json sets.
        Assert.Equal("Warning", configuration["Logging:LogLevel:Hangfire"]);
        Assert.Equal(app.Factory.DatabasePath, configuration["Database:Path"]);
    }

    [Fact]
    public void Start_DevChainDisabledBySetting_NoDevChainHostRegistered()
    {
        var hosted = app.Factory.Services.GetServices<IHostedService>().Select(h => h.GetType().Name).ToList();

        Assert.DoesNotContain("DevChainHost", hosted);
        Assert.Contains("DatabaseMigrator", hosted);
        Assert.Contains("RiskEngineService", hosted);
        // The schema must exist before anything reads the database: the migrator starts first.
        Assert.Equal("DatabaseMigrator", hosted[0]);
    }
}
