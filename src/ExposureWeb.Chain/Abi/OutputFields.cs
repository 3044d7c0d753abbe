using System.Collections.Concurrent;
using System.Reflection;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace ExposureWeb.Chain.Abi;

/// <summary>The <c>[Parameter]</c> properties of a typed DTO as (ABI name, ABI type, value), in ABI order.</summary>
public static class OutputFields
{
    private static readonly ConcurrentDictionary<Type, (PropertyInfo Property, ParameterAttribute Attribute)[]> Cache = new();

    /// <summary>The DTO's outputs in order; nested structs are returned as their DTO objects.</summary>
    public static IEnumerable<(string Name, string Type, object? Value)> Of(object dto)
    {
        ArgumentNullException.ThrowIfNull(dto);
        foreach (var (property, attribute) in Parameters(dto.GetType())) yield return (attribute.Name ?? property.Name, attribute.Type, property.GetValue(dto));
    }

    /// <summary>The type's <c>[Parameter]</c> properties with their attributes, in ABI order (cached).</summary>
    internal static (PropertyInfo Property, ParameterAttribute Attribute)[] Parameters(Type type) => Cache.GetOrAdd(type, t =>
        t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Attribute: p.GetCustomAttribute<ParameterAttribute>(inherit: true)))
            .Where(m => m.Attribute is not null)
            .OrderBy(m => m.Attribute!.Order)
            .Select(m => (m.Property, m.Attribute!))
            .ToArray());
}
