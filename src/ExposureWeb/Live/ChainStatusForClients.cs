using System.Globalization;
using System.Text.RegularExpressions;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.Engine.Snapshots;

namespace ExposureWeb.Live;

/// <summary>
/// A chain's status as clients get it: without the RPC endpoint, and with the node addresses in the error replaced by
/// their place in the chain profile ("#1", "#2"; the WebSocket URL as "the WebSocket endpoint"). The addresses of the
/// app's nodes are the operator's business (and the log's), not every signed-in user's.
/// </summary>
public static partial class ChainStatusForClients
{
    public const string HiddenAddress = "(address hidden)";

    public static ChainStatus? Redact(ChainStatus? status, ChainRegistry chains)
    {
        if (status is null) return null;
        chains.TryGet(status.ChainName, out var profile);
        return status with { RpcEndpoint = null, Error = status.Error is { } error ? RedactText(error, profile) : null };
    }

    /// <summary>Replaces the profile's endpoints in <paramref name="text"/> by their numbers, and any other URL by <see cref="HiddenAddress"/>.</summary>
    public static string RedactText(string text, ChainProfile? profile)
    {
        var names = new List<(string Shown, string Label)>();
        if (profile is not null)
        {
            for (var i = 0; i < profile.RpcUrls.Count; i++) names.AddRange(Forms(profile.RpcUrls[i], $"#{i + 1}"));
            if (profile.WsUrl is { } ws) names.AddRange(Forms(ws, "the WebSocket endpoint"));
        }
        // Longest first, so an endpoint that is a prefix of another does not cut it in two.
        foreach (var (shown, label) in names.OrderByDescending(n => n.Shown.Length)) text = text.Replace(shown, label, StringComparison.OrdinalIgnoreCase);
        return UrlRegex().Replace(text, HiddenAddress);
    }

    // The forms an endpoint appears in within messages: as configured, redacted (what the transports print), and as the
    // host and port a socket error names ("Connection refused (10.0.0.5:8545)").
    private static IEnumerable<(string, string)> Forms(string url, string label)
    {
        yield return (url, label);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) yield break;
        yield return (EndpointRedactor.Redact(uri), label);
        yield return (string.Create(CultureInfo.InvariantCulture, $"{uri.Host}:{uri.Port}"), label);
    }

    [GeneratedRegex(@"\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s;,)]+")]
    private static partial Regex UrlRegex();
}
