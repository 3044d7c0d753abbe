using System.Text.Json;
using ExposureWeb.Chain.Rpc;

namespace ExposureWeb.Chain.Tests.Rpc;

/// <summary>Fetching the headers of skipped heights: one batch, in order, best effort.</summary>
public sealed class HeadGapFillerTests
{
    [Fact]
    public async Task FetchAsync_AllServed_HeadersInOrderFromOneBatch()
    {
        var node = new BatchNode(n => Block(n));

        var headers = await new HeadGapFiller(node).FetchAsync(6, 8, CancellationToken.None);

        Assert.Equal([6UL, 7, 8], headers.Select(h => h.Number));
        Assert.Equal(1, node.Batches);
        Assert.Equal(["0x6", "0x7", "0x8"], node.Asked);
    }

    [Fact]
    public async Task FetchAsync_BlockNotServed_EndsBeforeIt()
    {
        var node = new BatchNode(n => n == 7 ? Null() : Block(n));

        var headers = await new HeadGapFiller(node).FetchAsync(6, 8, CancellationToken.None);

        Assert.Equal([6UL], headers.Select(h => h.Number));
    }

    [Fact]
    public async Task FetchAsync_ErrorForOneBlock_KeepsTheHeadersBeforeIt()
    {
        var node = new BatchNode(n => n == 8 ? null : Block(n));

        var headers = await new HeadGapFiller(node).FetchAsync(6, 9, CancellationToken.None);

        Assert.Equal([6UL, 7], headers.Select(h => h.Number));
    }

    [Fact]
    public async Task FetchAsync_BatchFails_EmptyWithoutThrowing()
    {
        var node = new BatchNode(_ => throw new RpcUnavailableException("batch", "down"));

        Assert.Empty(await new HeadGapFiller(node).FetchAsync(6, 8, CancellationToken.None));
    }

    private static JsonElement Block(ulong n) => Json($$"""
        {"number":"{{HexQuantity.Format(n)}}","hash":"0x{{n:x64}}","parentHash":"0x{{n - 1:x64}}","timestamp":"{{HexQuantity.Format(1_700_000_000 + n)}}"}
        """);

    private static JsonElement Null() => Json("null");

    private static JsonElement Json(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>Answers batches of eth_getBlockByNumber with <c>block(n)</c>; a null answer is an RPC error for that block.</summary>
    private sealed class BatchNode(Func<ulong, JsonElement?> block) : IRpcTransport
    {
        public int Batches { get; private set; }

        public List<string> Asked { get; } = [];

        public string DisplayName => "batch";

        public Task<JsonElement> SendAsync(string method, IReadOnlyList<object?> parameters, CancellationToken ct = default) =>
            throw new InvalidOperationException("gap filling asks in one batch");

        public Task<IReadOnlyList<RpcResult>> SendBatchAsync(IReadOnlyList<RpcRequest> requests, CancellationToken ct = default)
        {
            Batches++;
            var results = new List<RpcResult>();
            foreach (RpcRequest request in requests)
            {
                Assert.Equal("eth_getBlockByNumber", request.Method);
                string tag = (string)request.Parameters[0]!;
                Asked.Add(tag);
                results.Add(block(HexQuantity.ParseUInt64(tag)) is { } answer
                    ? RpcResult.Success(request, answer)
                    : RpcResult.Failure(request, new RpcError(-32000, "header not found", null)));
            }

            return Task.FromResult<IReadOnlyList<RpcResult>>(results);
        }
    }
}
