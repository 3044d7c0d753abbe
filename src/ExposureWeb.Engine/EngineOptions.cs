using System.ComponentModel.DataAnnotations;

namespace ExposureWeb.Engine;

/// <summary>The <c>Engine</c> section of appsettings.json.</summary>
public sealed class EngineOptions
{
    public const string Section = "Engine";

    /// <summary>Grace added to a feed's heartbeat before its answer is called stale, in seconds.</summary>
    [Range(0, 86_400)]
    public int StaleMarginSeconds { get; set; } = 60;

    /// <summary>/health turns unhealthy when the newest chain head is older than this, in seconds.</summary>
    [Range(1, 86_400)]
    public int HeadMaxAgeSeconds { get; set; } = 120;

    /// <summary>
    /// Timeout of one JSON-RPC request, in milliseconds; a node slower than this counts as unreachable. This key and the
    /// two below are read by the chain's one RPC client (<c>ChainRpcOptions</c>), shared by the engine and sign-in.
    /// </summary>
    [Range(100, 120_000)]
    public int RpcTimeoutMs { get; set; } = 3000;

    /// <summary>
    /// Further passes over the chain's RPC endpoints after a pass in which none answered (exponential backoff with
    /// jitter between passes). 0 = fail over once through the list, no retry.
    /// </summary>
    [Range(0, 10)]
    public int RpcRetries { get; set; } = 2;

    /// <summary>
    /// How long an RPC endpoint that failed is passed over before it is preferred again (doubling while it keeps
    /// failing, up to a minute), in milliseconds. A recovered primary takes over again after this.
    /// </summary>
    [Range(100, 600_000)]
    public int RpcCoolDownMs { get; set; } = 5000;

    /// <summary>
    /// A node whose head drops further than this below the highest head seen is treated as reset or out of sync: not
    /// trusted (on dev chains, chain id 31337 or 1337, followed as a new chain). Smaller drops are reorgs (the block at
    /// that height changed) or a lagging node (it did not; not trusted). In blocks; default 64 (two epochs).
    /// </summary>
    [Range(1, 100_000)]
    public int MaxReorgDepth { get; set; } = 64;

    /// <summary>Head polling interval when no WebSocket is available, in milliseconds.</summary>
    [Range(100, 60_000)]
    public int PollIntervalMs { get; set; } = 1000;

    /// <summary>
    /// Volatility per underlying, annualised (0.65 = 65%), used to price options; an underlying without one is
    /// priced with EWMA realised volatility from the engine's price history, or listed unpriced.
    /// </summary>
    public Dictionary<string, double> Volatility { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Points of Greeks history kept in memory per portfolio, one per published block (720 ≈ 24 min of 2 s blocks).</summary>
    [Range(2, 100_000)]
    public int GreeksHistoryPoints { get; set; } = 720;

    /// <summary>USD risk-free rate, continuous per year (0.04 = 4%).</summary>
    [Range(-0.5, 1)]
    public double RiskFreeRate { get; set; }
}
