using System.Net;
using System.Net.Sockets;

namespace ExposureWeb.Engine.Alerts.Delivery;

/// <summary>
/// Keeps webhooks from being turned against the server's own network (SSRF): a user who can enter a webhook URL must
/// not make this server call its loopback services, the cloud metadata endpoint or hosts on the private network.
/// Checked twice: <see cref="Validate"/> when the URL is entered and before each send (syntax and literal addresses),
/// and <see cref="Check"/> on every address DNS returns, at connect time (<see cref="WebhookSender"/>), because a
/// public-looking name can resolve to a private address, and differently by the time of the request (DNS rebinding).
/// Addresses the allow-list names are let through (an internal receiver, the tests' 127.0.0.1).
/// </summary>
public sealed class WebhookUrlGuard
{
    private const string Remedy =
        "only public http(s) endpoints are allowed unless " + AlertDeliveryOptions.Section + ":WebhookAllowList names them";

    // Checked in order: the first that contains an address names its kind, so the metadata address precedes link-local.
    private static readonly (IPNetwork Network, string Kind)[] ForbiddenRanges =
    [
        (IPNetwork.Parse("169.254.169.254/32"), "cloud metadata"),
        (IPNetwork.Parse("0.0.0.0/8"), "unspecified ('this network')"),
        (IPNetwork.Parse("10.0.0.0/8"), "private"),
        (IPNetwork.Parse("100.64.0.0/10"), "shared (carrier-grade NAT)"),
        (IPNetwork.Parse("127.0.0.0/8"), "loopback"),
        (IPNetwork.Parse("169.254.0.0/16"), "link-local"),
        (IPNetwork.Parse("172.16.0.0/12"), "private"),
        (IPNetwork.Parse("192.0.0.0/24"), "reserved (IETF protocol assignments)"),
        (IPNetwork.Parse("192.168.0.0/16"), "private"),
        (IPNetwork.Parse("198.18.0.0/15"), "reserved (benchmarking)"),
        (IPNetwork.Parse("224.0.0.0/4"), "multicast"),
        (IPNetwork.Parse("240.0.0.0/4"), "reserved"),
        (IPNetwork.Parse("::/128"), "unspecified"),
        (IPNetwork.Parse("::1/128"), "loopback"),
        (IPNetwork.Parse("::/96"), "reserved (IPv4-compatible IPv6)"),
        (IPNetwork.Parse("fc00::/7"), "private (unique local)"),
        (IPNetwork.Parse("fe80::/10"), "link-local"),
        (IPNetwork.Parse("fec0::/10"), "private (site-local)"),
        (IPNetwork.Parse("ff00::/8"), "multicast"),
    ];

    // Prefixes whose addresses carry an IPv4 address a gateway may forward to: judged by that IPv4 address.
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    private readonly WebhookAllowListEntry[] _allowList;

    /// <param name="allowList">Host names, addresses and CIDR ranges allowed although private (see <see cref="AlertDeliveryOptions.WebhookAllowList"/>).</param>
    /// <exception cref="ArgumentException">An entry is not a host name, address or range.</exception>
    public WebhookUrlGuard(IEnumerable<string> allowList)
    {
        _allowList = allowList
            .Select(e => WebhookAllowListEntry.TryParse(e, out var entry)
                ? entry
                : throw new ArgumentException($"WebhookAllowList entry '{e}' is neither a host name, an address nor a CIDR range.", nameof(allowList)))
            .ToArray();
    }

    /// <summary>
    /// Why <paramref name="url"/> may not be a webhook, or null when it may: an absolute http or https URL without
    /// user info whose host is not a loopback name and not a forbidden address literal (in any of the spellings
    /// resolvers accept, e.g. <c>2130706433</c> or <c>0x7f.1</c> for 127.0.0.1), unless allow-listed. Names are only
    /// judged by what they resolve to when connecting.
    /// </summary>
    public string? Validate(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
            return "webhook URL is empty";
        // On Unix "/path" parses as an absolute file URI; it is a relative URL to whoever typed it.
        if (Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) is false
            || (uri.IsFile && url.TrimStart().StartsWith("file:", StringComparison.OrdinalIgnoreCase) is false))
            return $"webhook URL '{url}' is not an absolute URL";
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            return $"webhook URL scheme '{uri.Scheme}' is not allowed; {Remedy}";
        // Credentials in a URL end up in logs and in the Authorization header of whatever the host turns out to be.
        if (uri.UserInfo.Length > 0)
            return "webhook URL must not contain user info (user:password@); put credentials in the signature secret instead";
        var host = NormalizeHost(uri.IdnHost);
        if (host.Length == 0)
            return $"webhook URL '{url}' has no host";
        if (IsAllowListedHost(host))
            return null;
        if (IsLoopbackName(host))
            return $"webhook URL points to a loopback name ({host}); {Remedy}";
        // The resolver would read these spellings as addresses too (inet_aton: 2130706433, 0x7f.1, 0177.0.0.1).
        if (IPAddress.TryParse(host, out var address))
        {
            var kind = ForbiddenKind(address);
            if (kind is not null && IsAllowListedAddress(address) is false)
            {
                var shown = Unmap(address).ToString();
                var written = string.Equals(shown, host, StringComparison.OrdinalIgnoreCase) ? "" : $", written {host}";
                return $"webhook URL points to a {kind} address ({shown}{written}); {Remedy}";
            }
        }
        return null;
    }

    /// <summary>Whether a connection to <paramref name="address"/>, reached through <paramref name="host"/>, may be made.</summary>
    public bool IsAllowed(IPAddress address, string host) => Check(address, host) is null;

    /// <summary>Why a connection to <paramref name="address"/> (what <paramref name="host"/> resolved to) may not be made, or null when it may.</summary>
    public string? Check(IPAddress address, string host)
    {
        var normalized = NormalizeHost(host);
        if (IsAllowListedHost(normalized) || IsAllowListedAddress(address))
            return null;
        var kind = ForbiddenKind(address);
        if (kind is null)
            return null;
        return IPAddress.TryParse(normalized, out _)
            ? $"webhook URL points to a {kind} address ({Unmap(address)}); {Remedy}"
            : $"webhook host {normalized} resolved to a {kind} address ({Unmap(address)}); {Remedy}";
    }

    /// <summary>What kind of non-public address <paramref name="address"/> is ("loopback", "private", …), or null for a public one.</summary>
    public static string? ForbiddenKind(IPAddress address)
    {
        address = Unmap(address);
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (Nat64.Contains(address))
                return ForbiddenKind(new IPAddress(address.GetAddressBytes()[12..16]));
            if (SixToFour.Contains(address))
                return ForbiddenKind(new IPAddress(address.GetAddressBytes()[2..6]));
        }
        foreach (var (network, kind) in ForbiddenRanges)
        {
            if (network.BaseAddress.AddressFamily == address.AddressFamily && network.Contains(address))
                return kind;
        }
        return null;
    }

    /// <summary>The IPv4 address inside an IPv4-mapped IPv6 address (::ffff:a.b.c.d), otherwise the address itself; without a scope id.</summary>
    public static IPAddress Unmap(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            return address.MapToIPv4();
        // The scope id (fe80::1%eth0) does not change which range the address is in, and IPNetwork ignores it anyway.
        return address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0
            ? new IPAddress(address.GetAddressBytes())
            : address;
    }

    /// <summary>A host as compared: lowercase, without IPv6 brackets or the trailing dot of a fully qualified name.</summary>
    public static string NormalizeHost(string host) => host.Trim().Trim('[', ']').TrimEnd('.').ToLowerInvariant();

    private static bool IsLoopbackName(string host) =>
        host == "localhost" || host.EndsWith(".localhost", StringComparison.Ordinal) || host == "localhost.localdomain";

    private bool IsAllowListedHost(string normalizedHost) =>
        _allowList.Any(e => e.Host is not null && e.Matches(normalizedHost, null));

    private bool IsAllowListedAddress(IPAddress address)
    {
        var unmapped = Unmap(address);
        return _allowList.Any(e => e.Network is not null && e.Matches(null, unmapped));
    }
}
