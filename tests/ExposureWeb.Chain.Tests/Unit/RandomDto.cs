using System.Collections;
using System.Numerics;
using System.Reflection;
using System.Text;
using Nethereum.ABI;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace ExposureWeb.Chain.Tests.Unit;

/// <summary>Random values for a Nethereum DTO, following its <c>[Parameter]</c> types; small collections keep encodings short.</summary>
internal static class RandomDto
{
    public static object Create(Type type, Random random, int depth = 0)
    {
        var dto = Activator.CreateInstance(type)!;
        foreach (var property in type.GetProperties())
        {
            var attribute = property.GetCustomAttribute<ParameterAttribute>(inherit: true);
            if (attribute is null) continue;
            property.SetValue(dto, Value(attribute.Parameter.ABIType, property.PropertyType, random, depth));
        }
        return dto;
    }

    private static object Value(ABIType abi, Type clr, Random random, int depth)
    {
        switch (abi)
        {
            case TupleType:
                return Create(clr, random, depth + 1);
            case ArrayType array:
            {
                var element = clr.GetGenericArguments()[0];
                int count = array is StaticArrayType fixedArray
                    ? ExposureWeb.Chain.Abi.AbiType.StaticLength(fixedArray)
                    : random.Next(0, depth > 1 ? 3 : 5);
                var list = (IList)Activator.CreateInstance(clr)!;
                for (int i = 0; i < count; i++) list.Add(Value(array.ElementType, element, random, depth + 1));
                return list;
            }
            case AddressType:
                return "0x" + Convert.ToHexStringLower(Bytes(random, 20));
            case BoolType:
                return random.Next(2) == 1;
            case StringType:
                var text = new StringBuilder();
                for (int i = random.Next(0, 20); i > 0; i--) text.Append(random.Next(5) == 0 ? "é✓€"[random.Next(3)] : (char)random.Next('a', 'z' + 1));
                return text.ToString();
            case BytesType:
                return Bytes(random, random.Next(0, 70));
            case Bytes32Type:
                return Bytes(random, 32);
            case BytesElementaryType fixedBytes:
                return Bytes(random, fixedBytes.StaticSize);
            case IntType integer:
            {
                bool signed = !integer.CanonicalName.StartsWith("uint", StringComparison.Ordinal);
                var value = new BigInteger(Bytes(random, integer.StaticSize), isUnsigned: !signed);
                return Type.GetTypeCode(clr) switch
                {
                    TypeCode.Object => value,
                    _ => Convert.ChangeType((long)value, clr, System.Globalization.CultureInfo.InvariantCulture),
                };
            }
            default:
                throw new NotSupportedException(abi.CanonicalName);
        }
    }

    private static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
