using ExposureWeb.Auth;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Hubs;

/// <summary>
/// Refuses a browser's connection to the app's SignalR endpoints (the exposure hub and Blazor's circuit hub) when it
/// comes from a page of another origin: browsers send the session cookie along with a WebSocket to a site of the same
/// "site" (another subdomain, another port), and SameSite does not stop that. Clients without an Origin header (API-token
/// bots, server-side clients) are not browsers and pass.
/// </summary>
public static class HubOriginCheck
{
    /// <summary>Blazor's circuit hub, where blazor.web.js connects.</summary>
    public const string BlazorHubPath = "/_blazor";

    public static IApplicationBuilder UseHubOriginCheck(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var path = http.Request.Path;
        if ((path.StartsWithSegments(ExposureHub.Path) || path.StartsWithSegments(BlazorHubPath))
            && http.Request.Headers.Origin is { Count: > 0 } origins
            && !origins.All(o => IsAllowed(o, http.Request)))
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            await http.Response.WriteAsync($"connections to {path} are accepted from pages of {AllowedOrigin(http.Request)} only");
            return;
        }
        await next(http);
    });

    /// <summary>Whether an Origin header's value is the app's own origin (scheme, host and port; case-insensitive).</summary>
    public static bool IsAllowed(string? origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var given)
        && Uri.TryCreate(AllowedOrigin(request), UriKind.Absolute, out var own)
        && Uri.Compare(given, own, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    /// <summary>
    /// The origin pages of this app are served from: <c>Auth:PublicOrigin</c> when set, else the request's own scheme and
    /// host. The one place the hub reads the public origin.
    /// </summary>
    public static string AllowedOrigin(HttpRequest request)
    {
        var configured = request.HttpContext.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.PublicOrigin;
        return configured is { Length: > 0 } ? new Uri(configured).GetLeftPart(UriPartial.Authority) : $"{request.Scheme}://{request.Host.Value}";
    }
}
