namespace ExposureWeb.Data.Entities;

/// <summary>A team's space: its portfolios are visible to its members, as their role allows.</summary>
public sealed class Workspace
{
    public int Id { get; set; }

    public required string Name { get; set; }

    /// <summary>True for the embedded dev chain's demo workspace, which every user may view.</summary>
    public bool IsDemo { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<WorkspaceMember> Members { get; set; } = [];

    public List<Portfolio> Portfolios { get; set; } = [];
}
