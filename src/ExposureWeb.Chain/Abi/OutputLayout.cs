using System.Collections;
using System.Collections.Concurrent;
using System.Numerics;
using System.Reflection;
using ExposureWeb.Chain.Primitives;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace ExposureWeb.Chain.Abi;

/// <summary>
/// How a Nethereum DTO (an <c>[FunctionOutput]</c> class or a struct class) maps onto ABI values: its
/// <c>[Parameter]</c> properties in order, each with the <see cref="AbiType"/> it decodes as and a conversion from
/// the span decoder's value to the property's type. Built once per DTO type by reflection, then cached.
/// </summary>
internal sealed class OutputLayout
{
    private static readonly ConcurrentDictionary<Type, OutputLayout> Cache = new();

    private readonly Func<object> _create;
    private readonly Member[] _members;

    private OutputLayout(Type type)
    {
        var constructor = type.GetConstructor(Type.EmptyTypes)
            ?? throw new ArgumentException($"{type.Name} needs a parameterless constructor to be decoded into");
        _create = () => constructor.Invoke(null);
        _members = OutputFields.Parameters(type).Select(m => Member.For(m.Property, m.Attribute)).ToArray();
        if (_members.Length == 0) throw new ArgumentException($"{type.Name} has no [Parameter] properties");
        Types = _members.Select(m => m.Type).ToArray();
    }

    /// <summary>The DTO's parameters as ABI types, in order.</summary>
    public IReadOnlyList<AbiType> Types { get; }

    /// <summary>The layout of <paramref name="type"/>.</summary>
    public static OutputLayout For(Type type) => Cache.GetOrAdd(type, t => new OutputLayout(t));

    /// <summary>A new DTO filled from decoded values (one per member, in order).</summary>
    public object Build(object[] values)
    {
        var dto = _create();
        for (int i = 0; i < _members.Length; i++) _members[i].Set(dto, values[i]);
        return dto;
    }

    private sealed class Member(PropertyInfo property, AbiType type, Func<object, object> convert)
    {
        public AbiType Type { get; } = type;

        public void Set(object dto, object value) => property.SetValue(dto, convert(value));

        public static Member For(PropertyInfo property, ParameterAttribute attribute)
        {
            var (type, convert) = Shape(attribute.Parameter.ABIType, property.PropertyType, $"{property.DeclaringType?.Name}.{property.Name}");
            return new Member(property, type, convert);
        }

        /// <summary>The ABI type and the conversion for a value of <paramref name="abiType"/> held in <paramref name="clrType"/>.</summary>
        private static (AbiType Type, Func<object, object> Convert) Shape(Nethereum.ABI.ABIType abiType, Type clrType, string where)
        {
            switch (abiType)
            {
                case Nethereum.ABI.TupleType:
                {
                    var layout = OutputLayout.For(clrType);
                    return (AbiType.Tuple(layout.Types), v => layout.Build((object[])v));
                }
                case Nethereum.ABI.ArrayType array:
                {
                    var elementClr = clrType.IsArray ? clrType.GetElementType()! : clrType.GetGenericArguments().SingleOrDefault()
                        ?? throw new ArgumentException($"{where}: an array parameter needs a List<T> or T[] property");
                    var (elementType, convertElement) = Shape(array.ElementType, elementClr, where);
                    var type = array is Nethereum.ABI.StaticArrayType fixedArray
                        ? AbiType.FixedArrayOf(elementType, AbiType.StaticLength(fixedArray))
                        : AbiType.ArrayOf(elementType);
                    return (type, v => ToCollection((object[])v, clrType, elementClr, convertElement));
                }
                default:
                    return (AbiType.FromNethereum(abiType), ScalarConversion(abiType, clrType, where));
            }
        }

        private static object ToCollection(object[] values, Type clrType, Type elementClr, Func<object, object> convert)
        {
            if (clrType.IsArray)
            {
                var array = Array.CreateInstance(elementClr, values.Length);
                for (int i = 0; i < values.Length; i++) array.SetValue(convert(values[i]), i);
                return array;
            }
            var list = (IList)Activator.CreateInstance(clrType, values.Length)!;
            foreach (var value in values) list.Add(convert(value));
            return list;
        }

        private static Func<object, object> ScalarConversion(Nethereum.ABI.ABIType abiType, Type clrType, string where)
        {
            if (abiType is Nethereum.ABI.AddressType)
            {
                // Lower-case hex like an eth_call result: a checksum would cost a Keccak per address, on every block.
                if (clrType == typeof(string)) return v => ((Address)v).ToLowerHex();
                throw new ArgumentException($"{where}: an address parameter needs a string property");
            }
            if (abiType is Nethereum.ABI.IntType)
            {
                // Checked conversions: a value that does not fit the property is a decoding failure, never a wrapped number.
                if (clrType == typeof(BigInteger)) return v => v;
                if (clrType == typeof(int)) return v => (int)(BigInteger)v;
                if (clrType == typeof(uint)) return v => (uint)(BigInteger)v;
                if (clrType == typeof(long)) return v => (long)(BigInteger)v;
                if (clrType == typeof(ulong)) return v => (ulong)(BigInteger)v;
                if (clrType == typeof(ushort)) return v => (ushort)(BigInteger)v;
                if (clrType == typeof(short)) return v => (short)(BigInteger)v;
                if (clrType == typeof(byte)) return v => (byte)(BigInteger)v;
                if (clrType == typeof(sbyte)) return v => (sbyte)(BigInteger)v;
                throw new ArgumentException($"{where}: {abiType.CanonicalName} cannot be held in {clrType.Name}");
            }
            return v => v; // bool, string, bytes and bytesN decode to the property's own type.
        }
    }
}
