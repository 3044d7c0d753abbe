using System.ComponentModel.DataAnnotations;

namespace ExposureWeb.Chain.Rpc;

/// <summary>
/// How the app's per-chain RPC clients (<see cref="ChainClients"/>) talk to the nodes: section <c>ChainRpc</c>.
/// Validated at start.
/// </summary>
public sealed class ChainRpcOptions
{
    public const string Section = "ChainRpc";

    /// <summary>Limit for one request to one endpoint, in seconds. Default 10.</summary>
    [Range(0.1, 300)]
    public double RequestTimeoutSeconds { get; set; } = 10;

    /// <summary>More passes over a chain's endpoints after a pass in which none answered. Default 1.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 1;

    /// <summary>The failover policy these options stand for.</summary>
    public RpcFailoverOptions ToFailoverOptions() => new()
    {
        RequestTimeout = TimeSpan.FromSeconds(RequestTimeoutSeconds),
        MaxRetries = MaxRetries,
    };
}
