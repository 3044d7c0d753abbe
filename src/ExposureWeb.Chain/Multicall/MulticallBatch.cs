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
}
