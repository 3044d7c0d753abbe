using ExposureWeb.Chain.Crypto;

namespace ExposureWeb.Chain.Abi;

/// <summary>
/// A contract event: canonical signature, <see cref="Topic0"/>, and log decoding.
/// </summary>
public sealed class AbiEvent
{
    /// <summary>Maximum number of topics in an EVM log.</summary>
    public const int MaxTopics = 4;

    private readonly byte[] _topic0;
    private readonly AbiType[] _dataTypes;

    /// <summary>Creates an event from its parts.</summary>
    /// <exception cref="ArgumentException">Too many indexed parameters for the log's topic slots.</exception>
    public AbiEvent(string name, IReadOnlyList<AbiParameter> parameters, bool anonymous = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(parameters);
        Name = name;
        Parameters = parameters.ToArray();
        Anonymous = anonymous;
        int indexed = Parameters.Count(p => p.Indexed);
        int maxIndexed = anonymous ? MaxTopics : MaxTopics - 1;
        if (indexed > maxIndexed)
        {
            throw new ArgumentException($"event {name} has {indexed} indexed parameters; at most {maxIndexed} fit in a log");
        }

        _dataTypes = Parameters.Where(p => !p.Indexed).Select(p => p.Type).ToArray();
        Signature = $"{name}({string.Join(",", Parameters.Select(p => p.Type.CanonicalName))})";
        _topic0 = Nethereum.Util.Sha3Keccack.Current.CalculateHashAsBytes(Signature);
    }

    /// <summary>Event name.</summary>
    public string Name { get; }

    /// <summary>Parameters in declaration order.</summary>
    public IReadOnlyList<AbiParameter> Parameters { get; }

    /// <summary>True for anonymous events, whose logs carry no <see cref="Topic0"/>.</summary>
    public bool Anonymous { get; }

    /// <summary>Canonical signature, e.g. <c>Transfer(address,address,uint256)</c>.</summary>
    public string Signature { get; }

    /// <summary>keccak256(<see cref="Signature"/>), the first topic of non-anonymous logs; a fresh copy on every call.</summary>
    public byte[] Topic0 => (byte[])_topic0.Clone();

    /// <summary>
    /// Parses <c>Transfer(address indexed from,address indexed to,uint256 value)</c>; a leading <c>event</c> keyword and a
    /// trailing <c>anonymous</c> are accepted.
    /// </summary>
    /// <exception cref="FormatException">The signature is malformed.</exception>
    public static AbiEvent Parse(string signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        AbiSignatureParser.Signature parsed = AbiSignatureParser.ParseEvent(signature);
        try
        {
            return new AbiEvent(parsed.Name, parsed.Inputs, parsed.Anonymous);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"invalid event signature '{signature}': {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Whether an indexed parameter of <paramref name="type"/> is stored as keccak256 of its encoding rather than its value.
    /// Solidity hashes every reference type (bytes, string, arrays, structs), even statically sized ones.
    /// </summary>
    public static bool IsHashedWhenIndexed(AbiType type) =>
        type.Kind is AbiTypeKind.Bytes or AbiTypeKind.String or AbiTypeKind.Array or AbiTypeKind.FixedArray or AbiTypeKind.Tuple;

    /// <summary>
    /// Decodes a log into its arguments in declaration order. Indexed value types are decoded from their topics;
    /// indexed reference types come back as their 32-byte topic hash (<c>byte[]</c>), because the value itself is not in the log.
    /// </summary>
    /// <exception cref="AbiDecodingException">Topic0 does not match, the topic count is wrong, or the data is malformed.</exception>
    public object[] DecodeLog(IReadOnlyList<byte[]> topics, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(topics);
        int first = Anonymous ? 0 : 1;
        int expectedTopics = first + Parameters.Count(p => p.Indexed);
        if (topics.Count != expectedTopics)
        {
            throw new AbiDecodingException($"expected {expectedTopics} topics, got {topics.Count}", Signature, 0);
        }

        for (int t = 0; t < topics.Count; t++)
        {
            if (topics[t] is not { Length: AbiType.WordSize })
            {
                throw new AbiDecodingException($"topic {t} is not 32 bytes", Signature, 0);
            }
        }

        if (!Anonymous && !topics[0].AsSpan().SequenceEqual(_topic0))
        {
            throw new AbiDecodingException(
                $"topic0 0x{Convert.ToHexStringLower(topics[0])} does not match 0x{Convert.ToHexStringLower(_topic0)}", Signature, 0);
        }

        object[] dataValues = AbiDecoder.Decode(_dataTypes, data);
        var result = new object[Parameters.Count];
        int topicIndex = first, dataIndex = 0;
        for (int i = 0; i < Parameters.Count; i++)
        {
            AbiParameter parameter = Parameters[i];
            if (!parameter.Indexed)
            {
                result[i] = dataValues[dataIndex++];
                continue;
            }

            byte[] topic = topics[topicIndex++];
            try
            {
                result[i] = IsHashedWhenIndexed(parameter.Type) ? topic.ToArray() : AbiDecoder.Decode(parameter.Type, topic);
            }
            catch (AbiDecodingException ex)
            {
                throw new AbiDecodingException($"topic {topicIndex - 1}: {ex.Reason}", parameter.Type.CanonicalName, 0, ex);
            }
        }

        return result;
    }

    /// <summary>Returns <see cref="Signature"/>.</summary>
    public override string ToString() => Signature;
}
