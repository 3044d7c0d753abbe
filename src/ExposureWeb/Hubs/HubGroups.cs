namespace ExposureWeb.Hubs;

public static class HubGroups
{
    public static string Portfolio(int portfolioId) => $"portfolio:{portfolioId}";

    public static string Chain(string chainName) => $"chain:{chainName.ToLowerInvariant()}";
}
