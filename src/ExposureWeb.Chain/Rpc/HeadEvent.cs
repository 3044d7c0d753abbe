namespace ExposureWeb.Chain.Rpc;

/// <summary>
/// What <see cref="NewHeadsWatcher.WatchAsync"/> yields: either a <see cref="NewHead"/> or a
/// <see cref="ConnectivityChanged"/>. Closed hierarchy, so a <c>switch</c> over the two cases is exhaustive.
/// </summary>
public abstract record HeadEvent
{
    private HeadEvent()
    {
    }

    /// <summary>A block the watcher has not yielded immediately before.</summary>
    /// <param name="Header">The block header.</param>
    public sealed record NewHead(BlockHeader Header) : HeadEvent;

    /// <summary>The link to the node changed: connected (and how) or unreachable.</summary>
    /// <param name="Connectivity">Whether heads are currently being received.</param>
    /// <param name="Source">How heads arrive while <see cref="ChainConnectivity.Connected"/>; null when unreachable.</param>
    /// <param name="Error">Why the node is unreachable (endpoint redacted); null when connected.</param>
    /// <param name="Since">When <paramref name="Connectivity"/> took its current value (a switch of <paramref name="Source"/> keeps it).</param>
    public sealed record ConnectivityChanged(ChainConnectivity Connectivity, HeadSource? Source, string? Error, DateTimeOffset Since) : HeadEvent;
}

/// <summary>Whether the watcher can currently reach the node.</summary>
public enum ChainConnectivity
{
    /// <summary>The last attempt to reach the node succeeded.</summary>
    Connected,

    /// <summary>Neither the WebSocket nor HTTP polling reaches the node; the watcher keeps retrying.</summary>
    Unreachable,
}

/// <summary>How the watcher learns about new blocks.</summary>
public enum HeadSource
{
    /// <summary>Pushed by the node through an <c>eth_subscribe("newHeads")</c> WebSocket subscription.</summary>
    WebSocket,

    /// <summary>Pulled by polling the latest block over HTTP.</summary>
    Polling,
}
