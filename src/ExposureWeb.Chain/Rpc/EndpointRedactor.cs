using System.Text;

namespace ExposureWeb.Chain.Rpc;

/// <summary>
/// Renders an RPC endpoint URL for messages and logs without the credentials providers embed in it.
/// </summary>
/// <remarks>
/// Userinfo and the query string are always replaced by <c>***</c>. Providers such as Infura and Alchemy also put
/// the API key in the path (<c>/v3/&lt;32 hex&gt;</c>), so any path segment of 20 or more token characters is
/// redacted too; that is a heuristic, chosen because leaking a key into a log is worse than a less precise URL.
/// </remarks>
public static class EndpointRedactor
{
    private const int KeyLikeSegmentLength = 20;

    /// <summary>Returns the URL with credentials redacted, e.g. <c>https://***@host/v3/***?***</c>.</summary>
    public static string Redact(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!endpoint.IsAbsoluteUri)
        {
            return "(relative URL)";
        }

        var sb = new StringBuilder();
        sb.Append(endpoint.Scheme).Append("://");
        if (!string.IsNullOrEmpty(endpoint.UserInfo))
        {
            sb.Append("***@");
        }

        sb.Append(endpoint.IsDefaultPort ? endpoint.Host : $"{endpoint.Host}:{endpoint.Port}");

        string[] segments = endpoint.AbsolutePath.Split('/');
        sb.Append(string.Join('/', segments.Select(s => IsKeyLike(s) ? "***" : s)));

        if (!string.IsNullOrEmpty(endpoint.Query))
        {
            sb.Append("?***");
        }

        return sb.ToString();
    }

    private static bool IsKeyLike(string segment) =>
        segment.Length >= KeyLikeSegmentLength && segment.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '%');
}
