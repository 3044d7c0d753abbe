using System.ComponentModel.DataAnnotations;

namespace ExposureWeb.Engine;

/// <summary>The <c>Engine</c> section of appsettings.json.</summary>
public sealed class EngineOptions : IValidatableObject
{
    public const string Section = "Engine";

    /// <summary>Grace added to a feed's heartbeat before its answer is called stale, in seconds.</summary>
    [Range(0, 86_400)]
    public int StaleMarginSeconds { get; set; } = 60;

    /// <summary>/health turns unhealthy when the newest chain head is older than this, in seconds.</summary>
    [Range(1, 86_400)]
    public int HeadMaxAgeSeconds { get; set; } = 120;

    // The RPC settings (Engine:RpcTimeoutMs, RpcRetries, RpcCoolDownMs) are the chain client's, shared with sign-in:
    // ExposureWeb.Chain.Rpc.ChainRpcOptions reads them from this section and validates them at start.

    /// <summary>
    /// A node whose head drops further than this below the highest head seen is treated as reset or out of sync: not
    /// trusted (on dev chains, chain id 31337 or 1337, followed as a new chain). Smaller drops are reorgs (the block at
    /// that height changed) or a lagging node (it did not; not trusted). In blocks; default 64 (two epochs).
    /// </summary>
    [Range(1, 100_000)]
    public int MaxReorgDepth { get; set; } = 64;

    /// <summary>
    /// Most contract calls per Multicall3 aggregate3 eth_call: keeps each within the node's gas cap for eth_call (the
    /// block gas limit on geth and anvil; lower on some providers). Default 500 (about 5 M gas for this engine's calls).
    /// </summary>
    [Range(1, 10_000)]
    public int MaxCallsPerMulticall { get; set; } = 500;

    /// <summary>Most calldata bytes per aggregate3 eth_call; default 131 072.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxBytesPerMulticall { get; set; } = 128 * 1024;

    /// <summary>Most eth_calls per JSON-RPC batch (Infura allows 100, Alchemy 1 000); default 16.</summary>
    [Range(1, 1000)]
    public int MaxCallsPerHttpBatch { get; set; } = 16;

    /// <summary>Most bytes per HTTP request body (anvil refuses about 2 MB); default 786 432.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxRequestBytes { get; set; } = 768 * 1024;

    /// <summary>HTTP requests of one read round in flight at once, per chain; default 4.</summary>
    [Range(1, 64)]
    public int MaxConcurrentRequests { get; set; } = 4;

    /// <summary>The read limits and staleness margin as the positions reader takes them.</summary>
    public ExposureWeb.Chain.Adapters.PositionsReaderOptions ReaderOptions() => new()
    {
        StaleMargin = TimeSpan.FromSeconds(StaleMarginSeconds),
        MaxCallsPerMulticall = MaxCallsPerMulticall,
        MaxBytesPerMulticall = MaxBytesPerMulticall,
        MaxCallsPerHttpBatch = MaxCallsPerHttpBatch,
        MaxRequestBytes = MaxRequestBytes,
        MaxConcurrentRequests = MaxConcurrentRequests,
    };

    /// <summary>Head polling interval when no WebSocket is available, in milliseconds.</summary>
    [Range(100, 60_000)]
    public int PollIntervalMs { get; set; } = 1000;

    /// <summary>
    /// Volatility per underlying, annualised (0.65 = 65%), used to price options; an underlying without one is
    /// priced with EWMA realised volatility from the engine's price history, or listed unpriced.
    /// </summary>
    public Dictionary<string, double> Volatility { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Points of Greeks history the hub serves per portfolio (a subscriber's chart), one per published block, kept in
    /// memory (720 ≈ 24 min of 2 s blocks). Every point is also written to the database; see the retention settings.
    /// </summary>
    [Range(2, 100_000)]
    public int GreeksHistoryPoints { get; set; } = 720;

    /// <summary>Greeks history points whose block time is older than this are deleted from the database, in hours (168 = 7 days).</summary>
    [Range(1, 87_600)]
    public int GreeksHistoryRetentionHours { get; set; } = 168;

    /// <summary>
    /// Greeks history points more than this many blocks below their portfolio's newest are deleted from the database:
    /// at most this many rows per portfolio (fewer where the engine skipped blocks). At least <see cref="GreeksHistoryPoints"/>;
    /// with a margin (the default's is wide) the points the hub serves are still stored when the app restarts, even
    /// where blocks were skipped.
    /// </summary>
    [Range(2, 100_000_000)]
    public int GreeksHistoryRetentionBlocks { get; set; } = 100_000;

    /// <summary>USD risk-free rate, continuous per year (0.04 = 4%).</summary>
    [Range(-0.5, 1)]
    public double RiskFreeRate { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (GreeksHistoryRetentionBlocks < GreeksHistoryPoints)
        {
            yield return new ValidationResult(
                $"Engine:GreeksHistoryRetentionBlocks ({GreeksHistoryRetentionBlocks}) must be at least Engine:GreeksHistoryPoints ({GreeksHistoryPoints}): " +
                "the database would drop points the hub still serves, and a restart would lose them",
                [nameof(GreeksHistoryRetentionBlocks)]);
        }
    }
}
