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

    /// <summary>Timeout of one JSON-RPC request, in milliseconds; a node slower than this counts as unreachable.</summary>
    [Range(100, 120_000)]
    public int RpcTimeoutMs { get; set; } = 3000;

    /// <summary>Head polling interval when no WebSocket is available, in milliseconds.</summary>
    [Range(100, 60_000)]
    public int PollIntervalMs { get; set; } = 1000;
}
