using System.Text.Json;
using ExposureWeb.Chain.Rpc;

namespace ExposureWeb.Chain.Tests.Adapters;

/// <summary>An <see cref="IRpcTransport"/> decorator that keeps the calldata and answer of every <c>eth_call</c>, single or batched.</summary>
public sealed class RecordingTransport(IRpcTransport inner) : IRpcTransport
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The eth_calls in order: calldata and result, both 0x hex.</summary>
    public List<(string Data, string Result)> Calls { get; } = [];

    public string DisplayName => inner.DisplayName;

    public async Task<JsonElement> SendAsync(string method, IReadOnlyList<object?> parameters, CancellationToken ct = default)
    {
        var result = await inner.SendAsync(method, parameters, ct);
        Record(method, parameters, result);
        return result;
    }

    public async Task<IReadOnlyList<RpcResult>> SendBatchAsync(IReadOnlyList<RpcRequest> requests, CancellationToken ct = default)
    {
        var results = await inner.SendBatchAsync(requests, ct);
        foreach (var result in results.Where(r => r.IsSuccess)) Record(result.Request.Method, result.Request.Parameters, result.Result);
        return results;
    }

    private void Record(string method, IReadOnlyList<object?> parameters, JsonElement result)
    {
        if (method != "eth_call" || result.ValueKind != JsonValueKind.String) return;
        var call = JsonSerializer.SerializeToElement(parameters[0], Json);
        lock (Calls) Calls.Add((call.GetProperty("data").GetString()!, result.GetString()!));
    }
}
