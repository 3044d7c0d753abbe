namespace ExposureWeb.Chain.Forks;

/// <summary>
/// Starts a private copy of a chain at one block (a fork on loopback), on which transactions can be sent as any
/// account — how a governance proposal is executed before it executes for real.
/// </summary>
public interface IChainForkLauncher
{
    /// <summary>Forks the chain behind <paramref name="upstreamRpcUrls"/> (tried in order) at <paramref name="blockNumber"/>.</summary>
    /// <param name="upstreamRpcUrls">The chain's HTTP JSON-RPC endpoints; the fork fetches state from the first that answers.</param>
    /// <param name="blockNumber">The block the fork starts from: its state is the chain's after that block.</param>
    /// <param name="chainId">The chain's id, kept by the fork (contracts that read it see the same value).</param>
    /// <exception cref="ChainForkException">No endpoint could be forked, or the fork node would not start.</exception>
    Task<IChainFork> ForkAsync(IReadOnlyList<string> upstreamRpcUrls, ulong blockNumber, ulong chainId, CancellationToken ct);
}

/// <summary>A running fork; disposing it stops the node and discards its state.</summary>
public interface IChainFork : IAsyncDisposable
{
    /// <summary>The fork's HTTP JSON-RPC endpoint (loopback). It mines a block per transaction and accepts any sender.</summary>
    Uri RpcUrl { get; }

    /// <summary>The upstream block the fork started from.</summary>
    ulong ForkBlock { get; }
}

/// <summary>A fork could not be started; the message says which endpoint and why (credentials redacted).</summary>
public sealed class ChainForkException(string message, Exception? inner = null) : Exception(message, inner);
