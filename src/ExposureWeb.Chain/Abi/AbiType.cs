using System.Globalization;

namespace ExposureWeb.Chain.Abi;

/// <summary>
/// An immutable Solidity ABI type such as <c>uint256</c>, <c>bytes32[]</c> or <c>(address,bool,bytes)[]</c>.
/// Instances compare equal when their canonical names are equal.
/// </summary>
public sealed class AbiType : IEquatable<AbiType>
{
    /// <summary>Size of one ABI word in bytes.</summary>
    public const int WordSize = 32;

    /// <summary>
    /// Maximum nesting of arrays and tuples. Decoding recurses once per level, so this also bounds the
    /// decoder's stack depth no matter what offsets the input contains.
    /// </summary>
    public const int MaxNestingDepth = 32;

    /// <summary><c>address</c>.</summary>
    public static AbiType Address { get; } = new(AbiTypeKind.Address, "address");

    /// <summary><c>bool</c>.</summary>
    public static AbiType Bool { get; } = new(AbiTypeKind.Bool, "bool");

    /// <summary><c>string</c>.</summary>
    public static AbiType String { get; } = new(AbiTypeKind.String, "string");

    /// <summary><c>bytes</c>.</summary>
    public static AbiType Bytes { get; } = new(AbiTypeKind.Bytes, "bytes");

    /// <summary><c>uint256</c>.</summary>
    public static AbiType UInt256 { get; } = UInt(256);

    /// <summary><c>int256</c>.</summary>
    public static AbiType Int256 { get; } = Int(256);

    /// <summary><c>bytes32</c>.</summary>
    public static AbiType Bytes32 { get; } = FixedBytes(32);

    private AbiType(AbiTypeKind kind, string canonicalName)
    {
        Kind = kind;
        CanonicalName = canonicalName;
        Components = [];
        IsDynamic = kind is AbiTypeKind.Bytes or AbiTypeKind.String;
        HeadSize = WordSize;
        ContentHeadsSize = WordSize;
    }

    private AbiType(AbiTypeKind kind, AbiType element, int? length)
    {
        Kind = kind;
        ElementType = element;
        Components = [];
        Length = length ?? 0;
        Depth = element.Depth + 1;
        CheckDepth();
        CanonicalName = element.CanonicalName + (length is int k ? $"[{k.ToString(CultureInfo.InvariantCulture)}]" : "[]");
        IsDynamic = length is null || element.IsDynamic;
        ContentHeadsSize = length is int n ? CheckedSize((long)n * element.HeadSize) : WordSize;
        HeadSize = IsDynamic ? WordSize : ContentHeadsSize;
    }

    private AbiType(IReadOnlyList<AbiType> components)
    {
        Kind = AbiTypeKind.Tuple;
        Components = components;
        Depth = 1 + components.Max(c => c.Depth);
        CheckDepth();
        CanonicalName = "(" + string.Join(",", components.Select(c => c.CanonicalName)) + ")";
        IsDynamic = components.Any(c => c.IsDynamic);
        ContentHeadsSize = CheckedSize(components.Sum(c => (long)c.HeadSize));
        HeadSize = IsDynamic ? WordSize : ContentHeadsSize;
    }

    /// <summary>The shape of this type.</summary>
    public AbiTypeKind Kind { get; }

    /// <summary>Canonical name used in signatures, e.g. <c>uint256</c> or <c>(address,uint256)[]</c>.</summary>
    public string CanonicalName { get; }

    /// <summary>Bit width for <c>uintN</c>/<c>intN</c>; 0 otherwise.</summary>
    public int Bits { get; private init; }

    /// <summary>N for <c>bytesN</c>; 0 otherwise.</summary>
    public int ByteLength { get; private init; }

    /// <summary>Element count k for fixed arrays <c>T[k]</c>; 0 otherwise.</summary>
    public int Length { get; }

    /// <summary>Element type for arrays; null otherwise.</summary>
    public AbiType? ElementType { get; }

    /// <summary>Component types for tuples; empty otherwise.</summary>
    public IReadOnlyList<AbiType> Components { get; }

    /// <summary>
    /// True when the encoding is stored out of line behind an offset
    /// (bytes, string, T[], and arrays/tuples containing a dynamic type).
    /// </summary>
    public bool IsDynamic { get; }

    /// <summary>Bytes this type occupies in the head of its enclosing tuple: 32 for dynamic types, else its full size.</summary>
    public int HeadSize { get; }

    /// <summary>Size of the head section inside a tuple or fixed array (sum of its members' head sizes).</summary>
    internal int ContentHeadsSize { get; }

    /// <summary>Nesting level of arrays/tuples; 0 for elementary types.</summary>
    internal int Depth { get; }

    /// <summary>True for <c>uintN</c> and <c>intN</c>.</summary>
    public bool IsInteger => Kind is AbiTypeKind.UInt or AbiTypeKind.Int;

    /// <summary><c>uintN</c> where N is a multiple of 8 in 8..256.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Invalid width.</exception>
    public static AbiType UInt(int bits) => Integer(AbiTypeKind.UInt, "uint", bits);

    /// <summary><c>intN</c> where N is a multiple of 8 in 8..256.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Invalid width.</exception>
    public static AbiType Int(int bits) => Integer(AbiTypeKind.Int, "int", bits);

    /// <summary><c>bytesN</c> where N is 1..32.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Invalid length.</exception>
    public static AbiType FixedBytes(int length)
    {
        if (length is < 1 or > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "bytesN requires 1 <= N <= 32");
        }

        return new AbiType(AbiTypeKind.FixedBytes, "bytes" + length.ToString(CultureInfo.InvariantCulture)) { ByteLength = length };
    }

    /// <summary>Dynamic array <c>T[]</c>.</summary>
    public static AbiType ArrayOf(AbiType element)
    {
        ArgumentNullException.ThrowIfNull(element);
        return new AbiType(AbiTypeKind.Array, element, null);
    }

    /// <summary>Fixed array <c>T[k]</c>, k &gt;= 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">k is less than 1.</exception>
    public static AbiType FixedArrayOf(AbiType element, int length)
    {
        ArgumentNullException.ThrowIfNull(element);
        if (length < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "fixed array length must be at least 1");
        }

        return new AbiType(AbiTypeKind.FixedArray, element, length);
    }

    /// <summary>Tuple of at least one component.</summary>
    /// <exception cref="ArgumentException">No components: an empty tuple has no ABI encoding.</exception>
    public static AbiType Tuple(params IReadOnlyList<AbiType> components)
    {
        ArgumentNullException.ThrowIfNull(components);
        // Empty tuples would encode to zero bytes, letting a single length word expand to unbounded
        // decoded output; Solidity forbids empty structs anyway.
        if (components.Count == 0)
        {
            throw new ArgumentException("a tuple needs at least one component", nameof(components));
        }

        if (components.Any(c => c is null))
        {
            throw new ArgumentException("tuple components must not be null", nameof(components));
        }

        return new AbiType(components.ToArray());
    }

    /// <summary>
    /// The same type from Nethereum's description of it (the <c>[Parameter]</c> attributes of a typed message give
    /// one per parameter), so the span decoder needs no signature parser of its own. Tuples are not taken from
    /// Nethereum (its tuple types only know their components once an ABI extractor filled them): the decoder builds
    /// them from the DTO's properties, see <see cref="Tuple"/> and <see cref="ArrayOf"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A tuple, or an array of tuples.</exception>
    /// <exception cref="NotSupportedException">A type the decoder does not handle (fixed-point).</exception>
    public static AbiType FromNethereum(Nethereum.ABI.ABIType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type switch
        {
            Nethereum.ABI.TupleType => throw new ArgumentException("a tuple's components come from its DTO", nameof(type)),
            Nethereum.ABI.DynamicArrayType array => ArrayOf(FromNethereum(array.ElementType)),
            Nethereum.ABI.StaticArrayType array => FixedArrayOf(FromNethereum(array.ElementType), StaticLength(array)),
            Nethereum.ABI.IntType integer => integer.CanonicalName.StartsWith("uint", StringComparison.Ordinal)
                ? UInt(integer.StaticSize * 8) : Int(integer.StaticSize * 8),
            Nethereum.ABI.AddressType => Address,
            Nethereum.ABI.BoolType => Bool,
            Nethereum.ABI.StringType => String,
            Nethereum.ABI.BytesType => Bytes,
            Nethereum.ABI.BytesElementaryType fixedBytes => FixedBytes(fixedBytes.StaticSize),
            Nethereum.ABI.Bytes32Type => Bytes32,
            _ => throw new NotSupportedException($"ABI type {type.CanonicalName} is not supported by the span decoder"),
        };
    }

    /// <summary>The length N of a Nethereum <c>T[N]</c> type.</summary>
    public static int StaticLength(Nethereum.ABI.StaticArrayType array)
    {
        ArgumentNullException.ThrowIfNull(array);
        return ParseLength(array.CanonicalName);
    }

    // Nethereum keeps a static array's length internal; its canonical name ends in "[N]".
    private static int ParseLength(string name)
    {
        int open = name.LastIndexOf('[');
        return int.Parse(name.AsSpan(open + 1, name.Length - open - 2), NumberStyles.None, CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public bool Equals(AbiType? other) => other is not null && CanonicalName == other.CanonicalName;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as AbiType);

    /// <inheritdoc />
    public override int GetHashCode() => CanonicalName.GetHashCode(StringComparison.Ordinal);

    /// <summary>Returns <see cref="CanonicalName"/>.</summary>
    public override string ToString() => CanonicalName;

    /// <summary>Canonical-name equality.</summary>
    public static bool operator ==(AbiType? left, AbiType? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Canonical-name inequality.</summary>
    public static bool operator !=(AbiType? left, AbiType? right) => !(left == right);

    private static AbiType Integer(AbiTypeKind kind, string prefix, int bits)
    {
        if (bits is < 8 or > 256 || bits % 8 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits, $"{prefix}N requires N to be a multiple of 8 between 8 and 256");
        }

        return new AbiType(kind, prefix + bits.ToString(CultureInfo.InvariantCulture)) { Bits = bits };
    }

    private void CheckDepth()
    {
        if (Depth > MaxNestingDepth)
        {
            throw new ArgumentException($"type nests arrays/tuples deeper than {MaxNestingDepth} levels");
        }
    }

    private static int CheckedSize(long size)
    {
        // Keeping every size in int range lets the codec use plain int positions without overflow checks.
        if (size > int.MaxValue)
        {
            throw new ArgumentException($"type's static encoding would be {size} bytes, more than {int.MaxValue}");
        }

        return (int)size;
    }
}
