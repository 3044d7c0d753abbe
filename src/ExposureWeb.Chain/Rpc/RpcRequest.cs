namespace ExposureWeb.Chain.Rpc;

/// <summary>One JSON-RPC call: a method name and its positional parameters.</summary>
/// <param name="Method">The method, e.g. <c>eth_getBalance</c>.</param>
/// <param name="Parameters">
/// Positional parameters, serialized with System.Text.Json (camelCase, nulls omitted). Pass strings for hex
/// quantities and data; <see cref="ExposureWeb.Chain.Primitives.Address"/> serializes itself.
/// </param>
public sealed record RpcRequest(string Method, IReadOnlyList<object?> Parameters)
{
    /// <summary>Creates a request from a method name and parameters.</summary>
    public static RpcRequest Create(string method, params object?[] parameters) => new(method, parameters);
}
