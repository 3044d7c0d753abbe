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

    /// <summary>One eth_call; results come back in the order the calls were added.</summary>
    public async Task<IReadOnlyList<CallOutcome>> ExecuteAsync(EthClient eth, Address multicall3, BlockParameter block, CancellationToken ct)
    {
        if (_calls.Count == 0) return [];
        var tuples = _calls.Select(c => (object)new object[] { c.Target, true, c.Data }).ToArray();
        var calldata = Multicall3.Aggregate3.EncodeCall([tuples]);
        var raw = await eth.CallAsync(multicall3, calldata, block, ct: ct);
        var decoded = (object[])Multicall3.Aggregate3.DecodeOutput(raw)[0];
        if (decoded.Length != _calls.Count)
        {
            throw new InvalidOperationException($"Multicall3 returned {decoded.Length} results for {_calls.Count} calls");
        }
        return decoded.Select(r => (object[])r).Select(r => new CallOutcome((bool)r[0], (byte[])r[1])).ToList();
    }
}

/// <summary>The result of one call inside a multicall.</summary>
public readonly record struct CallOutcome(bool Success, byte[] ReturnData)
{
    /// <summary>The revert reason of a failed call (<c>Error(string)</c>), or a short description.</summary>
    public string FailureReason => RevertReason.Describe(ReturnData);

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
