namespace ExposureWeb.Chain.Abi;

/// <summary>
/// Decodes return data straight into a Nethereum output DTO with the project's span-based, hardened decoder
/// (<see cref="AbiDecoder"/>). The DTO's <c>[Parameter]</c> attributes are the only description of the layout, so the
/// same typed messages serve Nethereum's own decoder and this one.
/// </summary>
/// <remarks>
/// Why it exists beside Nethereum's <c>FunctionCallDecoder</c>: the engine decodes every Multicall3 result of every
/// block. `exposure bench` measures both on the demo portfolio's real results (<c>abi_decode_per_second</c>); the
/// README quotes the figures. It is also strict where Nethereum is lenient: non-zero padding, bools other than 0/1,
/// invalid UTF-8, lengths and offsets past the data and overlapping offsets that would inflate the output are
/// refused with an <see cref="AbiDecodingException"/> instead of decoding to something.
/// </remarks>
public static class SpanAbiDecoder
{
    /// <summary>Decodes <paramref name="data"/> as the outputs described by <typeparamref name="T"/>.</summary>
    /// <exception cref="AbiDecodingException">The data is malformed or a value does not fit its property.</exception>
    public static T Decode<T>(ReadOnlySpan<byte> data) where T : class, new() => (T)Decode(typeof(T), data);

    /// <summary>Decodes <paramref name="data"/> as the outputs described by the DTO type <paramref name="type"/>.</summary>
    /// <exception cref="AbiDecodingException">The data is malformed or a value does not fit its property.</exception>
    /// <exception cref="ArgumentException"><paramref name="type"/> has no <c>[Parameter]</c> properties or no parameterless constructor.</exception>
    public static object Decode(Type type, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(type);
        var layout = OutputLayout.For(type);
        var values = AbiDecoder.Decode(layout.Types, data);
        try
        {
            return layout.Build(values);
        }
        catch (OverflowException ex)
        {
            throw new AbiDecodingException($"a value does not fit its {type.Name} property: {ex.Message}", type.Name, 0, ex);
        }
    }

    /// <summary>The DTO's name and its outputs as an ABI tuple, e.g. <c>BalanceOfOutput (uint256)</c>, for messages.</summary>
    public static string Describe<T>() => $"{typeof(T).Name} ({string.Join(",", OutputLayout.For(typeof(T)).Types)})";
}
