using System.Security.Cryptography;
using ExposureWeb.Auth;
using ExposureWeb.Hubs;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Hosting;

/// <summary>
/// Response headers that limit what a page of the app may do if something untrusted ever gets into it, plus HTTPS
/// (HSTS and the redirect) when the app is served over HTTPS, and the hub's Origin check.
/// </summary>
/// <remarks>
/// The Content-Security-Policy is the strictest the app's parts work under: scripts only from the app itself, plus the
/// one inline script Blazor writes (the import map), allowed by a per-response nonce; no <c>'unsafe-eval'</c> (Blazor
/// Server, MudBlazor, Plotly's bundle and the wallet module run without it; the browser test loads every page under the
/// policy). Styles allow <c>'unsafe-inline'</c>: MudBlazor sets style attributes and writes its theme as a style
/// element, and Plotly styles its SVG inline. Images allow <c>data:</c> URIs: wallets announce their icons as such.
/// </remarks>
public static class SecurityHeaders
{
    /// <summary>Where the response's CSP nonce is kept for the page (App.razor puts it on the import map).</summary>
    public const string NonceKey = "exposure:csp-nonce";

    public static WebApplicationBuilder AddExposureSecurity(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
        builder.Services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = false;
        });
        // Behind a TLS-terminating proxy the redirect goes to the public origin's port (Kestrel serving HTTPS itself is found on its own).
        builder.Services.AddOptions<HttpsRedirectionOptions>().Configure<IOptions<AuthOptions>>((redirect, auth) =>
        {
            if (PublicHttpsOrigin(auth.Value) is { } origin) redirect.HttpsPort = origin.Port;
        });
        HubFailureLog.AddHubLogging(builder);
        return builder;
    }

    public static WebApplication UseExposureSecurity(this WebApplication app)
    {
        if (ServesHttps(app))
        {
            app.UseHttpsRedirection();
        }
        // HSTS only ever goes on HTTPS responses (and never for localhost): plain HTTP serving is unaffected.
        app.UseHsts();
        app.Use((http, next) =>
        {
            // Base64url: '+' would reach the page HTML-encoded (&#x2B;), which browsers decode but a plain comparison does not.
            var nonce = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
            http.Items[NonceKey] = nonce;
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.ContentSecurityPolicy = Policy(nonce);
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            return next(http);
        });
        app.UseHubOriginCheck();
        return app;
    }

    /// <summary>The response's nonce, for the few inline scripts the app renders.</summary>
    public static string? Nonce(HttpContext? http) => http?.Items[NonceKey] as string;

    public static string Policy(string nonce) => string.Join("; ",
        "default-src 'self'",
        $"script-src 'self' 'nonce-{nonce}'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'");

    /// <summary>Whether the app is reached over HTTPS: Kestrel listens on an https URL, or the public origin is https.</summary>
    private static bool ServesHttps(WebApplication app)
    {
        var urls = app.Configuration["urls"] ?? app.Configuration["ASPNETCORE_URLS"] ?? "";
        return urls.Contains("https://", StringComparison.OrdinalIgnoreCase)
            || !string.IsNullOrEmpty(app.Configuration["https_ports"])
            || app.Configuration.GetSection("Kestrel:Endpoints").GetChildren().Any(e => (e["Url"] ?? "").StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            || PublicHttpsOrigin(app.Services.GetRequiredService<IOptions<AuthOptions>>().Value) is not null;
    }

    private static Uri? PublicHttpsOrigin(AuthOptions auth) =>
        auth.PublicOrigin is { Length: > 0 } configured && Uri.TryCreate(configured, UriKind.Absolute, out var origin) && origin.Scheme == Uri.UriSchemeHttps ? origin : null;
}
