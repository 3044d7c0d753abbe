using System.Text.Json;
using ExposureWeb.Chain.Rpc;

namespace ExposureWeb.Testing;

/// <summary>
/// An <see cref="IRpcTransport"/> decorator that counts round trips (one per SendAsync or SendBatchAsync) and the calls
/// they carry: to assert how many a read cost, or to wait for "the watcher polled N times" instead of sleeping.
/// </summary>
public sealed class CountingTransport(IRpcTransport inner) : IRpcTransport
{
    private int _roundTrips, _requests;

    /// <summary>HTTP round trips so far: a single call or a whole batch each.</summary>
    public int RoundTrips => Volatile.Read(ref _roundTrips);

    /// <summary>JSON-RPC requests carried by those round trips.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public string DisplayName => inner.DisplayName;

    public void Reset()
    {
        Interlocked.Exchange(ref _roundTrips, 0);
        Interlocked.Exchange(ref _requests, 0);
    }

    public Task<JsonElement> SendAsync(string method, IReadOnlyList<object?> parameters, CancellationToken ct = default)
    {
        Interlocked.Increment(ref _roundTrips);
        Interlocked.Increment(ref _requests);
        return inner.SendAsync(method, parameters, ct);
    }

    public Task<IReadOnlyList<RpcResult>> SendBatchAsync(IReadOnlyList<RpcRequest> requests, CancellationToken ct = default)
    {
        Interlocked.Increment(ref _roundTrips);
        Interlocked.Add(ref _requests, requests.Count);
        return inner.SendBatchAsync(requests, ct);
    }
}
