namespace ExposureWeb.Data.Accounts;

/// <summary>
/// Whether the demo workspace (the one the embedded dev chain seeds) is shown to every user as a viewer. The host
/// decides: it shows it only while the dev chain is enabled, so a deployment on real chains lists no stale demo.
/// </summary>
public sealed class DemoWorkspaceOptions
{
    public bool Visible { get; set; } = true;
}
