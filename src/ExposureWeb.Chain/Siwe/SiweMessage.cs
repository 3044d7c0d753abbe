using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ExposureWeb.Chain.Primitives;

namespace ExposureWeb.Chain.Siwe;

/// <summary>A Sign-In with Ethereum message could not be parsed; names the line (1-based) and the field.</summary>
public sealed class SiweFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public SiweFormatException(int line, string field, string reason)
        : base($"SIWE message line {line} ({field}): {reason}")
    {
        Line = line;
        Field = field;
        Reason = reason;
    }

    /// <summary>1-based line number of the offending line.</summary>
    public int Line { get; }

    /// <summary>The field that was expected or malformed, e.g. "Nonce".</summary>
    public string Field { get; }

    /// <summary>What is wrong, without the position.</summary>
    public string Reason { get; }
}

/// <summary>
/// An EIP-4361 (Sign-In with Ethereum) message: <see cref="Build"/> renders the exact text a wallet signs and
/// <see cref="Parse"/> reads it back strictly (Build(Parse(x)) == x for canonically formatted messages).
/// </summary>
/// <remarks>
/// Timestamps are RFC 3339 and are rendered in UTC with a "Z" suffix when their offset is zero, otherwise with
/// their offset; fractional seconds are rendered without trailing zeros. A message whose timestamps are written
/// differently still parses, and a verifier always hashes the original text, never a rebuilt one.
/// </remarks>
public sealed partial record SiweMessage
{
    /// <summary>Text after the domain on the first line.</summary>
    public const string Preamble = " wants you to sign in with your Ethereum account:";

    /// <summary>Optional URI scheme before the domain ("https" in "https://example.com wants you…").</summary>
    public string? Scheme { get; init; }

    /// <summary>RFC 3986 authority requesting the sign-in (host and optional port).</summary>
    public required string Domain { get; init; }

    /// <summary>The account signing in; rendered in EIP-55 form.</summary>
    public required Address Address { get; init; }

    /// <summary>Optional human-readable statement (one line).</summary>
    public string? Statement { get; init; }

    /// <summary>RFC 3986 URI of the resource that is the subject of the signing.</summary>
    public required string Uri { get; init; }

    /// <summary>Always "1".</summary>
    public string Version { get; init; } = "1";

    /// <summary>EIP-155 chain id the session is bound to.</summary>
    public required ulong ChainId { get; init; }

    /// <summary>Server-issued random nonce (at least 8 ASCII letters or digits).</summary>
    public required string Nonce { get; init; }

    /// <summary>When the message was created.</summary>
    public required DateTimeOffset IssuedAt { get; init; }

    /// <summary>After this instant the message is no longer valid.</summary>
    public DateTimeOffset? ExpirationTime { get; init; }

    /// <summary>Before this instant the message is not yet valid.</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>Optional system-specific request identifier.</summary>
    public string? RequestId { get; init; }

    /// <summary>Resources (URIs) the user wishes to have resolved as part of authentication.</summary>
    public IReadOnlyList<string> Resources { get; init; } = [];

    /// <summary>Renders the exact EIP-4361 text; validates the fields first.</summary>
    /// <exception cref="ArgumentException">A field is invalid (same rules as <see cref="Parse"/>).</exception>
    public string Build()
    {
        string? error = ValidateFields();
        if (error is not null)
        {
            throw new ArgumentException(error);
        }

        var sb = new StringBuilder();
        if (Scheme is not null)
        {
            sb.Append(Scheme).Append("://");
        }

        sb.Append(Domain).Append(Preamble).Append('\n');
        sb.Append(Address.ToString()).Append('\n');
        sb.Append('\n');
        if (Statement is not null)
        {
            sb.Append(Statement).Append('\n');
        }

        sb.Append('\n');
        sb.Append("URI: ").Append(Uri).Append('\n');
        sb.Append("Version: ").Append(Version).Append('\n');
        sb.Append("Chain ID: ").Append(ChainId.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("Nonce: ").Append(Nonce).Append('\n');
        sb.Append("Issued At: ").Append(FormatTimestamp(IssuedAt));
        if (ExpirationTime is { } exp)
        {
            sb.Append("\nExpiration Time: ").Append(FormatTimestamp(exp));
        }

        if (NotBefore is { } nbf)
        {
            sb.Append("\nNot Before: ").Append(FormatTimestamp(nbf));
        }

        if (RequestId is not null)
        {
            sb.Append("\nRequest ID: ").Append(RequestId);
        }

        if (Resources.Count > 0)
        {
            sb.Append("\nResources:");
            foreach (string resource in Resources)
            {
                sb.Append("\n- ").Append(resource);
            }
        }

        return sb.ToString();
    }

    /// <summary>Parses EIP-4361 text strictly.</summary>
    /// <exception cref="SiweFormatException">The text is not a well-formed message; names the line and field.</exception>
    public static SiweMessage Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new Parser(text).Run();
    }

    /// <summary>Parses EIP-4361 text; on failure <paramref name="error"/> names the line and field.</summary>
    public static bool TryParse(string? text, out SiweMessage? message, out SiweFormatException? error)
    {
        message = null;
        error = null;
        if (text is null)
        {
            error = new SiweFormatException(1, "message", "message is null");
            return false;
        }

        try
        {
            message = new Parser(text).Run();
            return true;
        }
        catch (SiweFormatException e)
        {
            error = e;
            return false;
        }
    }

    /// <summary>Renders a timestamp as RFC 3339 ("2026-11-23T20:00:00Z").</summary>
    public static string FormatTimestamp(DateTimeOffset value) => value.Offset == TimeSpan.Zero
        ? value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)
        : value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    /// <summary>True when <paramref name="nonce"/> is at least 8 ASCII letters or digits.</summary>
    public static bool IsValidNonce(string? nonce) => nonce is not null && NonceRegex().IsMatch(nonce);

    private string? ValidateFields()
    {
        if (Scheme is not null && !SchemeRegex().IsMatch(Scheme))
        {
            return $"scheme '{Scheme}' is not a URI scheme";
        }

        if (!IsValidDomain(Domain))
        {
            return $"domain '{Domain}' is not an RFC 3986 authority";
        }

        if (Statement is not null && Statement.Contains('\n', StringComparison.Ordinal))
        {
            return "statement must be a single line";
        }

        if (!IsValidUri(Uri))
        {
            return $"URI '{Uri}' is not an absolute RFC 3986 URI";
        }

        if (Version != "1")
        {
            return $"version must be 1, got '{Version}'";
        }

        if (!IsValidNonce(Nonce))
        {
            return "nonce must be at least 8 ASCII letters or digits";
        }

        if (RequestId is not null && (RequestId.Contains('\n', StringComparison.Ordinal) || RequestId.Contains('\r', StringComparison.Ordinal)))
        {
            return "request id must be a single line";
        }

        foreach (string resource in Resources)
        {
            if (!IsValidUri(resource))
            {
                return $"resource '{resource}' is not an absolute RFC 3986 URI";
            }
        }

        return null;
    }

    private static bool IsValidDomain(string? domain) =>
        !string.IsNullOrEmpty(domain) && DomainRegex().IsMatch(domain);

    private static bool IsValidUri(string? uri) =>
        !string.IsNullOrEmpty(uri) && !uri.Any(char.IsWhiteSpace) && System.Uri.TryCreate(uri, UriKind.Absolute, out _);

    private static bool TryParseTimestamp(string text, out DateTimeOffset value)
    {
        value = default;
        return TimestampRegex().IsMatch(text) && DateTimeOffset.TryParse(
            text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out value);
    }

    [GeneratedRegex("^[A-Za-z0-9]{8,}$")]
    private static partial Regex NonceRegex();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*$")]
    private static partial Regex SchemeRegex();

    // userinfo@host:port, host a reg-name, IPv4 or [IPv6]; no path, query, fragment or whitespace.
    [GeneratedRegex(@"^([A-Za-z0-9\-._~!$&'()*+,;=:%]*@)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~!$&'()*+,;=%]+)(:[0-9]*)?$")]
    private static partial Regex DomainRegex();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex TimestampRegex();

    private sealed class Parser(string text)
    {
        private readonly string[] _lines = text.Split('\n');
        private int _index;

        private int _errorLine = 1;

        public SiweMessage Run()
        {
            if (text.Contains('\r', StringComparison.Ordinal))
            {
                int crLine = text[..text.IndexOf('\r', StringComparison.Ordinal)].Count(c => c == '\n') + 1;
                throw new SiweFormatException(crLine, "line ending", "lines must end with LF, not CR LF");
            }

            // Line 1: [scheme "://"] domain " wants you to sign in with your Ethereum account:"
            string first = Next("domain");
            if (!first.EndsWith(Preamble, StringComparison.Ordinal))
            {
                throw Error("domain", $"expected '<domain>{Preamble}'");
            }

            string authority = first[..^Preamble.Length];
            string? scheme = null;
            int schemeEnd = authority.IndexOf("://", StringComparison.Ordinal);
            if (schemeEnd >= 0)
            {
                scheme = authority[..schemeEnd];
                authority = authority[(schemeEnd + 3)..];
                if (!SchemeRegex().IsMatch(scheme))
                {
                    throw Error("scheme", $"'{scheme}' is not a URI scheme");
                }
            }

            if (!IsValidDomain(authority))
            {
                throw Error("domain", $"'{authority}' is not an RFC 3986 authority (host[:port])");
            }

            // Line 2: EIP-55 address.
            string addressText = Next("address");
            if (!Address.TryParse(addressText, out Address address, out string? addressError))
            {
                throw Error("address", addressError ?? "invalid address");
            }

            if (addressText != address.ToString())
            {
                throw Error("address", $"must be in EIP-55 checksummed form ({address})");
            }

            // Empty line, optional statement line, empty line.
            if (Next("empty line") != string.Empty)
            {
                throw Error("empty line", "expected an empty line after the address");
            }

            string? statement = null;
            string afterBlank = Peek("statement");
            if (afterBlank.Length > 0)
            {
                if (afterBlank.StartsWith("URI: ", StringComparison.Ordinal))
                {
                    throw Error("statement", "expected an empty line before 'URI:' (two empty lines when there is no statement)");
                }

                statement = Next("statement");
            }

            if (Next("empty line") != string.Empty)
            {
                throw Error("empty line", "expected an empty line after the statement");
            }

            string uri = Field("URI");
            if (!IsValidUri(uri))
            {
                throw Error("URI", $"'{uri}' is not an absolute RFC 3986 URI");
            }

            string version = Field("Version");
            if (version != "1")
            {
                throw Error("Version", $"must be 1, got '{version}'");
            }

            string chainText = Field("Chain ID");
            if (chainText.Length == 0 || !chainText.All(char.IsAsciiDigit)
                || (chainText.Length > 1 && chainText[0] == '0')
                || !ulong.TryParse(chainText, NumberStyles.None, CultureInfo.InvariantCulture, out ulong chainId))
            {
                throw Error("Chain ID", $"'{chainText}' is not a decimal chain id");
            }

            string nonce = Field("Nonce");
            if (!IsValidNonce(nonce))
            {
                throw Error("Nonce", "must be at least 8 ASCII letters or digits");
            }

            DateTimeOffset issuedAt = Timestamp(Field("Issued At"), "Issued At");

            DateTimeOffset? expiration = OptionalField("Expiration Time") is { } expText ? Timestamp(expText, "Expiration Time") : null;
            DateTimeOffset? notBefore = OptionalField("Not Before") is { } nbfText ? Timestamp(nbfText, "Not Before") : null;
            string? requestId = OptionalField("Request ID");

            var resources = new List<string>();
            if (_index < _lines.Length && _lines[_index] == "Resources:")
            {
                _index++;
                while (_index < _lines.Length && _lines[_index].StartsWith("- ", StringComparison.Ordinal))
                {
                    _errorLine = _index + 1;
                    string resource = _lines[_index][2..];
                    if (!IsValidUri(resource))
                    {
                        throw Error("Resources", $"'{resource}' is not an absolute RFC 3986 URI");
                    }

                    resources.Add(resource);
                    _index++;
                }

                if (resources.Count == 0)
                {
                    _errorLine = _index;
                    throw Error("Resources", "expected at least one '- <uri>' line");
                }
            }

            if (_index < _lines.Length)
            {
                _errorLine = _index + 1;
                string extra = _lines[_index];
                string field = extra.Contains(": ", StringComparison.Ordinal) ? extra[..extra.IndexOf(": ", StringComparison.Ordinal)] : "end of message";
                throw Error(field, _lines[_index].Length == 0
                    ? "unexpected empty line (no trailing newline is allowed)"
                    : $"unexpected line '{Truncate(extra)}' (optional fields come in the order Expiration Time, Not Before, Request ID, Resources)");
            }

            return new SiweMessage
            {
                Scheme = scheme,
                Domain = authority,
                Address = address,
                Statement = statement,
                Uri = uri,
                Version = version,
                ChainId = chainId,
                Nonce = nonce,
                IssuedAt = issuedAt,
                ExpirationTime = expiration,
                NotBefore = notBefore,
                RequestId = requestId,
                Resources = resources,
            };
        }

        private string Peek(string field)
        {
            _errorLine = Math.Min(_index + 1, _lines.Length);
            return _index < _lines.Length ? _lines[_index] : throw Error(field, "message ends too early");
        }

        private string Next(string field)
        {
            string line = Peek(field);
            _index++;
            return line;
        }

        private string Field(string name)
        {
            string line = Next(name);
            string prefix = name + ": ";
            if (!line.StartsWith(prefix, StringComparison.Ordinal))
            {
                throw Error(name, $"expected '{prefix}…', got '{Truncate(line)}'");
            }

            return line[prefix.Length..];
        }

        private string? OptionalField(string name)
        {
            string prefix = name + ": ";
            if (_index < _lines.Length && _lines[_index].StartsWith(prefix, StringComparison.Ordinal))
            {
                _errorLine = _index + 1;
                return _lines[_index++][prefix.Length..];
            }

            return null;
        }

        private DateTimeOffset Timestamp(string value, string field)
        {
            if (!TryParseTimestamp(value, out DateTimeOffset parsed))
            {
                throw Error(field, $"'{value}' is not an RFC 3339 timestamp (e.g. 2026-11-23T20:00:00Z)");
            }

            return parsed;
        }

        private SiweFormatException Error(string field, string reason) => new(_errorLine, field, reason);

        private static string Truncate(string s) => s.Length <= 60 ? s : s[..60] + "…";
    }
}
