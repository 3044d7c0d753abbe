using ExposureWeb.Chain.Crypto;

namespace ExposureWeb.Chain.Abi;

/// <summary>
/// A contract function (or custom error, which is encoded the same way): its canonical signature, 4-byte selector,
/// and call/return encoding.
/// </summary>
public sealed class AbiFunction
{
    /// <summary>Length of a function selector in bytes.</summary>
    public const int SelectorLength = 4;

    private readonly byte[] _selector;
    private readonly AbiType[] _inputTypes;
    private readonly AbiType[] _outputTypes;

    /// <summary>Creates a function from its parts.</summary>
    public AbiFunction(string name, IReadOnlyList<AbiParameter> inputs, IReadOnlyList<AbiParameter>? outputs = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(inputs);
        Name = name;
        Inputs = inputs.ToArray();
        Outputs = outputs?.ToArray() ?? [];
        _inputTypes = Inputs.Select(p => p.Type).ToArray();
        _outputTypes = Outputs.Select(p => p.Type).ToArray();
        Signature = $"{name}({string.Join(",", _inputTypes.Select(t => t.CanonicalName))})";
        _selector = Nethereum.Util.Sha3Keccack.Current.CalculateHashAsBytes(Signature)[..SelectorLength];
    }

    /// <summary>Function name.</summary>
    public string Name { get; }

    /// <summary>Input parameters in declaration order.</summary>
    public IReadOnlyList<AbiParameter> Inputs { get; }

    /// <summary>Output parameters; empty when the signature had no <c>returns</c> clause.</summary>
    public IReadOnlyList<AbiParameter> Outputs { get; }

    /// <summary>Canonical signature used for the selector, e.g. <c>aggregate3((address,bool,bytes)[])</c>.</summary>
    public string Signature { get; }

    /// <summary>First four bytes of keccak256(<see cref="Signature"/>); a fresh copy on every call.</summary>
    public byte[] Selector => (byte[])_selector.Clone();

    /// <summary>
    /// Parses <c>name(type1,type2)</c> with optional parameter names, modifiers and outputs, e.g.
    /// <c>balanceOf(address) returns (uint256)</c> or <c>function balanceOf(address owner) view returns (uint256 balance)</c>.
    /// </summary>
    /// <exception cref="FormatException">The signature is malformed.</exception>
    public static AbiFunction Parse(string signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        AbiSignatureParser.Signature parsed = AbiSignatureParser.ParseFunction(signature);
        return new AbiFunction(parsed.Name, parsed.Inputs, parsed.Outputs);
    }

    /// <summary>Selector followed by the ABI-encoded arguments.</summary>
    /// <exception cref="ArgumentException">The arguments do not match <see cref="Inputs"/>.</exception>
    public byte[] EncodeCall(params object[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return [.. _selector, .. AbiEncoder.Encode(_inputTypes, args)];
    }

    /// <summary>Encodes return values as the function would return them (useful for fakes and tests).</summary>
    /// <exception cref="ArgumentException">The values do not match <see cref="Outputs"/>.</exception>
    public byte[] EncodeOutput(params object[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return AbiEncoder.Encode(_outputTypes, values);
    }

    /// <summary>Decodes return data according to <see cref="Outputs"/>.</summary>
    /// <exception cref="AbiDecodingException">The data is malformed.</exception>
    public object[] DecodeOutput(ReadOnlySpan<byte> data) => AbiDecoder.Decode(_outputTypes, data);

    /// <summary>Checks the selector and decodes the arguments of <paramref name="calldata"/>.</summary>
    /// <exception cref="AbiDecodingException">The selector differs or the arguments are malformed.</exception>
    public object[] DecodeInput(ReadOnlySpan<byte> calldata)
    {
        if (calldata.Length < SelectorLength)
        {
            throw new AbiDecodingException($"calldata is {calldata.Length} bytes, shorter than a selector", Signature, 0);
        }

        if (!calldata[..SelectorLength].SequenceEqual(_selector))
        {
            throw new AbiDecodingException(
                $"selector 0x{Convert.ToHexStringLower(calldata[..SelectorLength])} does not match 0x{Convert.ToHexStringLower(_selector)}", Signature, 0);
        }

        try
        {
            return AbiDecoder.Decode(_inputTypes, calldata[SelectorLength..]);
        }
        catch (AbiDecodingException ex)
        {
            // Report offsets relative to the whole calldata, which is what a caller holding it will look at.
            throw new AbiDecodingException(ex.Reason, ex.TypeName, ex.Offset + SelectorLength, ex.InnerException);
        }
    }

    /// <summary>Returns the signature including outputs, e.g. <c>balanceOf(address) returns (uint256)</c>.</summary>
    public override string ToString() =>
        Outputs.Count == 0 ? Signature : $"{Signature} returns ({string.Join(",", _outputTypes.Select(t => t.CanonicalName))})";
}
