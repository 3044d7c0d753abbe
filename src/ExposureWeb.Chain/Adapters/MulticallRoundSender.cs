using System.Text.Json;
using ExposureWeb.Chain.Abi;
using ExposureWeb.Chain.Multicall;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Rpc;

namespace ExposureWeb.Chain.Adapters;

/// <summary>What sending one round cost and what went wrong at the level of whole eth_calls.</summary>
/// <param name="Outcomes">One outcome per distinct call of the batch, in batch order.</param>
/// <param name="EthCalls">aggregate3 eth_calls the round was packed into.</param>
/// <param name="HttpRequests">HTTP requests those eth_calls travelled in (a single eth_call or a JSON-RPC batch each).</param>
/// <param name="Errors">One line per eth_call the node refused (its calls are failed outcomes carrying the reason).</param>
internal sealed record RoundResult(CallOutcome[] Outcomes, int EthCalls, int HttpRequests, IReadOnlyList<string> Errors);

/// <summary>
/// Packs one round's <see cref="MulticallBatch"/> into Multicall3 <c>aggregate3</c> eth_calls within the node's
/// limits (calls and calldata bytes per eth_call, requests and bytes per HTTP request) and sends them at once, at most
/// <see cref="PositionsReaderOptions.MaxConcurrentRequests"/> HTTP requests in flight.
/// </summary>
/// <remarks>
/// Each HTTP request's answers are decoded as soon as it returns, while the others are still with the node, so decoding
/// overlaps the node's own work. An eth_call the node refuses (out of gas, a body too large) fails only its own calls.
/// </remarks>
internal sealed class MulticallRoundSender(Address multicall, PositionsReaderOptions options)
{
    /// <summary>The [start, start + count) slices of <paramref name="batch"/>, each within both per-eth_call limits.</summary>
    public IReadOnlyList<(int Start, int Count)> Pack(MulticallBatch batch)
    {
        var chunks = new List<(int, int)>();
        int start = 0, bytes = MulticallBatch.Aggregate3Overhead;
        for (int i = 0; i < batch.Count; i++)
        {
            int size = batch.EncodedLength(i);
            bool full = i - start >= options.MaxCallsPerMulticall || (i > start && bytes + size > options.MaxBytesPerMulticall);
            if (full)
            {
                chunks.Add((start, i - start));
                start = i;
                bytes = MulticallBatch.Aggregate3Overhead;
            }
            bytes += size;
        }
        if (batch.Count > start) chunks.Add((start, batch.Count - start));
        return chunks;
    }

    public async Task<RoundResult> SendAsync(IRpcTransport transport, MulticallBatch batch, BlockParameter block, CancellationToken ct)
    {
        var outcomes = new CallOutcome[batch.Count];
        // A batch sent again (the reader's steady plan) keeps its encoded calldata: only the block changes.
        var encoded = batch.EncodedChunks ??= Pack(batch).Select(c => (c.Start, c.Count, Hex.Encode(batch.EncodeAggregate3(c.Start, c.Count)))).ToList();
        var calls = new List<(RpcRequest Request, int Start, int Count, int Bytes)>(encoded.Count);
        foreach (var (start, count, data) in encoded)
        {
            calls.Add((RpcRequest.Create("eth_call", new { to = multicall, data }, block.ToRpcString()), start, count, data.Length + 100));
        }
        var requests = GroupIntoHttpRequests(calls.Select(c => c.Bytes).ToList());

        var errors = new List<string>();
        using var gate = new SemaphoreSlim(options.MaxConcurrentRequests);
        await Task.WhenAll(requests.Select(async group =>
        {
            await gate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                var members = group.Select(i => calls[i]).ToList();
                var answers = await SendGroupAsync(transport, members.Select(m => m.Request).ToList(), ct).ConfigureAwait(false);
                for (int k = 0; k < members.Count; k++)
                {
                    var (_, start, count, _) = members[k];
                    if (TryDecode(answers[k], count, out var decoded, out var error))
                    {
                        for (int j = 0; j < count; j++) outcomes[start + j] = decoded[j];
                        continue;
                    }
                    var reason = $"Multicall3 aggregate3 of {count} calls at block {block} failed ({error})";
                    lock (errors) errors.Add(reason + "; each of its calls is reported as failed");
                    Array.Fill(outcomes, CallOutcome.Failed(reason), start, count);
                }
            }
            finally
            {
                gate.Release();
            }
        })).ConfigureAwait(false);
        return new RoundResult(outcomes, calls.Count, requests.Count, errors);
    }

    /// <summary>Consecutive eth_calls grouped into HTTP requests of at most MaxCallsPerHttpBatch requests and MaxRequestBytes.</summary>
    private List<List<int>> GroupIntoHttpRequests(IReadOnlyList<int> sizes)
    {
        var groups = new List<List<int>>();
        var current = new List<int>();
        long bytes = 0;
        for (int i = 0; i < sizes.Count; i++)
        {
            if (current.Count > 0 && (current.Count >= options.MaxCallsPerHttpBatch || bytes + sizes[i] > options.MaxRequestBytes))
            {
                groups.Add(current);
                current = [];
                bytes = 0;
            }
            current.Add(i);
            bytes += sizes[i];
        }
        if (current.Count > 0) groups.Add(current);
        return groups;
    }

    private static async Task<IReadOnlyList<RpcResult>> SendGroupAsync(IRpcTransport transport, List<RpcRequest> requests, CancellationToken ct)
    {
        if (requests.Count > 1) return await transport.SendBatchAsync(requests, ct).ConfigureAwait(false);
        try
        {
            return [RpcResult.Success(requests[0], await transport.SendAsync(requests[0].Method, requests[0].Parameters, ct).ConfigureAwait(false))];
        }
        catch (RpcErrorException ex)
        {
            return [RpcResult.Failure(requests[0], ex.Error)];
        }
    }

    private static bool TryDecode(RpcResult answer, int count, out IReadOnlyList<CallOutcome> decoded, out string? error)
    {
        try
        {
            var result = answer.GetResultOrThrow();
            if (result.ValueKind != JsonValueKind.String) throw new FormatException($"eth_call result is {result.ValueKind}, not data");
            decoded = MulticallBatch.DecodeAggregate3(RpcJson.ParseData(result.GetString()), count);
            error = null;
            return true;
        }
        catch (Exception ex) when (ex is RpcErrorException or FormatException or AbiDecodingException or InvalidOperationException)
        {
            decoded = [];
            error = ex.Message;
            return false;
        }
    }
}
