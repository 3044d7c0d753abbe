using ExposureWeb.Data.Accounts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ExposureWeb.Web.Tests;

/// <summary>
/// The real app (Program) on a TestServer: the embedded dev chain off, a SQLite file of its own in a temporary
/// folder, no chains unless <paramref name="settings"/> adds some. Settings go in as host settings, so they are
/// in <c>builder.Configuration</c> before Program registers anything (the Chains section is read at registration).
/// </summary>
public sealed class ExposureWebFactory(IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    private readonly TempDatabase _database = new();

    public string DatabasePath => _database.Path;

    /// <summary>
    /// Shows the demo workspace to every user, as the app does while its dev chain is enabled: for tests that seed the
    /// demo portfolio themselves (on a chain of their own, or none) with the app's dev chain off.
    /// </summary>
    public bool ShowDemoWorkspace { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("DevChain:Enabled", "false");
        builder.UseSetting("Database:Path", DatabasePath);
        // Every test signs in from the same (absent) client address; the limit has a test of its own.
        builder.UseSetting("Auth:SignInRequestsPerMinute", "100000");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) builder.UseSetting(key, value);
        if (ShowDemoWorkspace) builder.ConfigureTestServices(s => s.PostConfigure<DemoWorkspaceOptions>(o => o.Visible = true));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _database.Dispose();
    }
}

/// <summary>One app shared by the tests that need no special configuration (starting it costs a second or two).</summary>
public sealed class SharedApp : IAsyncLifetime
{
    public ExposureWebFactory Factory { get; } = new();

    public Task InitializeAsync()
    {
        _ = Factory.Server; // start now, so a broken start fails in one place
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Factory.DisposeAsync().AsTask();
}

[CollectionDefinition(Name)]
public sealed class SharedAppCollection : ICollectionFixture<SharedApp>
{
    public const string Name = "shared app";
}
