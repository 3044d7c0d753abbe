using Nethereum.Web3;

namespace ExposureWeb.Chain.Rpc;

/// <summary>
/// One chain's RPC access, shared by everything that talks to that chain: the failover transport over its
/// <c>rpcUrls</c>, Nethereum's <see cref="IWeb3"/> on top of it (<see cref="TransportRpcClient"/>), and the project's
/// <see cref="EthClient"/> on the same transport.
/// </summary>
public sealed class ChainClient : IDisposable
{
    private readonly FailoverRpcTransport _transport;

    internal ChainClient(string chainName, IReadOnlyList<string> rpcUrls, FailoverRpcTransport transport, TimeProvider time)
    {
        ChainName = chainName;
        RpcUrls = rpcUrls;
        _transport = transport;
        Client = new TransportRpcClient(transport);
        Web3 = new Web3(Client);
        Eth = new EthClient(transport, time);
    }

    public string ChainName { get; }

    /// <summary>The URLs this client was built for (a re-registered profile with other URLs gets a new client).</summary>
    public IReadOnlyList<string> RpcUrls { get; }

    /// <summary>The failover transport over the chain's endpoints.</summary>
    public IRpcTransport Transport => _transport;

    /// <summary>The same transport with its failover controls (which endpoint answered, demoting one that went back in time).</summary>
    public FailoverRpcTransport Failover => _transport;

    /// <summary>Nethereum's client over <see cref="Transport"/>.</summary>
    public TransportRpcClient Client { get; }

    /// <summary>Nethereum's Web3 over <see cref="Client"/> (read-only: no account, the node's default transaction manager).</summary>
    public IWeb3 Web3 { get; }

    /// <summary>The project's JSON-RPC helpers over <see cref="Transport"/>.</summary>
    public EthClient Eth { get; }

    public void Dispose() => _transport.Dispose();
}
