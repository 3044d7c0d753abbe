using System.Collections.Frozen;
using System.Reflection;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols;

/// <summary>
/// Every typed read message of <see cref="Protocols"/> by selector, with its output DTO: lets tools that only hold
/// calldata (the ABI decoding benchmark, a recorded Multicall3 batch) decode each result as the adapters do.
/// </summary>
public static class ProtocolMessages
{
    private static readonly FrozenDictionary<string, (Type Function, Type Output)> BySelector = Build();

    /// <summary>The output DTO of the read message whose selector starts <paramref name="calldata"/>, or null.</summary>
    public static Type? OutputFor(ReadOnlySpan<byte> calldata) =>
        calldata.Length >= 4 && BySelector.TryGetValue(Convert.ToHexStringLower(calldata[..4]), out var entry) ? entry.Output : null;

    /// <summary>How many read messages are known.</summary>
    public static int Count => BySelector.Count;

    private static FrozenDictionary<string, (Type, Type)> Build()
    {
        var map = new Dictionary<string, (Type, Type)>();
        foreach (var type in typeof(ProtocolMessages).Assembly.GetTypes().Where(t => typeof(FunctionMessage).IsAssignableFrom(t) && !t.IsAbstract))
        {
            if (type.GetCustomAttribute<FunctionAttribute>() is not { DTOReturnType: { } output }) continue;
            // Two messages may share a selector (ERC-20 and feed decimals()): their outputs have the same shape.
            map.TryAdd(ABITypedRegistry.GetFunctionABI(type).Sha3Signature, (type, output));
        }
        return map.ToFrozenDictionary();
    }
}
