using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics;
using Nethereum.Contracts;
using Nethereum.Contracts.CQS;

namespace ExposureWeb.Chain.Abi;

/// <summary>
/// Calldata of Nethereum function messages whose inputs are all static (address, bool, intN/uintN, bytes32): the
/// selector and one 32-byte word per input, written directly. Byte for byte what <c>GetCallData()</c> returns (tested
/// against it), without Nethereum's per-call reflection and encoder objects — the engine encodes every contract call of
/// every portfolio on every block. Messages with a dynamic or tuple input go to Nethereum.
/// </summary>
public static class StaticCallEncoder
{
    private sealed record Layout(byte[] Selector, (Func<object, object?> Get, string Type)[]? Inputs);

    private static readonly ConcurrentDictionary<Type, Layout> Layouts = new();

    /// <summary>The calldata of <paramref name="call"/>.</summary>
    public static byte[] Encode<TFunction>(TFunction call) where TFunction : FunctionMessage, new()
    {
        ArgumentNullException.ThrowIfNull(call);
        var layout = Layouts.GetOrAdd(typeof(TFunction), Build);
        if (layout.Inputs is null) return call.GetCallData();
        var data = new byte[4 + 32 * layout.Inputs.Length];
        layout.Selector.CopyTo(data, 0);
        for (int i = 0; i < layout.Inputs.Length; i++)
        {
            var (get, type) = layout.Inputs[i];
            Write(type, get(call), data.AsSpan(4 + 32 * i, 32));
        }
        return data;
    }

    private static Layout Build(Type type)
    {
        var selector = Convert.FromHexString(ABITypedRegistry.GetFunctionABI(type).Sha3Signature);
        var parameters = OutputFields.Parameters(type);
        if (!parameters.All(p => IsStatic(p.Attribute.Type))) return new Layout(selector, null);
        return new Layout(selector, parameters.Select(p => ((Func<object, object?>)p.Property.GetValue, p.Attribute.Type)).ToArray());
    }

    private static bool IsStatic(string type) =>
        type is "address" or "bool" or "bytes32" || (type.StartsWith("uint", StringComparison.Ordinal) || type.StartsWith("int", StringComparison.Ordinal)) && !type.EndsWith(']');

    private static void Write(string type, object? value, Span<byte> word)
    {
        switch (type)
        {
            case "address":
                var text = value as string ?? throw new ArgumentException("an address input is not set");
                var hex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text.AsSpan(2) : text.AsSpan();
                if (hex.Length != 40) throw new ArgumentException($"'{text}' is not a 20-byte address");
                Convert.FromHexString(hex, word[12..], out _, out _);
                break;
            case "bool":
                word[31] = value is true ? (byte)1 : (byte)0;
                break;
            case "bytes32":
                var bytes = value as byte[] ?? [];
                if (bytes.Length > 32) throw new ArgumentException("a bytes32 input is longer than 32 bytes");
                bytes.CopyTo(word);
                break;
            default:
                var number = value switch
                {
                    BigInteger b => b,
                    null => BigInteger.Zero,
                    _ => new BigInteger(Convert.ToDecimal(value, CultureInfo.InvariantCulture)),
                };
                bool negative = number.Sign < 0;
                int length = number.GetByteCount(isUnsigned: !negative);
                if (length > 32) throw new ArgumentException($"{number} does not fit a 256-bit word");
                if (negative) word.Fill(0xFF); // two's complement: sign-extend to 256 bits
                number.TryWriteBytes(word[(32 - length)..], out _, isUnsigned: !negative, isBigEndian: true);
                break;
        }
    }
}
