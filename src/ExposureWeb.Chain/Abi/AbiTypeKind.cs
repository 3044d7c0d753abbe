namespace ExposureWeb.Chain.Abi;

/// <summary>The shape of an <see cref="AbiType"/>.</summary>
public enum AbiTypeKind
{
    /// <summary>Unsigned integer <c>uintN</c>, N = 8..256 in steps of 8.</summary>
    UInt,

    /// <summary>Two's-complement signed integer <c>intN</c>, N = 8..256 in steps of 8.</summary>
    Int,

    /// <summary>20-byte <c>address</c>.</summary>
    Address,

    /// <summary><c>bool</c>.</summary>
    Bool,

    /// <summary>Fixed-size byte string <c>bytesN</c>, N = 1..32.</summary>
    FixedBytes,

    /// <summary>Dynamic byte string <c>bytes</c>.</summary>
    Bytes,

    /// <summary>Dynamic UTF-8 <c>string</c>.</summary>
    String,

    /// <summary>Fixed-length array <c>T[k]</c>.</summary>
    FixedArray,

    /// <summary>Dynamic-length array <c>T[]</c>.</summary>
    Array,

    /// <summary>Tuple <c>(T1,T2,...)</c>, i.e. a Solidity struct.</summary>
    Tuple,
}
