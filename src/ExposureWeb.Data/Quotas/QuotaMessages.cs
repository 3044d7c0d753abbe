using System.Globalization;

namespace ExposureWeb.Data.Quotas;

/// <summary>
/// What a user reads when a quota refuses something: how many there are, the limit, the setting that holds it (so an
/// administrator knows what to raise) and what to do now. One place, so the page, the API and the tests say the same.
/// </summary>
public static class QuotaMessages
{
    public static string ManualPositions(int held, int limit) =>
        $"This portfolio holds {N(held)} manual positions, the most allowed ({Setting(nameof(QuotaOptions.ManualPositionsPerPortfolio))}); delete some or raise the limit.";

    public static string ManualPositionsImport(int held, int adding, int limit) =>
        $"This portfolio holds {N(held)} manual positions and the file adds {N(adding)}: more than the {N(limit)} allowed " +
        $"({Setting(nameof(QuotaOptions.ManualPositionsPerPortfolio))}). Nothing was imported; import at most {N(Math.Max(0, limit - held))}, delete some or raise the limit.";

    public static string ImportsPerHour(int limit, TimeSpan retryAfter) =>
        $"This workspace has imported manual positions {N(limit)} times in the last hour, the most allowed ({Setting(nameof(QuotaOptions.ManualPositionImportsPerHour))}); " +
        $"nothing was imported. Try again in {Minutes(retryAfter)} or raise the limit.";

    public static string WatchedAddresses(int held) =>
        $"This portfolio watches {N(held)} addresses, the most allowed ({Setting(nameof(QuotaOptions.WatchedAddressesPerPortfolio))}); remove one or raise the limit.";

    public static string Portfolios(int held) =>
        $"This workspace holds {N(held)} portfolios, the most allowed ({Setting(nameof(QuotaOptions.PortfoliosPerWorkspace))}); delete one or raise the limit.";

    public static string Dashboards(int held) =>
        $"This workspace has {N(held)} dashboards, the most allowed ({Setting(nameof(QuotaOptions.DashboardsPerWorkspace))}); delete some or raise the limit.";

    public static string ShareLinks(int held) =>
        $"This workspace has {N(held)} live share links, the most allowed ({Setting(nameof(QuotaOptions.ShareLinksPerWorkspace))}); revoke some or raise the limit.";

    public static string AlertRules(int held) =>
        $"This workspace has {N(held)} alert rules, the most allowed ({Setting(nameof(QuotaOptions.AlertRulesPerWorkspace))}); delete some or raise the limit.";

    public static string AlertRulesImport(int held, int adding, int limit) =>
        $"This workspace has {N(held)} alert rules and the file adds {N(adding)}: more than the {N(limit)} allowed " +
        $"({Setting(nameof(QuotaOptions.AlertRulesPerWorkspace))}). Nothing was imported; delete some rules or raise the limit.";

    public static string Snapshots(int held) =>
        $"This workspace holds {N(held)} dashboard snapshots, the most allowed ({Setting(nameof(QuotaOptions.SnapshotsPerWorkspace))}); delete some or raise the limit.";

    public static string ApiTokens(int held) =>
        $"You have {N(held)} active API tokens, the most allowed ({Setting(nameof(QuotaOptions.ApiTokensPerUser))}); revoke one or raise the limit.";

    private static string Setting(string name) => $"{QuotaOptions.Section}:{name}";

    private static string N(int n) => n.ToString("#,0", CultureInfo.InvariantCulture);

    private static string Minutes(TimeSpan wait)
    {
        var minutes = Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes));
        return minutes == 1 ? "a minute" : $"{minutes} minutes";
    }
}
