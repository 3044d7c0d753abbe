namespace ExposureWeb.Auth;

/// <summary>
/// Where a sign-in may send the user back to: a path on this site, judged after the normalisations a browser applies.
/// A browser drops tab and newline from a URL and reads <c>\</c> as <c>/</c>, so <c>/&#9;/evil.example</c> leaves
/// as <c>//evil.example</c>, another site; and a value that arrived percent-encoded may be decoded once more on its way.
/// </summary>
public static class ReturnUrls
{
    /// <summary>Longer than any page of this app; a bound so a pasted blob is not echoed back.</summary>
    public const int MaxLength = 2048;

    /// <summary>The URL when it is a local path (not the sign-in page itself), else null: the caller lands the user at home.</summary>
    public static string? Local(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Length > MaxLength) return null;
        // Decode as often as the value could be decoded again on its way: every form must be a plain local path.
        var form = url;
        for (var round = 0; ; round++)
        {
            if (!IsPlainLocalPath(form)) return null;
            var decoded = Uri.UnescapeDataString(form);
            if (decoded == form) break;
            if (round == 3) return null; // still encoded after three decodings: no link of this app looks like that
            form = decoded;
        }
        // Signing in again after signing in would be a loop.
        if (form.StartsWith(AuthEndpoints.SignInPage, StringComparison.OrdinalIgnoreCase)) return null;
        return url;
    }

    private static bool IsPlainLocalPath(string url) =>
        url.Length > 1 && url[0] == '/' && url[1] != '/'
        && !url.Contains('\\', StringComparison.Ordinal)
        && !url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c));
}
