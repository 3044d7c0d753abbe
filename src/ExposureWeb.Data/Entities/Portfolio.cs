namespace ExposureWeb.Data.Entities;

/// <summary>A named set of watched addresses on one chain; the unit the engine prices and the hub publishes.</summary>
public sealed class Portfolio
{
    public int Id { get; set; }

    public required string Name { get; set; }

    /// <summary>Name of the chain profile (the <c>Chains</c> array of appsettings.json) the addresses live on.</summary>
    public required string ChainName { get; set; }

    /// <summary>True for the portfolio the embedded dev chain seeds; it is kept in step with the demo wallets.</summary>
    public bool IsDemo { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// The workspace whose members may see it. Null only for rows from before workspaces existed:
    /// such a portfolio is visible to no one until the demo seeder (or an owner) places it.
    /// </summary>
    public int? WorkspaceId { get; set; }

    public Workspace? Workspace { get; set; }

    public List<WatchedAddress> Addresses { get; set; } = [];
}
