using System.ComponentModel.DataAnnotations;

namespace ExposureWeb.Engine.Governance;

/// <summary>The <c>Governance</c> section of appsettings.json: governance-parameter scans and impact reports.</summary>
public sealed class GovernanceOptions
{
    public const string Section = "Governance";

    /// <summary>Run the recurring scan of every chain with an Aave pool or a Governor; default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Cron of the recurring scan per chain (Hangfire, UTC); default every minute.</summary>
    [Required]
    public string ScanCron { get; set; } = "* * * * *";

    /// <summary>
    /// Seconds a scan holds its chain's lease: a second scan started meanwhile is skipped, and a scan killed midway
    /// frees the chain after this. Longer than the slowest scan; default 600.
    /// </summary>
    [Range(10, 86_400)]
    public int LeaseSeconds { get; set; } = 600;

    /// <summary>Blocks before the head the first scan of a chain reads governance logs from; default 200 000 (about a month on mainnet).</summary>
    [Range(1, 100_000_000)]
    public long FirstScanLookbackBlocks { get; set; } = 200_000;

    /// <summary>Blocks per eth_getLogs request (providers cap ranges); default 10 000.</summary>
    [Range(1, 1_000_000)]
    public long LogBlocksPerQuery { get; set; } = 10_000;
}
