using System.Collections;
using System.Numerics;
using System.Text;
using ExposureWeb.Chain.Primitives;

namespace ExposureWeb.Chain.Abi;

/// <summary>
/// Solidity ABI encoder (head/tail layout as in the ABI specification).
/// </summary>
/// <remarks>
/// Accepted values: integers as <see cref="BigInteger"/> (or any built-in integer type), <see cref="Primitives.Address"/>
/// (or an address string, checksum-validated), <see cref="bool"/>, <c>byte[]</c>/<see cref="ReadOnlyMemory{T}"/> for
/// <c>bytes</c> and <c>bytesN</c> (exactly N bytes), <see cref="string"/>, and lists
/// (<see cref="IReadOnlyList{T}"/> of object, or any <see cref="IList"/>) for arrays and tuples.
/// </remarks>
public static class AbiEncoder
{
    private static readonly BigInteger TwoTo256 = BigInteger.One << 256;

    /// <summary>Encodes <paramref name="values"/> as the tuple <paramref name="types"/>.</summary>
    /// <exception cref="ArgumentException">Value count, shape or range does not match the types; the message names the type.</exception>
    public static byte[] Encode(IReadOnlyList<AbiType> types, IReadOnlyList<object> values)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(values);
        if (types.Count != values.Count)
        {
            throw new ArgumentException($"expected {types.Count} values for ({string.Join(",", types)}), got {values.Count}", nameof(values));
        }

        return EncodeSequence(i => types[i], values.Count, i => values[i], "args");
    }

    /// <summary>Encodes a single value of <paramref name="type"/> as it would appear as a one-element tuple.</summary>
    public static byte[] Encode(AbiType type, object value)
    {
        ArgumentNullException.ThrowIfNull(type);
        return Encode([type], [value]);
    }

    private static byte[] EncodeSequence(Func<int, AbiType> typeAt, int count, Func<int, object?> valueAt, string path)
    {
        var encoded = new byte[count][];
        int headsSize = 0;
        for (int i = 0; i < count; i++)
        {
            AbiType type = typeAt(i);
            encoded[i] = EncodeValue(type, valueAt(i), $"{path}[{i}]");
            headsSize = checked(headsSize + type.HeadSize);
        }

        var buffer = new List<byte>(headsSize);
        var tails = new List<byte>();
        for (int i = 0; i < count; i++)
        {
            if (typeAt(i).IsDynamic)
            {
                buffer.AddRange(WriteUInt(headsSize + tails.Count));
                tails.AddRange(encoded[i]);
            }
            else
            {
                buffer.AddRange(encoded[i]);
            }
        }

        buffer.AddRange(tails);
        return buffer.ToArray();
    }

    private static byte[] EncodeValue(AbiType type, object? value, string path)
    {
        if (value is null)
        {
            throw Mismatch(type, "a value", value, path);
        }

        switch (type.Kind)
        {
            case AbiTypeKind.UInt:
            case AbiTypeKind.Int:
                return EncodeInteger(type, value, path);
            case AbiTypeKind.Address:
                return EncodeAddress(type, value, path);
            case AbiTypeKind.Bool:
                return value is bool b ? WriteUInt(b ? 1 : 0) : throw Mismatch(type, "a bool", value, path);
            case AbiTypeKind.FixedBytes:
            {
                ReadOnlySpan<byte> bytes = AsBytes(type, value, path);
                if (bytes.Length != type.ByteLength)
                {
                    throw new ArgumentException($"{type} requires exactly {type.ByteLength} bytes, got {bytes.Length} ({path})");
                }

                var word = new byte[AbiType.WordSize];
                bytes.CopyTo(word);
                return word;
            }

            case AbiTypeKind.Bytes:
                return EncodeDynamicBytes(AsBytes(type, value, path));
            case AbiTypeKind.String:
                return value is string s ? EncodeDynamicBytes(Encoding.UTF8.GetBytes(s)) : throw Mismatch(type, "a string", value, path);
            case AbiTypeKind.FixedArray:
            {
                var (count, at) = AsList(type, value, path);
                if (count != type.Length)
                {
                    throw new ArgumentException($"{type} requires exactly {type.Length} elements, got {count} ({path})");
                }

                return EncodeSequence(_ => type.ElementType!, count, at, path);
            }

            case AbiTypeKind.Array:
            {
                var (count, at) = AsList(type, value, path);
                return [.. WriteUInt(count), .. EncodeSequence(_ => type.ElementType!, count, at, path)];
            }

            case AbiTypeKind.Tuple:
            {
                var (count, at) = AsList(type, value, path);
                if (count != type.Components.Count)
                {
                    throw new ArgumentException($"{type} requires exactly {type.Components.Count} components, got {count} ({path})");
                }

                return EncodeSequence(i => type.Components[i], count, at, path);
            }

            default:
                throw new ArgumentException($"unsupported ABI type {type} ({path})");
        }
    }

    private static byte[] EncodeInteger(AbiType type, object value, string path)
    {
        BigInteger number = value switch
        {
            BigInteger big => big,
            int i => i,
            long l => l,
            uint ui => ui,
            ulong ul => ul,
            short s => s,
            ushort us => us,
            byte by => by,
            sbyte sb => sb,
            Int128 i128 => i128,
            UInt128 u128 => u128,
            _ => throw Mismatch(type, "an integer (BigInteger)", value, path),
        };

        BigInteger min = type.Kind == AbiTypeKind.UInt ? BigInteger.Zero : -(BigInteger.One << (type.Bits - 1));
        BigInteger maxExclusive = BigInteger.One << (type.Kind == AbiTypeKind.UInt ? type.Bits : type.Bits - 1);
        if (number < min || number >= maxExclusive)
        {
            throw new ArgumentException($"value {number} is out of range for {type} ({path})");
        }

        // Two's complement over 256 bits is the same as reducing negatives modulo 2^256.
        return WriteUInt(number.Sign < 0 ? number + TwoTo256 : number);
    }

    private static byte[] EncodeAddress(AbiType type, object value, string path)
    {
        Address address;
        switch (value)
        {
            case Address a:
                address = a;
                break;
            case string s:
                if (!Address.TryParse(s, out address, out string? error))
                {
                    throw new ArgumentException($"invalid address '{s}' for {type}: {error} ({path})");
                }

                break;
            default:
                throw Mismatch(type, "an Address", value, path);
        }

        var word = new byte[AbiType.WordSize];
        address.Bytes.CopyTo(word.AsSpan(AbiType.WordSize - Address.Length));
        return word;
    }

    private static byte[] EncodeDynamicBytes(ReadOnlySpan<byte> payload)
    {
        int padded = (payload.Length + AbiType.WordSize - 1) / AbiType.WordSize * AbiType.WordSize;
        var result = new byte[AbiType.WordSize + padded];
        WriteUInt(payload.Length).CopyTo(result, 0);
        payload.CopyTo(result.AsSpan(AbiType.WordSize));
        return result;
    }

    private static ReadOnlySpan<byte> AsBytes(AbiType type, object value, string path) => value switch
    {
        byte[] bytes => bytes,
        ReadOnlyMemory<byte> rom => rom.Span,
        Memory<byte> mem => mem.Span,
        _ => throw Mismatch(type, "a byte[]", value, path),
    };

    private static (int Count, Func<int, object?> At) AsList(AbiType type, object value, string path) => value switch
    {
        IReadOnlyList<object?> list => (list.Count, i => list[i]),
        IList list => (list.Count, i => list[i]),
        _ => throw Mismatch(type, "a list", value, path),
    };

    private static byte[] WriteUInt(BigInteger value)
    {
        var word = new byte[AbiType.WordSize];
        int length = value.GetByteCount(isUnsigned: true);
        value.TryWriteBytes(word.AsSpan(AbiType.WordSize - length), out _, isUnsigned: true, isBigEndian: true);
        return word;
    }

    private static ArgumentException Mismatch(AbiType type, string expected, object? value, string path) =>
        new($"expected {expected} for {type}, got {(value is null ? "null" : value.GetType().Name)} ({path})");
}
