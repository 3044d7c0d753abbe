using System.Collections.Concurrent;
using ExposureWeb.Chain.Profiles;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Chain.Rpc;

/// <summary>
/// One <see cref="ChainClient"/> per chain, from dependency injection: built on first use from the chain's profile and
/// kept for the app's lifetime, so every request reuses the chain's connections and the failover's memory of which
/// endpoint is down.
/// </summary>
/// <remarks>
/// A profile registered again with other RPC URLs (the embedded dev chain registers its own profile once deployed)
/// gets a new client; the old one is disposed with this registry, not at once, because a request may still be using it.
/// </remarks>
public sealed class ChainClients(IOptions<ChainRpcOptions> options, TimeProvider time, ILoggerFactory? loggers = null) : IDisposable
{
    private readonly ConcurrentDictionary<string, ChainClient> _clients = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentBag<ChainClient> _replaced = [];
    private readonly Lock _create = new();

    /// <summary>The client of <paramref name="chain"/>.</summary>
    /// <summary>The timeout of one JSON-RPC request (<c>Engine:RpcTimeoutMs</c>): the unit in which a silent node is judged.</summary>
    public TimeSpan RequestTimeout => TimeSpan.FromMilliseconds(options.Value.RpcTimeoutMs);

    public ChainClient For(ChainProfile chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        if (_clients.TryGetValue(chain.Name, out var client) && client.RpcUrls.SequenceEqual(chain.RpcUrls)) return client;
        lock (_create)
        {
            if (_clients.TryGetValue(chain.Name, out client))
            {
                if (client.RpcUrls.SequenceEqual(chain.RpcUrls)) return client;
                _replaced.Add(client);
            }

            var urls = chain.RpcUrls.ToArray();
            var logger = (ILogger?)loggers?.CreateLogger<FailoverRpcTransport>() ?? NullLogger.Instance;
            var transport = new FailoverRpcTransport(urls.Select(u => new Uri(u)), options.Value.ToFailoverOptions(), time, logger);
            client = new ChainClient(chain.Name, urls, transport, time);
            _clients[chain.Name] = client;
            return client;
        }
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values.Concat(_replaced)) client.Dispose();
    }
}
