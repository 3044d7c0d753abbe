using System.Numerics;
using System.Text;
using ExposureWeb.Chain.Primitives;

namespace ExposureWeb.Chain.Abi;

/// <summary>
/// Bounds-checked cursor over ABI data. Every position is validated against the buffer before use, every length
/// is validated against the bytes that remain before anything is allocated, and every byte read is charged to a
/// budget so overlapping offsets cannot inflate the output.
/// </summary>
internal ref struct AbiReader
{
    private const int Word = AbiType.WordSize;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _data;
    private long _budget;

    public AbiReader(ReadOnlySpan<byte> data, long budget)
    {
        _data = data;
        _budget = budget;
    }

    /// <summary>Decodes the top-level parameter list, which is laid out like a tuple starting at offset 0.</summary>
    public object[] DecodeTuple(IReadOnlyList<AbiType> types, string displayName)
    {
        long headsSize = types.Sum(t => (long)t.HeadSize);
        EnsureAvailable(0, headsSize, displayName);
        var values = new object[types.Count];
        DecodeSequence(types, null, values, 0, depth: 0);
        return values;
    }

    /// <summary>
    /// Decodes the value of <paramref name="type"/> whose encoding starts at <paramref name="position"/>
    /// (for dynamic types: the position the offset pointed to).
    /// </summary>
    public object DecodeValue(AbiType type, int position, int depth)
    {
        // Depth follows the type, not the data, so this can only trip on a programming error; kept as a backstop.
        if (depth > AbiType.MaxNestingDepth)
        {
            throw Fail(type, position, "nesting too deep");
        }

        switch (type.Kind)
        {
            case AbiTypeKind.UInt:
                return ReadUnsigned(type, position);
            case AbiTypeKind.Int:
                return ReadSigned(type, position);
            case AbiTypeKind.Address:
                return ReadAddress(type, position);
            case AbiTypeKind.Bool:
                return ReadBool(type, position);
            case AbiTypeKind.FixedBytes:
                return ReadFixedBytes(type, position);
            case AbiTypeKind.Bytes:
                return ReadDynamicBytes(type, position).ToArray();
            case AbiTypeKind.String:
                return ReadString(type, position);
            case AbiTypeKind.FixedArray:
            {
                EnsureAvailable(position, type.ContentHeadsSize, type.CanonicalName);
                var values = new object[type.Length];
                DecodeSequence(null, type.ElementType, values, position, depth + 1);
                return values;
            }

            case AbiTypeKind.Array:
            {
                int count = ReadLength(type, position, type.ElementType!.HeadSize, "array length");
                var values = new object[count];
                DecodeSequence(null, type.ElementType, values, position + Word, depth + 1);
                return values;
            }

            case AbiTypeKind.Tuple:
            {
                EnsureAvailable(position, type.ContentHeadsSize, type.CanonicalName);
                var values = new object[type.Components.Count];
                DecodeSequence(type.Components, null, values, position, depth + 1);
                return values;
            }

            default:
                throw Fail(type, position, "unsupported type");
        }
    }

    /// <summary>
    /// Decodes a head/tail sequence whose head section starts at <paramref name="start"/>; offsets of dynamic members
    /// are relative to <paramref name="start"/>. Callers have already verified the head section fits.
    /// </summary>
    private void DecodeSequence(IReadOnlyList<AbiType>? types, AbiType? elementType, object[] values, int start, int depth)
    {
        int head = start;
        for (int i = 0; i < values.Length; i++)
        {
            AbiType type = types?[i] ?? elementType!;
            if (type.IsDynamic)
            {
                int offset = ReadSmallInteger(type, head, "offset");
                if (offset > _data.Length - start)
                {
                    throw Fail(type, head, $"offset {offset} points past the end of the data ({_data.Length} bytes)");
                }

                values[i] = DecodeValue(type, start + offset, depth);
            }
            else
            {
                values[i] = DecodeValue(type, head, depth);
            }

            head += type.HeadSize;
        }
    }

    private BigInteger ReadUnsigned(AbiType type, int position)
    {
        ReadOnlySpan<byte> word = ReadWord(type, position);
        int padding = Word - type.Bits / 8;
        if (word[..padding].ContainsAnyExcept((byte)0))
        {
            throw Fail(type, position, $"value does not fit in {type.Bits} bits (high-order padding must be zero)");
        }

        return new BigInteger(word, isUnsigned: true, isBigEndian: true);
    }

    private BigInteger ReadSigned(AbiType type, int position)
    {
        ReadOnlySpan<byte> word = ReadWord(type, position);
        int padding = Word - type.Bits / 8;
        byte sign = (word[padding] & 0x80) != 0 ? (byte)0xFF : (byte)0x00;
        if (word[..padding].ContainsAnyExcept(sign))
        {
            throw Fail(type, position, $"value does not fit in {type.Bits} bits (high-order bytes must be the sign extension)");
        }

        return new BigInteger(word, isUnsigned: false, isBigEndian: true);
    }

    private Address ReadAddress(AbiType type, int position)
    {
        ReadOnlySpan<byte> word = ReadWord(type, position);
        if (word[..(Word - Address.Length)].ContainsAnyExcept((byte)0))
        {
            throw Fail(type, position, "the 12 high-order padding bytes must be zero");
        }

        return Address.FromBytes(word[(Word - Address.Length)..]);
    }

    private bool ReadBool(AbiType type, int position)
    {
        ReadOnlySpan<byte> word = ReadWord(type, position);
        if (word[..(Word - 1)].ContainsAnyExcept((byte)0) || word[Word - 1] > 1)
        {
            throw Fail(type, position, "bool must be encoded as 0 or 1");
        }

        return word[Word - 1] == 1;
    }

    private byte[] ReadFixedBytes(AbiType type, int position)
    {
        ReadOnlySpan<byte> word = ReadWord(type, position);
        if (word[type.ByteLength..].ContainsAnyExcept((byte)0))
        {
            throw Fail(type, position, $"bytes after the first {type.ByteLength} must be zero");
        }

        return word[..type.ByteLength].ToArray();
    }

    private ReadOnlySpan<byte> ReadDynamicBytes(AbiType type, int position)
    {
        int length = ReadLength(type, position, 1, "byte length");
        Charge(type, position, length);
        // Like Solidity, only the payload has to be present; trailing padding is neither required nor checked.
        return _data.Slice(position + Word, length);
    }

    private string ReadString(AbiType type, int position)
    {
        ReadOnlySpan<byte> payload = ReadDynamicBytes(type, position);
        try
        {
            return StrictUtf8.GetString(payload);
        }
        catch (DecoderFallbackException ex)
        {
            throw Fail(type, position, "string is not valid UTF-8", ex);
        }
    }

    /// <summary>
    /// Reads a length word at <paramref name="position"/> and checks that <c>length * elementSize</c> bytes follow it,
    /// which bounds any allocation by the input size.
    /// </summary>
    private int ReadLength(AbiType type, int position, int elementSize, string what)
    {
        int length = ReadSmallInteger(type, position, what);
        long available = (long)_data.Length - position - Word;
        if ((long)length * elementSize > available)
        {
            throw Fail(type, position, $"{what} {length} needs {(long)length * elementSize} bytes but only {available} remain");
        }

        return length;
    }

    /// <summary>Reads a word that must hold an offset or length; anything that cannot fit the buffer is rejected.</summary>
    private int ReadSmallInteger(AbiType type, int position, string what)
    {
        ReadOnlySpan<byte> word = ReadWord(type, position);
        if (word[..(Word - 4)].ContainsAnyExcept((byte)0) || (word[Word - 4] & 0x80) != 0)
        {
            throw Fail(type, position, $"{what} 0x{Convert.ToHexStringLower(word).TrimStart('0')} is larger than the data");
        }

        return (word[Word - 4] << 24) | (word[Word - 3] << 16) | (word[Word - 2] << 8) | word[Word - 1];
    }

    private ReadOnlySpan<byte> ReadWord(AbiType type, int position)
    {
        if (position < 0 || position > _data.Length - Word)
        {
            throw Fail(type, position, $"data is truncated: need 32 bytes but only {Math.Max(0, _data.Length - position)} remain");
        }

        Charge(type, position, Word);
        return _data.Slice(position, Word);
    }

    private void EnsureAvailable(int position, long size, string typeName)
    {
        if (size > (long)_data.Length - position)
        {
            throw new AbiDecodingException(
                $"data is truncated: need {size} bytes but only {Math.Max(0, _data.Length - position)} remain", typeName, position);
        }
    }

    private void Charge(AbiType type, int position, int bytes)
    {
        _budget -= bytes;
        if (_budget < 0)
        {
            throw Fail(type, position, $"decoding would read more than {AbiDecoder.MaxInflation}x the input size; offsets overlap suspiciously");
        }
    }

    private static AbiDecodingException Fail(AbiType type, int position, string reason, Exception? inner = null) =>
        new(reason, type.CanonicalName, position, inner);
}
