using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using ExposureWeb.Chain.Rpc;

namespace ExposureWeb.Chain.Tests.Rpc;

/// <summary>Protocol edge cases a well-behaved anvil never produces, answered by an in-memory fake node.</summary>
public sealed class JsonRpcHttpClientTests
{
    private static readonly Uri Endpoint = new("http://node.test:8545/");

    private static JsonRpcHttpClient Client(FakeHttpHandler handler, TimeSpan? timeout = null) =>
        new(new HttpClient(handler), Endpoint, timeout);

    private static long[] Ids(string body)
    {
        using JsonDocument document = JsonDocument.Parse(body);
        return document.RootElement.ValueKind == JsonValueKind.Array
            ? document.RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).ToArray()
            : [document.RootElement.GetProperty("id").GetInt64()];
    }

    [Fact]
    public async Task SendAsync_Request_IsJsonRpc2WithPositionalParams()
    {
        var handler = FakeHttpHandler.Json(body => $$"""{"jsonrpc":"2.0","id":{{Ids(body)[0]}},"result":"0x1"}""");
        using var client = Client(handler);

        JsonElement result = await client.SendAsync("eth_getBalance", ["0xabc", "latest", null, 5]);

        Assert.Equal("0x1", result.GetString());
        using JsonDocument sent = JsonDocument.Parse(handler.LastBody!);
        Assert.Equal("2.0", sent.RootElement.GetProperty("jsonrpc").GetString());
        Assert.Equal("eth_getBalance", sent.RootElement.GetProperty("method").GetString());
        Assert.Equal("""["0xabc","latest",null,5]""", sent.RootElement.GetProperty("params").GetRawText());
        Assert.Equal("application/json", handler.LastRequest!.Content!.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task SendBatchAsync_ResponsesInReverseOrder_AreMatchedById()
    {
        var handler = FakeHttpHandler.Json(body =>
        {
            long[] ids = Ids(body);
            return $$$"""
                [{"jsonrpc":"2.0","id":{{{ids[2]}}},"error":{"code":-32000,"message":"third failed","data":"0x01"}},
                 {"jsonrpc":"2.0","id":{{{ids[1]}}},"result":"second"},
                 {"jsonrpc":"2.0","id":{{{ids[0]}}},"result":"first"}]
                """;
        });
        using var client = Client(handler);
        RpcRequest[] requests = [RpcRequest.Create("a"), RpcRequest.Create("b"), RpcRequest.Create("c")];

        IReadOnlyList<RpcResult> results = await client.SendBatchAsync(requests);

        Assert.Equal("first", results[0].Result.GetString());
        Assert.Equal("second", results[1].Result.GetString());
        Assert.Equal(-32000, results[2].Error!.Code);
        Assert.Equal("0x01", results[2].Error!.Data);
        Assert.Equal(requests, results.Select(r => r.Request));
    }

    [Fact]
    public async Task SendBatchAsync_AnswerMissing_ThrowsRpcUnavailable()
    {
        var handler = FakeHttpHandler.Json(body => $$"""[{"jsonrpc":"2.0","id":{{Ids(body)[0]}},"result":"0x1"}]""");
        using var client = Client(handler);

        await Assert.ThrowsAsync<RpcUnavailableException>(() => client.SendBatchAsync([RpcRequest.Create("a"), RpcRequest.Create("b")]));
    }

    [Fact]
    public async Task SendBatchAsync_WholeBatchRejected_ThrowsRpcError()
    {
        var handler = FakeHttpHandler.Json(_ => """{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"batch too large"}}""");
        using var client = Client(handler);

        var ex = await Assert.ThrowsAsync<RpcErrorException>(() => client.SendBatchAsync([RpcRequest.Create("a")]));
        Assert.Equal(-32600, ex.Code);
    }

    [Fact]
    public async Task SendBatchAsync_Empty_SendsNothing()
    {
        var handler = FakeHttpHandler.Json(_ => throw new InvalidOperationException("must not be called"));
        using var client = Client(handler);

        Assert.Empty(await client.SendBatchAsync([]));
    }

    [Theory]
    [InlineData("""{"code":3,"message":"execution reverted","data":"0x08c379a0"}""")]
    [InlineData("""{"code":3,"message":"execution reverted","data":{"message":"nested","data":"0x08c379a0"}}""")]
    public async Task SendAsync_ErrorWithRevertData_ExposesDataHex(string error)
    {
        var handler = FakeHttpHandler.Json(body => $$$"""{"jsonrpc":"2.0","id":{{{Ids(body)[0]}}},"error":{{{error}}}}""");
        using var client = Client(handler);

        var ex = await Assert.ThrowsAsync<RpcErrorException>(() => client.SendAsync("eth_call", []));

        Assert.Equal(3, ex.Code);
        Assert.Equal("execution reverted", ex.RpcMessage);
        Assert.Equal("0x08c379a0", ex.DataHex);
        Assert.Equal(new byte[] { 0x08, 0xc3, 0x79, 0xa0 }, ex.DataBytes);
    }

    [Fact]
    public async Task SendAsync_Http429_ThrowsRpcUnavailableWithStatus()
    {
        var handler = new FakeHttpHandler((_, _, _) => Task.FromResult(
            new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Content = new StringContent("slow down") }));
        using var client = Client(handler);

        var ex = await Assert.ThrowsAsync<RpcUnavailableException>(() => client.SendAsync("eth_chainId", []));

        Assert.Equal(HttpStatusCode.TooManyRequests, ex.StatusCode);
        Assert.Contains("429", ex.Message);
        Assert.Contains("slow down", ex.Message);
    }

    [Theory]
    [InlineData("<html>bad gateway</html>")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"result":""")]
    [InlineData("""[1,2,3]""")]
    [InlineData("""{"jsonrpc":"2.0","id":999999,"result":"0x1"}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"error":{"message":"no code"}}""")]
    public async Task SendAsync_MalformedResponse_ThrowsRpcUnavailable(string response)
    {
        // The client's first id is 1, so the responses with id 1 match and fail for their other defect.
        var handler = FakeHttpHandler.Json(_ => response);
        using var client = Client(handler);

        await Assert.ThrowsAsync<RpcUnavailableException>(() => client.SendAsync("eth_chainId", []));
    }

    [Fact]
    public async Task SendAsync_NodeSlowerThanTimeout_ThrowsRpcUnavailableWithTimeoutInner()
    {
        var handler = new FakeHttpHandler(async (_, _, ct) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            throw new InvalidOperationException("unreachable");
        });
        using var client = Client(handler, TimeSpan.FromMilliseconds(200));

        var ex = await Assert.ThrowsAsync<RpcUnavailableException>(() => client.SendAsync("eth_chainId", []));

        Assert.IsType<TimeoutException>(ex.InnerException);
        Assert.Contains("0.2 s", ex.Message);
    }

    [Fact]
    public async Task SendAsync_CallerCancels_ThrowsOperationCanceled()
    {
        var handler = new FakeHttpHandler(async (_, _, ct) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            throw new InvalidOperationException("unreachable");
        });
        using var client = Client(handler);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SendAsync("eth_chainId", [], cts.Token));
    }

    [Fact]
    public async Task SendAsync_UserInfoInUrl_SentAsBasicAuthAndKeptOutOfRequestLine()
    {
        var handler = FakeHttpHandler.Json(body => $$"""{"jsonrpc":"2.0","id":{{Ids(body)[0]}},"result":"0x1"}""");
        using var client = new JsonRpcHttpClient(new HttpClient(handler), new Uri("https://alice:pw@node.test/rpc"));

        await client.SendAsync("eth_chainId", []);

        Assert.Equal("https://node.test/rpc", handler.LastRequest!.RequestUri!.AbsoluteUri);
        Assert.Equal("Basic", handler.LastRequest.Headers.Authorization!.Scheme);
        Assert.Equal("alice:pw", Encoding.UTF8.GetString(Convert.FromBase64String(handler.LastRequest.Headers.Authorization.Parameter!)));
        Assert.Equal("https://***@node.test/rpc", client.DisplayName);
    }
}
