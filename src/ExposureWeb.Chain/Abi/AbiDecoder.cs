namespace ExposureWeb.Chain.Abi;

/// <summary>
/// Hardened Solidity ABI decoder. Malformed input of any kind results in <see cref="AbiDecodingException"/>.
/// </summary>
/// <remarks>
/// Output shapes: integers as boxed <see cref="System.Numerics.BigInteger"/>, <see cref="Primitives.Address"/>,
/// <see cref="bool"/>, <c>byte[]</c> for <c>bytes</c>/<c>bytesN</c>, <see cref="string"/>, and <c>object[]</c> for
/// arrays and tuples. Validation follows Solidity's own decoder: padding of value types must be zero (or the sign
/// extension for <c>intN</c>), bools must be 0 or 1, and strings must be valid UTF-8. Bytes after the encoded values
/// are ignored, as Solidity ignores extra calldata.
/// </remarks>
public static class AbiDecoder
{
    /// <summary>
    /// Total bytes the decoder may read, as a multiple of the input length. A canonical encoding reads every byte
    /// once; only crafted inputs whose offsets point at the same region repeatedly exceed this, and the limit is
    /// what keeps such inputs from expanding into huge object graphs.
    /// </summary>
    public const int MaxInflation = 4;

    /// <summary>Decodes <paramref name="data"/> as the tuple <paramref name="types"/>.</summary>
    /// <exception cref="AbiDecodingException">The data is malformed.</exception>
    public static object[] Decode(IReadOnlyList<AbiType> types, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(types);
        if (types.Count == 0)
        {
            return [];
        }

        var reader = new AbiReader(data, (long)data.Length * MaxInflation);
        return reader.DecodeTuple(types, types.Count == 1 ? types[0].CanonicalName : $"({string.Join(",", types)})");
    }

    /// <summary>Decodes <paramref name="data"/> as a single value of <paramref name="type"/>.</summary>
    /// <exception cref="AbiDecodingException">The data is malformed.</exception>
    public static object Decode(AbiType type, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(type);
        return Decode([type], data)[0];
    }
}
