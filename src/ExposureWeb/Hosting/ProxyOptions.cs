using System.ComponentModel.DataAnnotations;
using System.Net;

namespace ExposureWeb.Hosting;

/// <summary>
/// Reverse proxies in front of the app, section <c>Proxy</c>. Only requests arriving from one of them have their
/// <c>X-Forwarded-For</c>, <c>X-Forwarded-Proto</c> and <c>X-Forwarded-Host</c> believed; anyone else could write them.
/// </summary>
public sealed class ProxyOptions : IValidatableObject
{
    public const string Section = "Proxy";

    /// <summary>Addresses of the proxies, e.g. <c>127.0.0.1</c> for nginx on the same machine.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks the proxies are in, in CIDR form, e.g. <c>10.0.0.0/8</c> for a load balancer with changing addresses.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var proxy in KnownProxies.Where(p => !IPAddress.TryParse(p, out _)))
        {
            yield return new ValidationResult(
                $"'{proxy}' is not an IP address; list each proxy's address (e.g. 127.0.0.1 or ::1), or its network under {Section}:{nameof(KnownNetworks)}",
                [nameof(KnownProxies)]);
        }
        foreach (var network in KnownNetworks.Where(n => !IsNetwork(n)))
        {
            yield return new ValidationResult(
                $"'{network}' is not a network in CIDR form (address/prefix length with no host bits set, e.g. 10.0.0.0/8 or fd00::/8)",
                [nameof(KnownNetworks)]);
        }
    }

    /// <summary>A CIDR network whose address is the network's own: 10.0.0.1/8 is refused, it most likely means 10.0.0.0/8 but might not.</summary>
    private static bool IsNetwork(string text) =>
        IPNetwork.TryParse(text, out var network) && text.Contains('/', StringComparison.Ordinal)
        && IPAddress.TryParse(text[..text.IndexOf('/', StringComparison.Ordinal)], out var written) && network.BaseAddress.Equals(written);
}
