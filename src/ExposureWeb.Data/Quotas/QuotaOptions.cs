using System.ComponentModel.DataAnnotations;

namespace ExposureWeb.Data.Quotas;

/// <summary>
/// The <c>Quotas</c> section: how much one workspace, portfolio or user may hold, so that one signed-in user cannot take
/// the server down by piling things up (issue 15: two 5,000-line imports took the app from 0.9 to 3.7 GB). Each limit is
/// counted from what is stored when something is created, never kept in a column of its own; the stores refuse what would
/// cross it with a message that names the setting.
/// </summary>
public sealed class QuotaOptions
{
    public const string Section = "Quotas";

    /// <summary>Manual positions one portfolio may hold (the page is measured interactive within 3 s at this many).</summary>
    [Range(1, 100_000)]
    public int ManualPositionsPerPortfolio { get; set; } = 5_000;

    /// <summary>Watched addresses per portfolio: every one is read on every block.</summary>
    [Range(1, 10_000)]
    public int WatchedAddressesPerPortfolio { get; set; } = 50;

    /// <summary>Portfolios per workspace.</summary>
    [Range(1, 100_000)]
    public int PortfoliosPerWorkspace { get; set; } = 100;

    /// <summary>Alert rules per workspace (its portfolios' rules and its workspace-wide ones): each is evaluated on every block.</summary>
    [Range(1, 100_000)]
    public int AlertRulesPerWorkspace { get; set; } = 500;

    /// <summary>
    /// Live (neither revoked nor expired) read-only share links per workspace: each open one holds live subscriptions.
    /// </summary>
    [Range(1, 100_000)]
    public int ShareLinksPerWorkspace { get; set; } = 100;

    /// <summary>
    /// Dashboards per workspace, portfolios' defaults included (a default is made for every portfolio, so this is never
    /// below <see cref="PortfoliosPerWorkspace"/> in practice: set it above that).
    /// </summary>
    [Range(1, 100_000)]
    public int DashboardsPerWorkspace { get; set; } = 200;

    /// <summary>Dashboard snapshots per workspace (unexpired): each holds the frozen state of every portfolio its dashboard shows.</summary>
    [Range(1, 100_000)]
    public int SnapshotsPerWorkspace { get; set; } = 500;

    /// <summary>Active (neither revoked nor expired) API tokens per user.</summary>
    [Range(1, 10_000)]
    public int ApiTokensPerUser { get; set; } = 20;

    /// <summary>Manual-position imports (files saved) per workspace in any sliding hour.</summary>
    [Range(1, 100_000)]
    public int ManualPositionImportsPerHour { get; set; } = 30;
}
