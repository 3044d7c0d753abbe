using System.Globalization;
using System.Net;

namespace ExposureWeb.Hosting;

/// <summary>
/// Who the client really is, once the known proxies' forwarding headers have been applied (<see cref="ProxyExtensions"/>):
/// the loopback-only features and the sign-in rate limit decide on this, not on the proxy's own address.
/// </summary>
public static class ClientAddress
{
    // Headers a proxy adds. The forwarded-headers middleware removes the ones it applied; any left over came from a
    // proxy that is not configured as known, so the peer is a relay and its client is somebody else.
    private static readonly string[] RelayHeaders = ["X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "Forwarded", "X-Real-IP"];

    /// <summary>
    /// Whether the request comes from this machine itself: its client address is loopback and it was not relayed by a
    /// proxy. A reverse proxy on this machine that is not listed in <c>Proxy:KnownProxies</c> still connects from
    /// loopback, but leaves its X-Forwarded-For behind, so its clients are not taken for this machine.
    /// </summary>
    public static bool IsThisMachine(HttpContext http) =>
        IsLoopback(http.Connection.RemoteIpAddress) && !RelayHeaders.Any(h => http.Request.Headers.ContainsKey(h));

    public static bool IsLoopback(IPAddress? address) => address is not null && IPAddress.IsLoopback(Unmapped(address));

    /// <summary>
    /// The key the sign-in rate limit counts under: an IPv4 address as it is, an IPv6 address by its /64, the
    /// smallest block one subscriber is usually given (one host can pick any address within it).
    /// </summary>
    public static string RateLimitKey(IPAddress? address)
    {
        if (address is null) return "unknown";
        address = Unmapped(address);
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return string.Create(CultureInfo.InvariantCulture, $"{new IPAddress(bytes)}/64");
    }

    private static IPAddress Unmapped(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
