using ExposureWeb.Data.Entities;

namespace ExposureWeb.Data.Accounts;

/// <summary>A portfolio a user may see, with the role that decides what else they may do with it.</summary>
/// <param name="Portfolio">The portfolio with its watched addresses.</param>
/// <param name="Role">The user's role in its workspace (the demo workspace makes everyone a viewer).</param>
/// <param name="WorkspaceName">Name of the workspace it belongs to.</param>
public sealed record PortfolioAccess(Portfolio Portfolio, WorkspaceRole Role, string WorkspaceName)
{
    public bool CanEdit => Role >= WorkspaceRole.Editor;
}
