using System.Net;

namespace ExposureWeb.Engine.Alerts.Delivery;

/// <summary>One entry of <see cref="AlertDeliveryOptions.WebhookAllowList"/>: a host name, or an address range (a single address is a /32 or /128).</summary>
public sealed record WebhookAllowListEntry
{
    private WebhookAllowListEntry(string? host, IPNetwork? network)
    {
        Host = host;
        Network = network;
    }

    /// <summary>The host name, lowercase without a trailing dot; null for an address entry.</summary>
    public string? Host { get; }

    /// <summary>The address range; null for a host entry.</summary>
    public IPNetwork? Network { get; }

    /// <summary>Reads an entry: <c>10.0.0.0/8</c>, <c>127.0.0.1</c>, <c>::1</c>, <c>[::1]</c> or <c>hooks.internal</c>.</summary>
    public static bool TryParse(string? text, out WebhookAllowListEntry entry)
    {
        entry = null!;
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
            return false;
        if (trimmed.Contains('/'))
        {
            // "10.0.0.1/8" is refused rather than widened to 10.0.0.0/8: the operator may have meant 10.0.0.1/32.
            if (IPNetwork.TryParse(trimmed, out var network) is false
                || IPAddress.TryParse(trimmed[..trimmed.IndexOf('/')], out var written) is false
                || written.Equals(network.BaseAddress) is false)
                return false;
            entry = new WebhookAllowListEntry(null, network);
            return true;
        }
        if (IPAddress.TryParse(trimmed.Trim('[', ']'), out var address))
        {
            address = WebhookUrlGuard.Unmap(address);
            entry = new WebhookAllowListEntry(null, new IPNetwork(address, address.GetAddressBytes().Length * 8));
            return true;
        }
        if (Uri.CheckHostName(trimmed) is not UriHostNameType.Dns)
            return false;
        entry = new WebhookAllowListEntry(WebhookUrlGuard.NormalizeHost(trimmed), null);
        return true;
    }

    /// <summary>Whether this entry names <paramref name="normalizedHost"/> or contains <paramref name="address"/>.</summary>
    public bool Matches(string? normalizedHost, IPAddress? address) =>
        Host is not null
            ? normalizedHost == Host
            : address is not null && Network!.Value.Contains(address);
}
