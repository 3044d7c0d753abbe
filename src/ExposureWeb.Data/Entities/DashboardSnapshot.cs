namespace ExposureWeb.Data.Entities;

/// <summary>
/// A dashboard frozen at a block: its layout (with the variables it was viewed with) and, for every portfolio it shows,
/// that portfolio's state as the hub served it then, with provenance. It outlives its dashboard (then
/// <see cref="DashboardId"/> is null) and the portfolios it shows; it goes with its workspace, or when it expires.
/// </summary>
public sealed class DashboardSnapshot
{
    public int Id { get; set; }

    public int WorkspaceId { get; set; }

    /// <summary>The dashboard it was taken of; null once that dashboard is deleted.</summary>
    public int? DashboardId { get; set; }

    public required string Name { get; set; }

    /// <summary>The layout as JSON (<see cref="Dashboards.DashboardLayout"/>); its variables are the ones the snapshot was taken with.</summary>
    public required string LayoutJson { get; set; }

    /// <summary>Every shown portfolio's frozen state, as JSON (<see cref="Dashboards.FrozenPortfolio"/>, one per portfolio).</summary>
    public required string PortfoliosJson { get; set; }

    /// <summary>Chain of the newest block among the portfolios (each portfolio's own is in <see cref="PortfoliosJson"/>).</summary>
    public required string ChainName { get; set; }

    /// <summary>The newest block among the portfolios: what the snapshot is "at".</summary>
    public long BlockNumber { get; set; }

    /// <summary>That block's timestamp (UTC).</summary>
    public DateTimeOffset BlockTime { get; set; }

    public int TakenByUserId { get; set; }

    /// <summary>The taker's wallet (EIP-55), kept so the provenance still names them after they leave the workspace.</summary>
    public required string TakenByAddress { get; set; }

    public DateTimeOffset TakenAt { get; set; }

    /// <summary>When it stops being shown and is deleted (UTC); null: never.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    public Workspace? Workspace { get; set; }
}
