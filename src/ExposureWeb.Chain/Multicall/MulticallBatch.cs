using System.Diagnostics.CodeAnalysis;
using ExposureWeb.Chain.Abi;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Rpc;
using Nethereum.Contracts;
using Nethereum.Contracts.QueryHandlers.MultiCall;

namespace ExposureWeb.Chain.Multicall;

/// <summary>
/// Collects calls from every adapter and sends them as one Multicall3 <c>aggregate3</c> eth_call
/// pinned to one block, with <c>allowFailure</c> set: a call that reverts becomes a failed
/// <see cref="CallOutcome"/> for its position, never a failed snapshot.
/// </summary>
/// <remarks>
/// Identical calls (same target and calldata) are queued once and share their index: when the engine reads every
/// portfolio of a chain in one batch, the pool's reserve list, a pool's slot0 or an address watched by several
/// portfolios are asked once per block however many adapters plan them.
/// </remarks>
public sealed class MulticallBatch
{
    private readonly List<(Address Target, byte[] Data)> _calls = [];
    private readonly Dictionary<(Address Target, byte[] Data), int> _indexOf = new(CallComparer.Instance);

    /// <summary>Distinct calls queued.</summary>
    public int Count => _calls.Count;

    /// <summary>The aggregate3 chunks as last sent (start, count, 0x calldata), kept for a batch sent again.</summary>
    internal List<(int Start, int Count, string Data)>? EncodedChunks { get; set; }

    /// <summary>Calls asked for, duplicates included (what the batch saved is <c>Requested - Count</c>).</summary>
    public int Requested { get; private set; }

    /// <summary>Queues a call (or finds the identical one already queued) and returns its index into the results.</summary>
    public int Add(Address target, byte[] callData)
    {
        EncodedChunks = null;
        Requested++;
        if (_indexOf.TryGetValue((target, callData), out var existing)) return existing;
        _calls.Add((target, callData));
        _indexOf[(target, callData)] = _calls.Count - 1;
        return _calls.Count - 1;
    }

    /// <summary>Bytes an <c>aggregate3</c> of no calls takes: selector, the array's offset and its length.</summary>
    internal const int Aggregate3Overhead = 4 + 64;

    /// <summary>
    /// Bytes call <paramref name="index"/> adds to an <c>aggregate3</c>: its offset word, its (target, allowFailure,
    /// offset, length) head and its calldata padded to 32 bytes (see <see cref="EncodeAggregate3"/>).
    /// </summary>
    internal int EncodedLength(int index) => 32 + ElementLength(_calls[index].Data.Length);

    private static int ElementLength(int callDataLength) => 128 + Padded(callDataLength);

    /// <summary>Queues a typed call and returns its index into the results.</summary>
    public int Add<TFunction>(Address target, TFunction call) where TFunction : FunctionMessage, new() => Add(target, StaticCallEncoder.Encode(call));

    /// <summary>The <c>aggregate3</c> calldata of <paramref name="count"/> queued calls starting at <paramref name="start"/>, each with allowFailure.</summary>
    /// <remarks>
    /// Written directly rather than through Nethereum's <c>Aggregate3Function</c> (byte for byte the same, tested): the
    /// engine encodes tens of thousands of calls per block. Layout: selector; offset of the array (0x20); its length;
    /// one offset per element (from the start of the offsets); each element as (target, allowFailure, 0x60, length,
    /// calldata padded to 32 bytes).
    /// </remarks>
    internal byte[] EncodeAggregate3(int start, int count)
    {
        int size = Aggregate3Overhead;
        for (int i = 0; i < count; i++) size += EncodedLength(start + i);
        var data = new byte[size];
        Aggregate3Selector.CopyTo(data, 0);
        var body = data.AsSpan(4);
        Word(body, 0, 0x20);
        Word(body, 32, count);
        var elements = body[64..];
        int offset = 32 * count;
        for (int i = 0; i < count; i++)
        {
            var (target, callData) = _calls[start + i];
            Word(elements, 32 * i, offset);
            var element = elements[offset..];
            target.Bytes.CopyTo(element[12..32]);
            element[63] = 1; // allowFailure
            Word(element, 64, 0x60);
            Word(element, 96, callData.Length);
            callData.CopyTo(element[128..]);
            offset += ElementLength(callData.Length);
        }
        return data;
    }

    private static readonly byte[] Aggregate3Selector = Convert.FromHexString("82ad56cb");

    private static int Padded(int length) => (length + 31) / 32 * 32;

    private static void Word(Span<byte> span, int at, int value) => System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(span.Slice(at + 28, 4), value);

    /// <summary>Decodes <c>aggregate3</c> return data that must answer exactly <paramref name="expected"/> calls.</summary>
    /// <exception cref="InvalidOperationException">A different number of results.</exception>
    /// <exception cref="AbiDecodingException">The data is no <c>aggregate3</c> answer.</exception>
    internal static IReadOnlyList<CallOutcome> DecodeAggregate3(byte[] raw, int expected)
    {
        var decoded = SpanAbiDecoder.Decode<Aggregate3OutputDTO>(raw).ReturnData;
        if (decoded.Count != expected)
        {
            throw new InvalidOperationException($"Multicall3 returned {decoded.Count} results for {expected} calls");
        }
        return decoded.Select(r => new CallOutcome(r.Success, r.ReturnData)).ToList();
    }

    /// <summary>One eth_call; results come back in the order the calls were added.</summary>
    /// <remarks>
    /// When the <c>aggregate3</c> call itself fails although the node answered (a JSON-RPC error such as out of gas or
    /// a revert, or return data that is no <c>aggregate3</c> answer, e.g. no Multicall3 at that address), nothing is
    /// thrown: every call of the batch becomes a failed outcome carrying that reason (<see cref="FailAll"/>), so each
    /// position reports it and the snapshot is still made. Only an unreachable node
    /// (<see cref="RpcUnavailableException"/>) and cancellation are thrown.
    /// </remarks>
    public async Task<IReadOnlyList<CallOutcome>> ExecuteAsync(EthClient eth, Address multicall3, BlockParameter block, CancellationToken ct)
    {
        if (_calls.Count == 0) return [];
        var calldata = EncodeAggregate3(0, _calls.Count);
        byte[] raw;
        try
        {
            raw = await eth.CallAsync(multicall3, calldata, block, ct: ct);
        }
        catch (RpcErrorException ex)
        {
            return FailAll($"the batch's Multicall3 call failed: {ex.Message}");
        }

        List<Result> decoded;
        try
        {
            decoded = SpanAbiDecoder.Decode<Aggregate3OutputDTO>(raw).ReturnData;
        }
        catch (AbiDecodingException ex)
        {
            var what = raw.Length == 0 ? "returned no data" : $"returned data that is no aggregate3 answer ({ex.Message})";
            return FailAll($"Multicall3 at {multicall3} {what}: check the chain profile's multicall3 address");
        }
        if (decoded.Count != _calls.Count)
        {
            return FailAll($"Multicall3 at {multicall3} returned {decoded.Count} results for {_calls.Count} calls");
        }
        return decoded.Select(r => new CallOutcome(r.Success, r.ReturnData)).ToList();
    }

    /// <summary>A failed outcome with <paramref name="reason"/> for every queued call, in order.</summary>
    public IReadOnlyList<CallOutcome> FailAll(string reason) => Enumerable.Repeat(CallOutcome.Failed(reason), _calls.Count).ToList();
}

/// <summary>Compares calls by target and calldata bytes.</summary>
file sealed class CallComparer : IEqualityComparer<(Address Target, byte[] Data)>
{
    public static readonly CallComparer Instance = new();

    public bool Equals((Address Target, byte[] Data) x, (Address Target, byte[] Data) y) =>
        x.Target == y.Target && x.Data.AsSpan().SequenceEqual(y.Data);

    public int GetHashCode((Address Target, byte[] Data) call)
    {
        var hash = new HashCode();
        hash.Add(call.Target);
        hash.AddBytes(call.Data);
        return hash.ToHashCode();
    }
}

/// <summary>The result of one call inside a multicall.</summary>
/// <param name="Success">Whether the call succeeded.</param>
/// <param name="ReturnData">Its return data, or revert data when it failed.</param>
/// <param name="Error">
/// Why it failed when the reason is not in <paramref name="ReturnData"/>: the whole batch failed (see
/// <see cref="MulticallBatch.ExecuteAsync"/>). Null otherwise.
/// </param>
public readonly record struct CallOutcome(bool Success, byte[] ReturnData, string? Error = null)
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<byte[], object> DecodedOnce = new();

    /// <summary>A failed outcome that did not run (or whose batch failed), with the reason.</summary>
    public static CallOutcome Failed(string error) => new(false, [], error);

    /// <summary>The batch-level <see cref="Error"/>, else the revert reason of a failed call (<c>Error(string)</c>), or a short description.</summary>
    public string FailureReason => Error ?? RevertReason.Describe(ReturnData);

    /// <summary>
    /// Decodes the return data as the outputs <typeparamref name="TOutput"/> describes (a Nethereum output DTO), with
    /// the span decoder. A call to an address without code succeeds with no data, so a successful call whose data
    /// does not decode is a failed read as well; <paramref name="error"/> then says why (the revert reason for a
    /// reverted call).
    /// </summary>
    public bool TryDecode<TOutput>([NotNullWhen(true)] out TOutput? value, [NotNullWhen(false)] out string? error) where TOutput : class, new()
    {
        value = null;
        if (!Success) { error = FailureReason; return false; }
        if (ReturnData.Length == 0) { error = "returned no data (no contract at this address?)"; return false; }
        // One call's answer is shared by every adapter that planned it (identical calls are merged): decode it once.
        // Decoded outputs are read, never changed, by the adapters.
        if (DecodedOnce.TryGetValue(ReturnData, out var known) && known is TOutput cached)
        {
            value = cached;
            error = null;
            return true;
        }
        try
        {
            value = SpanAbiDecoder.Decode<TOutput>(ReturnData);
            DecodedOnce.AddOrUpdate(ReturnData, value);
            error = null;
            return true;
        }
        catch (AbiDecodingException ex)
        {
            error = $"returned data that does not decode as {SpanAbiDecoder.Describe<TOutput>()}: {ex.Message}";
            return false;
        }
    }
}
