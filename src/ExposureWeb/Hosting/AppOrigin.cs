using ExposureWeb.Auth;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Hosting;

/// <summary>
/// The origin users reach the app at: <c>Auth:PublicOrigin</c>, or, when that is unset and the app listens on loopback
/// only, the address it listens on. Never a request's Host header: the SIWE domain and URI come from here, so a site
/// that relays requests under its own name still gets messages naming this one, which the wallet shows.
/// </summary>
public sealed class AppOrigin
{
    private readonly Lazy<Uri> _origin;

    public AppOrigin(IServer server, IOptions<AuthOptions> auth, IConfiguration configuration) =>
        // Resolved on first use: Kestrel knows the port it bound (a configured port 0) only once it has started.
        _origin = new Lazy<Uri>(() => Resolve(auth.Value.PublicOrigin, ListeningAddresses(server, configuration)));

    public Uri Value => _origin.Value;

    /// <summary>The SIWE domain: host, and port unless it is the scheme's default.</summary>
    public string Domain => Value.Authority;

    /// <summary>The SIWE URI: scheme, host and port.</summary>
    public string Uri => Value.GetLeftPart(UriPartial.Authority);

    /// <summary>
    /// The configured origin; else the first address the app listens on, when every one is loopback; else a refusal that
    /// says what to set: on the network, nothing but configuration can say which name users are meant to see.
    /// </summary>
    public static Uri Resolve(string? publicOrigin, IReadOnlyList<string> listening)
    {
        if (!string.IsNullOrWhiteSpace(publicOrigin)) return new Uri(new Uri(publicOrigin).GetLeftPart(UriPartial.Authority));
        var beyond = listening.Where(a => !IsLoopbackUrl(a)).ToList();
        if (beyond.Count > 0)
        {
            throw new InvalidOperationException(
                $"the app listens on {string.Join(", ", beyond)}, beyond this machine, but {AuthOptions.Section}:{nameof(AuthOptions.PublicOrigin)} is not set. "
                + "Set it to the address users open the app at (e.g. Auth__PublicOrigin=https://exposure.example.com): sign-in messages name that origin, "
                + "and requests for any other host are refused. To keep the app on this machine instead, listen on loopback (--urls http://127.0.0.1:5000).");
        }
        return new Uri(new Uri(listening.Count > 0 ? listening[0] : LoopbackDefaults.DefaultUrl).GetLeftPart(UriPartial.Authority));
    }

    /// <summary>Whether a listen address (<c>http://127.0.0.1:5000</c>, <c>http://[::]:80</c>, <c>http://*:8080</c>) is on loopback only.</summary>
    public static bool IsLoopbackUrl(string address) =>
        System.Uri.TryCreate(address, UriKind.Absolute, out var uri)
        && (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (System.Net.IPAddress.TryParse(uri.DnsSafeHost, out var ip) && ClientAddress.IsLoopback(ip)));

    /// <summary>What the server bound; an in-process test server binds nothing, and then the configured URLs stand in.</summary>
    private static List<string> ListeningAddresses(IServer server, IConfiguration configuration)
    {
        var bound = server.Features.Get<IServerAddressesFeature>()?.Addresses;
        if (bound is { Count: > 0 }) return [.. bound];
        return [.. (configuration[WebHostDefaults.ServerUrlsKey] ?? LoopbackDefaults.DefaultUrl).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }
}

/// <summary>Resolves <see cref="AppOrigin"/> once the server listens, so an app on the network without a public origin stops at start.</summary>
internal sealed class AppOriginCheck(AppOrigin origin, ILogger<AppOriginCheck> logger) : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("Sign-in messages name {Origin}", origin.Uri);
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
