namespace ExposureWeb.Chain.Abi;

/// <summary>
/// Thrown when ABI-encoded data is malformed. The ABI decoders throw no other exception type for bad input.
/// </summary>
public sealed class AbiDecodingException : Exception
{
    /// <summary>Creates an exception for a failure while decoding <paramref name="typeName"/> at <paramref name="offset"/>.</summary>
    public AbiDecodingException(string reason, string typeName, long offset, Exception? innerException = null)
        : base($"cannot decode {typeName} at byte offset {offset}: {reason}", innerException)
    {
        Reason = reason;
        TypeName = typeName;
        Offset = offset;
    }

    /// <summary>What was wrong, without the type and offset.</summary>
    public string Reason { get; }

    /// <summary>Canonical name of the type being decoded when the problem was found.</summary>
    public string TypeName { get; }

    /// <summary>Byte offset into the decoded buffer where the problem was found.</summary>
    public long Offset { get; }
}
