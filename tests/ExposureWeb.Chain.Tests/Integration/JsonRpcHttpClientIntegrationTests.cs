using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Numerics;
using ExposureWeb.Chain.Rpc;

namespace ExposureWeb.Chain.Tests.Integration;

[Collection(AnvilCollection.Name)]
public sealed class JsonRpcHttpClientIntegrationTests(AnvilFixture anvil)
{
    [Fact]
    public async Task SendBatchAsync_SeveralMethods_ReturnsEveryResultMatchedToItsRequest()
    {
        var requests = new[]
        {
            RpcRequest.Create("eth_chainId"),
            RpcRequest.Create("eth_getBalance", AnvilFixture.DevAccount(0), "latest"),
            RpcRequest.Create("exposure_noSuchMethod"),
            RpcRequest.Create("eth_blockNumber"),
        };

        IReadOnlyList<RpcResult> results = await anvil.Rpc.SendBatchAsync(requests);

        Assert.Equal(requests.Length, results.Count);
        for (int i = 0; i < requests.Length; i++)
        {
            Assert.Same(requests[i], results[i].Request);
        }

        Assert.Equal(AnvilFixture.ChainId, HexQuantity.ParseUInt64(results[0].GetResultOrThrow().GetString()));
        Assert.Equal(await anvil.Eth.GetBalanceAsync(AnvilFixture.DevAccount(0), BlockParameter.Latest),
            HexQuantity.ParseBigInteger(results[1].GetResultOrThrow().GetString()));
        Assert.False(results[2].IsSuccess);
        Assert.Equal(-32601, results[2].Error!.Code);
        Assert.Throws<RpcErrorException>(() => results[2].GetResultOrThrow());
        Assert.Equal(await anvil.Eth.BlockNumberAsync(), HexQuantity.ParseUInt64(results[3].GetResultOrThrow().GetString()));
    }

    [Fact]
    public async Task SendAsync_UnknownMethod_ThrowsRpcErrorExceptionWithCode()
    {
        var ex = await Assert.ThrowsAsync<RpcErrorException>(() => anvil.Rpc.SendAsync("exposure_noSuchMethod", []));

        Assert.Equal(-32601, ex.Code);
        Assert.False(string.IsNullOrWhiteSpace(ex.RpcMessage));
    }

    [Fact]
    public async Task SendAsync_InvalidParameters_ThrowsRpcErrorExceptionNotUnavailable()
    {
        var ex = await Assert.ThrowsAsync<RpcErrorException>(() => anvil.Rpc.SendAsync("eth_getBalance", ["not-an-address", "latest"]));

        Assert.NotEqual(0, ex.Code);
    }

    [Fact]
    public async Task SendAsync_ClosedPort_ThrowsRpcUnavailableQuicklyWithoutCredentials()
    {
        int closedPort = ClosedLoopbackPort();
        using var rpc = new JsonRpcHttpClient(new Uri($"http://alice:s3cr3t-pw@127.0.0.1:{closedPort}/v3/0123456789abcdef0123456789abcdef?apikey=k3y-val"));
        var stopwatch = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<RpcUnavailableException>(() => rpc.SendAsync("eth_chainId", []));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2), $"took {stopwatch.Elapsed}");
        Assert.IsType<HttpRequestException>(ex.InnerException);
        Assert.Contains($"127.0.0.1:{closedPort}", ex.Message);
        foreach (string secret in new[] { "alice", "s3cr3t-pw", "0123456789abcdef0123456789abcdef", "k3y-val" })
        {
            Assert.DoesNotContain(secret, ex.Message);
            Assert.DoesNotContain(secret, ex.Endpoint);
        }
    }

    [Fact]
    public async Task SendAsync_ValueParameters_RoundTripThroughAnvil()
    {
        // A BigInteger-sized quantity and an Address go through the same serializer as every other call.
        BigInteger wei = BigInteger.Pow(10, 21) + 7;
        string address = "0x000000000000000000000000000000000000dEaD";

        await anvil.Rpc.SendAsync("anvil_setBalance", [address, HexQuantity.Format(wei)]);

        Assert.Equal(wei, await anvil.Eth.GetBalanceAsync(Primitives.Address.Parse(address), BlockParameter.Latest));
    }

    private static int ClosedLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
