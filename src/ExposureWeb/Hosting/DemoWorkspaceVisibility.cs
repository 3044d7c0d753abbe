using ExposureWeb.Data.Accounts;
using ExposureWeb.DevChain;

namespace ExposureWeb.Hosting;

public static class DemoWorkspaceVisibility
{
    /// <summary>
    /// The demo workspace is shown to every user while the embedded dev chain is enabled, and to nobody otherwise: on
    /// real chains a demo left in the database from an earlier run is stale, and not every user's to see.
    /// </summary>
    public static WebApplicationBuilder ShowDemoWorkspaceWithDevChain(this WebApplicationBuilder builder)
    {
        var devChain = builder.Configuration.GetValue(DevChainOptions.Section + ":" + nameof(DevChainOptions.Enabled), true);
        builder.Services.Configure<DemoWorkspaceOptions>(o => o.Visible = devChain);
        return builder;
    }
}
