using System.Collections.Concurrent;
using System.Reflection;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace ExposureWeb.Chain.Abi;

/// <summary>The <c>[Parameter]</c> properties of a typed DTO as (ABI name, ABI type, value), in ABI order.</summary>
public static class OutputFields
{
    private static readonly ConcurrentDictionary<Type, (string Name, string Type, PropertyInfo Property)[]> Cache = new();

    /// <summary>The DTO's outputs in order; nested structs are returned as their DTO objects.</summary>
    public static IEnumerable<(string Name, string Type, object? Value)> Of(object dto)
    {
        ArgumentNullException.ThrowIfNull(dto);
        foreach (var (name, type, property) in Cache.GetOrAdd(dto.GetType(), Describe)) yield return (name, type, property.GetValue(dto));
    }

    private static (string Name, string Type, PropertyInfo Property)[] Describe(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Attribute: p.GetCustomAttribute<ParameterAttribute>(inherit: true)))
            .Where(m => m.Attribute is not null)
            .OrderBy(m => m.Attribute!.Order)
            .Select(m => (m.Attribute!.Name ?? m.Property.Name, m.Attribute.Type, m.Property))
            .ToArray();
}
