namespace ExposureWeb.Data.Entities;

/// <summary>What a member may do; each role includes the ones below it.</summary>
public enum WorkspaceRole
{
    /// <summary>Reads the workspace's portfolios.</summary>
    Viewer = 0,

    /// <summary>Also changes portfolios: watched addresses, manual positions.</summary>
    Editor = 1,

    /// <summary>Also manages members and deletes the workspace.</summary>
    Owner = 2,
}
