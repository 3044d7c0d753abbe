using System.Text.Json;

namespace ExposureWeb.Chain.Rpc;

/// <summary>
/// Fetches the headers of the heights a new head skipped (a missed notification, polling slower than the block time),
/// all in one HTTP batch, so <see cref="NewHeadsWatcher"/> can yield every height in order.
/// </summary>
internal sealed class HeadGapFiller(IRpcTransport http)
{
    /// <summary>
    /// The headers of blocks <paramref name="from"/> to <paramref name="to"/>, in order. Best effort: the list ends
    /// before the first block the node does not serve (reorged away, not yet indexed) or cannot be read, and is empty
    /// when the batch fails; the head that revealed the gap is yielded regardless.
    /// </summary>
    public async Task<IReadOnlyList<BlockHeader>> FetchAsync(ulong from, ulong to, CancellationToken ct)
    {
        var requests = new List<RpcRequest>();
        for (ulong n = from; n <= to; n++)
        {
            requests.Add(RpcRequest.Create("eth_getBlockByNumber", HexQuantity.Format(n), false));
        }

        var headers = new List<BlockHeader>(requests.Count);
        try
        {
            foreach (RpcResult result in await http.SendBatchAsync(requests, ct).ConfigureAwait(false))
            {
                JsonElement block = result.GetResultOrThrow();
                if (block.ValueKind == JsonValueKind.Null)
                {
                    break;
                }

                headers.Add(BlockHeader.FromJson(block));
            }
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && ex is RpcException or FormatException)
        {
            // Keep what was read before the failure: those blocks are real and in order.
        }

        return headers;
    }
}
