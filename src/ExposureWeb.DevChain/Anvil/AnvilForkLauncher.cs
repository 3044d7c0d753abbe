using ExposureWeb.Chain.Forks;
using ExposureWeb.Chain.Rpc;
using Microsoft.Extensions.Logging;

namespace ExposureWeb.DevChain.Anvil;

/// <summary>
/// Forks a chain with anvil (<c>--fork-url</c>) on a free loopback port: the node fetches the state it touches from
/// the upstream endpoint at the fork block and keeps every change to itself.
/// </summary>
/// <remarks>
/// It lives beside the dev chain because that is where the anvil binary is found and run; nothing here depends on the
/// demo, so a mainnet profile forks the same way.
/// </remarks>
public sealed class AnvilForkLauncher(Func<string> anvilPath, ILogger<AnvilForkLauncher> logger) : IChainForkLauncher
{
    /// <inheritdoc />
    public async Task<IChainFork> ForkAsync(IReadOnlyList<string> upstreamRpcUrls, ulong blockNumber, ulong chainId, CancellationToken ct)
    {
        if (upstreamRpcUrls.Count == 0) throw new ChainForkException("the chain has no RPC URL to fork from");
        string path;
        try
        {
            path = anvilPath();
        }
        catch (FileNotFoundException ex)
        {
            throw new ChainForkException("anvil, which runs the fork, was not found: " + ex.Message, ex);
        }
        var failures = new List<string>();
        foreach (var url in upstreamRpcUrls)
        {
            try
            {
                var node = await StartOnFreePortAsync(path, url, blockNumber, chainId, ct);
                return new AnvilFork(node, blockNumber);
            }
            catch (Exception ex) when (ex is InvalidOperationException or RpcException && !ct.IsCancellationRequested)
            {
                // anvil's own messages may quote the URL: only its redacted form reaches logs and users.
                var endpoint = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? EndpointRedactor.Redact(uri) : "(invalid URL)";
                var reason = ex.Message.Replace(url, endpoint, StringComparison.Ordinal);
                logger.LogWarning("Fork of {Endpoint} at block {Block} failed: {Reason}", endpoint, blockNumber, reason);
                failures.Add($"{endpoint}: {reason}");
            }
        }
        throw new ChainForkException($"could not fork the chain at block {blockNumber}: " + string.Join("; ", failures));
    }

    private static async Task<AnvilProcess> StartOnFreePortAsync(string path, string url, ulong block, ulong chainId, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await AnvilProcess.StartForkAsync(path, FreePort.Pick(), url, block, chainId, ct);
            }
            catch (AnvilExitedException) when (attempt < 3)
            {
                // The port was taken between the pick and the bind: pick again.
            }
        }
    }

    private sealed class AnvilFork(AnvilProcess node, ulong forkBlock) : IChainFork
    {
        public Uri RpcUrl => node.RpcUrl;

        public ulong ForkBlock => forkBlock;

        public ValueTask DisposeAsync() => node.DisposeAsync();
    }
}
