using System.ComponentModel.DataAnnotations;

namespace ExposureWeb.Chain.Rpc;

/// <summary>
/// How every RPC client of a chain (<see cref="ChainClients"/>: the engine's reads, sign-in's EIP-1271 calls, the dev
/// chain's sign-in) talks to the chain's nodes. Bound from the <c>Engine</c> section, where these keys have always
/// been documented, so one setting governs the one client per chain. Validated at start.
/// </summary>
public sealed class ChainRpcOptions
{
    /// <summary>The configuration section the keys live in.</summary>
    public const string Section = "Engine";

    /// <summary>Limit for one JSON-RPC request to one endpoint; slower counts as unreachable. Default 3000.</summary>
    [Range(100, 120_000)]
    public int RpcTimeoutMs { get; set; } = 3000;

    /// <summary>More passes over a chain's endpoints after a pass in which none answered. Default 2.</summary>
    [Range(0, 10)]
    public int RpcRetries { get; set; } = 2;

    /// <summary>How long an endpoint that failed rests before it is tried first again. Default 5000.</summary>
    [Range(100, 600_000)]
    public int RpcCoolDownMs { get; set; } = 5000;

    /// <summary>The failover policy these options stand for.</summary>
    public RpcFailoverOptions ToFailoverOptions() => new()
    {
        RequestTimeout = TimeSpan.FromMilliseconds(RpcTimeoutMs),
        MaxRetries = RpcRetries,
        CoolDown = TimeSpan.FromMilliseconds(RpcCoolDownMs),
    };
}
