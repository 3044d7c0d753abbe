using ExposureWeb.Auth;
using ExposureWeb.Components;
using ExposureWeb.Engine.Alerts;
using ExposureWeb.Engine.Publishing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ExposureWeb.Hubs;
using ExposureWeb.Live;
using MudBlazor.Services;

namespace ExposureWeb.Hosting;

public static class WebExtensions
{
    /// <summary>Blazor Server with MudBlazor, the exposure hub, the in-process feed and the demo portfolio seeder.</summary>
    public static WebApplicationBuilder AddExposureWeb(this WebApplicationBuilder builder)
    {
        // The repository's top-level wwwroot/ is this project's wwwroot (a symbolic link), so static web
        // assets resolve to real files whether the app runs from the build output or from a publish.
        // Outside Development they are enabled explicitly: `dotnet run` must serve MudBlazor's CSS too.
        builder.WebHost.UseStaticWebAssets();
        builder.AddExposureSecurity();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents(o =>
        {
            // A JS call to a browser that navigated away only fails when it times out (default one minute), and disposing the
            // circuit waits for it: Plotly's dispose queues behind a NewPlot still in flight, and Kestrel's stop waits for the
            // circuit, so one chart page left mid-draw held a graceful shutdown past the service manager's limit. Every call
            // the app makes (drawing a chart, a popover) answers in milliseconds from a live browser.
            o.JSInteropDefaultCallTimeout = TimeSpan.FromSeconds(10);
        });
        builder.Services.AddMudServices();
        builder.Services.AddSignalR();
        builder.Services.AddSingleton<CoalescingHubPublisher>();
        builder.Services.AddSingleton<TokenConnections>();
        builder.Services.AddSingleton<MemberConnections>();
        builder.Services.AddSingleton<PortfolioAudience>();
        builder.Services.AddSingleton<IExposurePublisher>(sp => sp.GetRequiredService<CoalescingHubPublisher>());
        // Replaces whatever the engine registered: alert states and toasts go out through the hub.
        builder.Services.Replace(ServiceDescriptor.Singleton<IAlertPublisher, HubAlertPublisher>());
        builder.Services.AddSingleton<ExposureFeed>();
        builder.Services.AddSingleton<DashboardFreezer>();
        builder.Services.AddHostedService<DemoPortfolioSeeder>();
        builder.ShowDemoWorkspaceWithDevChain();
        return builder;
    }

    public static WebApplication UseExposureWeb(this WebApplication app)
    {
        app.UseShutdownGate();
        app.UseExposureSecurity();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }
        app.UseExposureAuth();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapHub<ExposureHub>(ExposureHub.Path);
        app.MapExposureAuth();
        app.MapDevChainSignIn();
        return app;
    }
}
