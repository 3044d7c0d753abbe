using System.Net;
using ExposureWeb.Auth;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Hosting;

public static class ProxyExtensions
{
    /// <summary>Host names that always reach the app: this machine's own.</summary>
    private static readonly string[] LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    /// <summary>
    /// Where the app is reached and through what: its public origin (<see cref="AppOrigin"/>), the hosts it answers to
    /// (that origin's and loopback's), and the reverse proxies whose forwarding headers are believed (<see cref="ProxyOptions"/>).
    /// </summary>
    public static WebApplicationBuilder AddExposureProxy(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ProxyOptions>().Bind(builder.Configuration.GetSection(ProxyOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AuthOptions>, PublicOriginValidation>();
        builder.Services.AddSingleton<AppOrigin>();
        builder.Services.AddHostedService<AppOriginCheck>();

        // Runs after the web host's own PostConfigure, which fills AllowedHosts from configuration ("*" in appsettings.json).
        builder.Services.AddOptions<HostFilteringOptions>().PostConfigure<IOptions<AuthOptions>>((o, auth) =>
        {
            o.AllowedHosts = AllowedHosts(auth.Value.PublicOrigin, o.AllowedHosts);
            // An HTTP/1.0 request may omit Host; nothing here can be answered without knowing which site was asked for.
            o.AllowEmptyHosts = false;
        });
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>, IOptions<HostFilteringOptions>>((o, proxy, hosts) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // The framework trusts loopback by default; here only what is configured, so a proxy is trusted by decision.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var address in proxy.Value.KnownProxies) o.KnownProxies.Add(IPAddress.Parse(address));
            foreach (var network in proxy.Value.KnownNetworks) o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            // Every hop that is a known proxy is peeled off; the first address that is not one is the client.
            o.ForwardLimit = null;
            o.AllowedHosts = hosts.Value.AllowedHosts;
        });
        // The session cookie already follows the request's scheme; the antiforgery cookie does too, so both are Secure
        // when a known proxy says the browser came over HTTPS.
        builder.Services.Configure<AntiforgeryOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        return builder;
    }

    /// <summary>Applies the known proxies' forwarding headers; first in the pipeline, so everything after sees the real client.</summary>
    public static WebApplication UseExposureProxy(this WebApplication app)
    {
        app.UseForwardedHeaders();
        return app;
    }

    /// <summary>
    /// The public origin's host and loopback's, plus hosts configured in <c>AllowedHosts</c> (e.g. the address a load
    /// balancer's health check uses); its <c>*</c> is dropped: a Host header is no longer believed just because it came.
    /// </summary>
    public static IList<string> AllowedHosts(string? publicOrigin, IEnumerable<string> configured)
    {
        var hosts = new List<string>(LoopbackHosts);
        if (Uri.TryCreate(publicOrigin, UriKind.Absolute, out var origin)) hosts.Add(origin.Host);
        hosts.AddRange(configured.Where(h => h != "*"));
        return hosts.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }
}
