namespace ExposureWeb.Hubs;

public static class HubGroups
{
    public static string Portfolio(int portfolioId) => $"portfolio:{portfolioId}";

    /// <summary>Alert toasts of a workspace go to its members' connections.</summary>
    public static string Workspace(int workspaceId) => $"workspace:{workspaceId}";

    public static string Chain(string chainName) => $"chain:{chainName.ToLowerInvariant()}";
}
