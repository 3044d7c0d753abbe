using System.Diagnostics.CodeAnalysis;
using ExposureWeb.Chain.Abi;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Rpc;

namespace ExposureWeb.Chain.Multicall;

/// <summary>
/// Collects calls from every adapter and sends them as one Multicall3 <c>aggregate3</c> eth_call
/// pinned to one block, with <c>allowFailure</c> set: a call that reverts becomes a failed
/// <see cref="CallOutcome"/> for its position, never a failed snapshot.
/// </summary>
public sealed class MulticallBatch
{
    private readonly List<(Address Target, byte[] Data)> _calls = [];

    public int Count => _calls.Count;

    /// <summary>Queues a call and returns its index into the results.</summary>
    public int Add(Address target, byte[] callData)
    {
        _calls.Add((target, callData));
        return _calls.Count - 1;
    }

    /// <summary>The <c>aggregate3</c> calldata of <paramref name="count"/> queued calls starting at <paramref name="start"/>, each with allowFailure.</summary>
    internal byte[] EncodeAggregate3(int start, int count)
    {
        var tuples = new object[count];
        for (int i = 0; i < count; i++) tuples[i] = new object[] { _calls[start + i].Target, true, _calls[start + i].Data };
        return Multicall3.Aggregate3.EncodeCall([tuples]);
    }

    /// <summary>Decodes <c>aggregate3</c> return data that must answer exactly <paramref name="expected"/> calls.</summary>
    /// <exception cref="InvalidOperationException">A different number of results.</exception>
    internal static IReadOnlyList<CallOutcome> DecodeAggregate3(byte[] raw, int expected)
    {
        var decoded = (object[])Multicall3.Aggregate3.DecodeOutput(raw)[0];
        if (decoded.Length != expected)
        {
            throw new InvalidOperationException($"Multicall3 returned {decoded.Length} results for {expected} calls");
        }
        return decoded.Select(r => (object[])r).Select(r => new CallOutcome((bool)r[0], (byte[])r[1])).ToList();
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
        var tuples = _calls.Select(c => (object)new object[] { c.Target, true, c.Data }).ToArray();
        var calldata = Multicall3.Aggregate3.EncodeCall([tuples]);
        byte[] raw;
        try
        {
            raw = await eth.CallAsync(multicall3, calldata, block, ct: ct);
        }
        catch (RpcErrorException ex)
        {
            return FailAll($"the batch's Multicall3 call failed: {ex.Message}");
        }

        object[] decoded;
        try
        {
            decoded = (object[])Multicall3.Aggregate3.DecodeOutput(raw)[0];
        }
        catch (AbiDecodingException ex)
        {
            var what = raw.Length == 0 ? "returned no data" : $"returned data that is no aggregate3 answer ({ex.Message})";
            return FailAll($"Multicall3 at {multicall3} {what}: check the chain profile's multicall3 address");
        }
        if (decoded.Length != _calls.Count)
        {
            return FailAll($"Multicall3 at {multicall3} returned {decoded.Length} results for {_calls.Count} calls");
        }
        return decoded.Select(r => (object[])r).Select(r => new CallOutcome((bool)r[0], (byte[])r[1])).ToList();
    }

    /// <summary>A failed outcome with <paramref name="reason"/> for every queued call, in order.</summary>
    public IReadOnlyList<CallOutcome> FailAll(string reason) => Enumerable.Repeat(CallOutcome.Failed(reason), _calls.Count).ToList();
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
    /// <summary>A failed outcome that did not run (or whose batch failed), with the reason.</summary>
    public static CallOutcome Failed(string error) => new(false, [], error);

    /// <summary>The batch-level <see cref="Error"/>, else the revert reason of a failed call (<c>Error(string)</c>), or a short description.</summary>
    public string FailureReason => Error ?? RevertReason.Describe(ReturnData);

    /// <summary>
    /// Decodes the return data as <paramref name="function"/>'s outputs. A call to an address without code
    /// succeeds with no data, so a successful call whose data does not decode is a failed read as well;
    /// <paramref name="error"/> then says why (the revert reason for a reverted call).
    /// </summary>
    public bool TryDecode(AbiFunction function, [NotNullWhen(true)] out object[]? values, [NotNullWhen(false)] out string? error)
    {
        values = null;
        if (!Success) { error = FailureReason; return false; }
        if (ReturnData.Length == 0) { error = "returned no data (no contract at this address?)"; return false; }
        try
        {
            values = function.DecodeOutput(ReturnData);
            error = null;
            return true;
        }
        catch (AbiDecodingException ex)
        {
            error = $"returned data that does not decode as {function}: {ex.Message}";
            return false;
        }
    }
}
