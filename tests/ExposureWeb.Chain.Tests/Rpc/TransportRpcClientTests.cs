using System.Diagnostics;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.Chain.Tests.Integration;
using ExposureWeb.Chain.Tests.Resilience;
using ExposureWeb.DevChain.Anvil;
using Microsoft.Extensions.Options;
using Nethereum.JsonRpc.Client;

namespace ExposureWeb.Chain.Tests.Rpc;

/// <summary>
/// Nethereum's Web3 over <see cref="TransportRpcClient"/> and the per-chain <see cref="ChainClients"/>, against a real
/// anvil: failover, node errors and credential redaction as the project's transport does them.
/// </summary>
[Collection(AnvilCollection.Name)]
public sealed class TransportRpcClientTests(AnvilFixture node)
{
    private const string Key = "0123456789abcdef0123456789abcdef";

    private static readonly ChainRpcOptions Fast = new() { RpcTimeoutMs = 2000, RpcRetries = 0 };

    private static Uri ClosedPort(string userInfo = "", string path = "/") => new($"http://{userInfo}127.0.0.1:{FreePort.Pick()}{path}");

    private static ChainClients Clients(CapturingLogger? log = null) => new(Options.Create(Fast), TimeProvider.System, log);

    private static ChainProfile Chain(params Uri[] urls) => new() { Name = "test", ChainId = AnvilFixture.ChainId, RpcUrls = urls.Select(u => u.ToString()).ToList() };

    [Fact]
    public async Task GetBlockNumber_FirstEndpointDown_AnsweredBySecondWithinOneSecond()
    {
        using var clients = Clients();
        var web3 = clients.For(Chain(ClosedPort(), node.Anvil.RpcUrl)).Web3;

        var clock = Stopwatch.StartNew();
        var number = await web3.Eth.Blocks.GetBlockNumber.SendRequestAsync();
        var elapsed = clock.Elapsed;

        Assert.Equal(await node.Eth.BlockNumberAsync(), (ulong)number.Value);
        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"the second endpoint answered after {elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task ChainId_FirstEndpointDown_ReturnsAnvilsChainId()
    {
        using var clients = Clients();
        var web3 = clients.For(Chain(ClosedPort(), node.Anvil.RpcUrl)).Web3;

        var chainId = await web3.Eth.ChainId.SendRequestAsync();

        Assert.Equal(AnvilFixture.ChainId, (ulong)chainId.Value);
    }

    [Fact]
    public async Task GetBlockNumber_NodeAnswersWithError_ThrowsRpcResponseExceptionNamingMethodCodeAndRedactedEndpoint()
    {
        await using var proxy = await RpcFaultProxy.StartAsync(node.Anvil.RpcUrl);
        proxy.Always = new RpcFault.NodeError(-32601, "the method eth_blockNumber does not exist/is not available");
        var url = new Uri($"http://alice:s3cret@127.0.0.1:{proxy.Url.Port}/v3/{Key}?apikey=k3y-val");
        using var clients = Clients();
        var web3 = clients.For(Chain(url)).Web3;

        var ex = await Assert.ThrowsAsync<NodeRpcResponseException>(() => web3.Eth.Blocks.GetBlockNumber.SendRequestAsync());

        Assert.Equal(-32601, ex.RpcError.Code);
        Assert.Equal("eth_blockNumber", ex.Method);
        Assert.Contains("eth_blockNumber rejected by", ex.Message, StringComparison.Ordinal);
        Assert.Contains("JSON-RPC error -32601", ex.Message, StringComparison.Ordinal);
        Assert.Contains(EndpointRedactor.Redact(url), ex.Message, StringComparison.Ordinal);
        foreach (var secret in new[] { "alice", "s3cret", Key, "k3y-val" })
            Assert.DoesNotContain(secret, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChainId_AllEndpointsDown_ThrowsRpcUnavailableWithoutCredentialsInMessageOrLogs()
    {
        var log = new CapturingLogger();
        Uri withPassword = ClosedPort("alice:s3cret@");
        Uri withKey = ClosedPort(path: $"/v3/{Key}?apikey=k3y-val");
        using var clients = Clients(log);
        var web3 = clients.For(Chain(withPassword, withKey)).Web3;

        var ex = await Assert.ThrowsAsync<RpcUnavailableException>(() => web3.Eth.ChainId.SendRequestAsync());

        Assert.Contains(EndpointRedactor.Redact(withPassword), ex.Message, StringComparison.Ordinal);
        Assert.Contains(EndpointRedactor.Redact(withKey), ex.Message, StringComparison.Ordinal);
        Assert.NotEmpty(log.Lines);
        foreach (var secret in new[] { "alice", "s3cret", Key, "k3y-val" })
        {
            Assert.DoesNotContain(secret, ex.ToString(), StringComparison.Ordinal);
            Assert.All(log.Lines, line => Assert.DoesNotContain(secret, line, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task SendBatchRequest_TwoCalls_BothAnsweredInOneBatch()
    {
        await using var proxy = await RpcFaultProxy.StartAsync(node.Anvil.RpcUrl);
        using var http = new JsonRpcHttpClient(proxy.Url);
        var client = new TransportRpcClient(http);
        var web3 = new Nethereum.Web3.Web3(client);
        var batch = new RpcRequestResponseBatch();
        var chainIdCall = (Nethereum.RPC.Eth.EthChainId)web3.Eth.ChainId;
        var numberCall = (Nethereum.RPC.Eth.Blocks.EthBlockNumber)web3.Eth.Blocks.GetBlockNumber;
        var chainId = new RpcRequestResponseBatchItem<Nethereum.RPC.Eth.EthChainId, Nethereum.Hex.HexTypes.HexBigInteger>(chainIdCall, chainIdCall.BuildRequest(1));
        var number = new RpcRequestResponseBatchItem<Nethereum.RPC.Eth.Blocks.EthBlockNumber, Nethereum.Hex.HexTypes.HexBigInteger>(numberCall, numberCall.BuildRequest(2));
        batch.BatchItems.Add(chainId);
        batch.BatchItems.Add(number);

        await client.SendBatchRequestAsync(batch);

        Assert.Equal(AnvilFixture.ChainId, (ulong)chainId.Response.Value);
        Assert.True(number.Response.Value >= 0);
        Assert.Single(proxy.Requests);
    }

    [Fact]
    public void For_SameProfileTwice_ReturnsOneClient()
    {
        using var clients = Clients();
        var chain = Chain(node.Anvil.RpcUrl);

        Assert.Same(clients.For(chain), clients.For(Chain(node.Anvil.RpcUrl)));
    }

    [Fact]
    public void For_ProfileRegisteredAgainWithOtherUrls_ReturnsNewClientForThem()
    {
        using var clients = Clients();
        var first = clients.For(Chain(node.Anvil.RpcUrl));

        var second = clients.For(Chain(ClosedPort(), node.Anvil.RpcUrl));

        Assert.NotSame(first, second);
        Assert.Equal(2, second.RpcUrls.Count);
    }
}
