using System.Globalization;

namespace ExposureWeb.Chain.Abi;

/// <summary>
/// Recursive-descent parser for ABI type strings and human-readable signatures
/// (<c>function balanceOf(address owner) view returns (uint256)</c>, <c>event Transfer(address indexed from, ...)</c>).
/// </summary>
internal sealed class AbiSignatureParser
{
    private static readonly HashSet<string> FunctionModifiers =
        ["view", "pure", "payable", "nonpayable", "external", "public", "internal", "private"];

    private static readonly HashSet<string> DataLocations = ["memory", "calldata", "storage"];

    private readonly string _text;
    private readonly bool _allowNames;
    private int _pos;

    private AbiSignatureParser(string text, bool allowNames)
    {
        _text = text;
        _allowNames = allowNames;
    }

    internal sealed record Signature(
        string Name,
        IReadOnlyList<AbiParameter> Inputs,
        IReadOnlyList<AbiParameter>? Outputs,
        bool Anonymous);

    /// <summary>Parses a bare type string; parameter names are not allowed here.</summary>
    public static AbiType ParseType(string text)
    {
        var parser = new AbiSignatureParser(text, allowNames: false);
        parser.SkipWhitespace();
        AbiType type = parser.ParseTypeAt(depth: 0);
        parser.SkipWhitespace();
        parser.ExpectEnd();
        return type;
    }

    /// <summary>Parses "t1,t2,..." (no surrounding parentheses).</summary>
    public static IReadOnlyList<AbiType> ParseTypeList(string text)
    {
        var parser = new AbiSignatureParser(text, allowNames: false);
        var types = new List<AbiType>();
        parser.SkipWhitespace();
        if (parser.AtEnd)
        {
            return types;
        }

        while (true)
        {
            types.Add(parser.ParseTypeAt(depth: 0));
            parser.SkipWhitespace();
            if (parser.AtEnd)
            {
                return types;
            }

            parser.Expect(',');
            parser.SkipWhitespace();
        }
    }

    /// <summary>Parses a function signature with optional modifiers and <c>returns (...)</c>.</summary>
    public static Signature ParseFunction(string text) => new AbiSignatureParser(text, allowNames: true).ParseSignature(isEvent: false);

    /// <summary>Parses an event signature with optional <c>indexed</c> markers and <c>anonymous</c>.</summary>
    public static Signature ParseEvent(string text) => new AbiSignatureParser(text, allowNames: true).ParseSignature(isEvent: true);

    private bool AtEnd => _pos >= _text.Length;

    private char Peek => _pos < _text.Length ? _text[_pos] : '\0';

    private Signature ParseSignature(bool isEvent)
    {
        string keyword = isEvent ? "event" : "function";
        SkipWhitespace();
        int start = _pos;
        string first = ReadIdentifier();
        string name = first;
        if (first == keyword && (char.IsWhiteSpace(Peek) || Peek == '\0'))
        {
            SkipWhitespace();
            start = _pos;
            name = ReadIdentifier();
        }

        if (name.Length == 0)
        {
            throw Error($"expected a {keyword} name", start);
        }

        SkipWhitespace();
        IReadOnlyList<AbiParameter> inputs = ParseParameterList(depth: 0, allowIndexed: isEvent);
        IReadOnlyList<AbiParameter>? outputs = null;
        bool anonymous = false;
        while (true)
        {
            SkipWhitespace();
            if (AtEnd)
            {
                break;
            }

            int wordStart = _pos;
            string word = ReadIdentifier();
            if (!isEvent && word == "returns" && outputs is null)
            {
                SkipWhitespace();
                outputs = ParseParameterList(depth: 0, allowIndexed: false);
            }
            else if (!isEvent && FunctionModifiers.Contains(word) && outputs is null)
            {
                // Accepted so signatures can be pasted from Solidity or ethers' human-readable ABI.
            }
            else if (isEvent && word == "anonymous" && !anonymous)
            {
                anonymous = true;
            }
            else
            {
                throw Error(word.Length == 0 ? $"unexpected character '{Peek}'" : $"unexpected '{word}'", wordStart);
            }
        }

        return new Signature(name, inputs, outputs, anonymous);
    }

    private List<AbiParameter> ParseParameterList(int depth, bool allowIndexed)
    {
        Expect('(');
        var parameters = new List<AbiParameter>();
        SkipWhitespace();
        if (Peek == ')')
        {
            _pos++;
            return parameters;
        }

        while (true)
        {
            SkipWhitespace();
            parameters.Add(ParseParameter(depth, allowIndexed));
            SkipWhitespace();
            if (Peek == ',')
            {
                _pos++;
                continue;
            }

            Expect(')');
            return parameters;
        }
    }

    private AbiParameter ParseParameter(int depth, bool allowIndexed)
    {
        AbiType type = ParseTypeAt(depth);
        bool indexed = false;
        string name = "";
        while (_allowNames)
        {
            SkipWhitespace();
            if (!IsIdentifierStart(Peek))
            {
                break;
            }

            int wordStart = _pos;
            string word = ReadIdentifier();
            if (name.Length > 0)
            {
                throw Error($"unexpected '{word}' after parameter name '{name}'", wordStart);
            }

            if (word == "indexed" && allowIndexed && !indexed)
            {
                indexed = true;
            }
            else if (DataLocations.Contains(word) && !indexed)
            {
                // Data locations do not affect the ABI.
            }
            else
            {
                name = word;
            }
        }

        return new AbiParameter(name, type, indexed);
    }

    private AbiType ParseTypeAt(int depth)
    {
        if (depth >= AbiType.MaxNestingDepth)
        {
            throw Error($"type nests arrays/tuples deeper than {AbiType.MaxNestingDepth} levels", _pos);
        }

        int start = _pos;
        AbiType type;
        if (Peek == '(')
        {
            type = ParseTuple(depth, start);
        }
        else
        {
            string word = ReadIdentifier();
            if (word == "tuple" && Peek == '(')
            {
                type = ParseTuple(depth, start);
            }
            else
            {
                type = ParseElementary(word, start);
            }
        }

        while (SkipWhitespaceBefore('['))
        {
            int bracket = _pos;
            _pos++;
            SkipWhitespace();
            int digitsStart = _pos;
            while (char.IsAsciiDigit(Peek))
            {
                _pos++;
            }

            string digits = _text[digitsStart.._pos];
            SkipWhitespace();
            Expect(']');
            if (digits.Length == 0)
            {
                AbiType element = type;
                type = Wrap(() => AbiType.ArrayOf(element), bracket);
                continue;
            }

            if ((digits.Length > 1 && digits[0] == '0') || digits.Length > 9)
            {
                throw Error($"invalid fixed array length '{digits}'", digitsStart);
            }

            int length = int.Parse(digits, CultureInfo.InvariantCulture);
            if (length == 0)
            {
                throw Error("fixed array length must be at least 1", digitsStart);
            }

            AbiType inner = type;
            type = Wrap(() => AbiType.FixedArrayOf(inner, length), bracket);
        }

        return type;
    }

    private AbiType ParseTuple(int depth, int start)
    {
        List<AbiParameter> components = ParseParameterList(depth + 1, allowIndexed: false);
        if (components.Count == 0)
        {
            throw Error("empty tuple '()' is not a valid ABI type", start);
        }

        return Wrap(() => AbiType.Tuple(components.Select(p => p.Type).ToArray()), start);
    }

    private AbiType ParseElementary(string word, int start)
    {
        switch (word)
        {
            case "":
                throw Error(AtEnd ? "expected a type but reached the end" : $"expected a type but found '{Peek}'", start);
            case "address":
                return AbiType.Address;
            case "bool":
                return AbiType.Bool;
            case "string":
                return AbiType.String;
            case "bytes":
                return AbiType.Bytes;
            case "uint":
                return AbiType.UInt256;
            case "int":
                return AbiType.Int256;
        }

        if (word.StartsWith("uint", StringComparison.Ordinal) || word.StartsWith("int", StringComparison.Ordinal))
        {
            bool unsigned = word[0] == 'u';
            int? bits = ParseSuffix(word, unsigned ? 4 : 3);
            if (bits is not int n || n < 8 || n > 256 || n % 8 != 0)
            {
                throw Error($"invalid integer type '{word}': width must be a multiple of 8 between 8 and 256", start);
            }

            return unsigned ? AbiType.UInt(n) : AbiType.Int(n);
        }

        if (word.StartsWith("bytes", StringComparison.Ordinal))
        {
            int? length = ParseSuffix(word, 5);
            if (length is not int n || n < 1 || n > 32)
            {
                throw Error($"invalid fixed bytes type '{word}': bytesN requires 1 <= N <= 32", start);
            }

            return AbiType.FixedBytes(n);
        }

        if (word.StartsWith("fixed", StringComparison.Ordinal) || word.StartsWith("ufixed", StringComparison.Ordinal) || word == "function")
        {
            throw Error($"type '{word}' is not supported", start);
        }

        throw Error($"unknown type '{word}'", start);
    }

    /// <summary>Parses the decimal suffix after <paramref name="prefixLength"/> characters; null unless canonical digits.</summary>
    private static int? ParseSuffix(string word, int prefixLength)
    {
        ReadOnlySpan<char> digits = word.AsSpan(prefixLength);
        if (digits.Length is 0 or > 3 || digits[0] == '0')
        {
            return null;
        }

        foreach (char c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return null;
            }
        }

        return int.Parse(digits, CultureInfo.InvariantCulture);
    }

    private AbiType Wrap(Func<AbiType> create, int position)
    {
        try
        {
            return create();
        }
        catch (ArgumentException ex)
        {
            // Only size and depth limits reach here; widths and lengths are validated before the factories are called.
            throw Error(ex.Message, position);
        }
    }

    private string ReadIdentifier()
    {
        int start = _pos;
        if (!IsIdentifierStart(Peek))
        {
            return "";
        }

        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] is '_' or '$'))
        {
            _pos++;
        }

        return _text[start.._pos];
    }

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c is '_' or '$';

    /// <summary>Skips whitespace only if <paramref name="next"/> follows it, so a parameter name after a type stays unread.</summary>
    private bool SkipWhitespaceBefore(char next)
    {
        int saved = _pos;
        SkipWhitespace();
        if (Peek == next)
        {
            return true;
        }

        _pos = saved;
        return false;
    }

    private void SkipWhitespace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
        {
            _pos++;
        }
    }

    private void Expect(char expected)
    {
        if (Peek != expected)
        {
            throw Error(AtEnd ? $"expected '{expected}' but reached the end" : $"expected '{expected}' but found '{Peek}'", _pos);
        }

        _pos++;
    }

    private void ExpectEnd()
    {
        if (!AtEnd)
        {
            throw Error($"unexpected '{Peek}'", _pos);
        }
    }

    private FormatException Error(string reason, int position) =>
        new($"invalid ABI type or signature '{_text}': {reason} (at position {position})");
}
