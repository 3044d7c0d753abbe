namespace ExposureWeb.Data.Entities;

/// <summary>
/// A saved arrangement of widgets on a 12-column grid, in a workspace. Its layout and variable defaults are JSON
/// (<see cref="Dashboards.DashboardLayout"/>), versioned so two editors saving at once cannot silently overwrite each other.
/// </summary>
public sealed class Dashboard
{
    public int Id { get; set; }

    public int WorkspaceId { get; set; }

    public required string Name { get; set; }

    /// <summary>Set on a portfolio's default dashboard (the one equal to the portfolio page); null for others.</summary>
    public int? DefaultForPortfolioId { get; set; }

    /// <summary>The layout as JSON: widgets and variable defaults.</summary>
    public required string LayoutJson { get; set; }

    /// <summary>Incremented on every save; a save naming an older version is refused.</summary>
    public int Version { get; set; }

    public int CreatedByUserId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public Workspace? Workspace { get; set; }
}
