using System.Threading.RateLimiting;
using ExposureWeb.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Auth;

public static class AuthExtensions
{
    public const string SignInRateLimit = "sign-in";
    private const string SmartScheme = "CookieOrToken";

    /// <summary>
    /// Cookie sessions from Sign-In with Ethereum for the browser, bearer API tokens for outside clients;
    /// every page, API and hub requires one of them.
    /// </summary>
    public static WebApplicationBuilder AddExposureAuth(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>().Bind(builder.Configuration.GetSection(AuthOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<SiweSignIn>();
        builder.Services.AddScoped<CurrentUser>();
        builder.Services.AddScoped<CircuitClient>();
        builder.Services.AddExposureSessions();

        // Keys beside the database, so sessions survive a restart (and a container's restart, with its volume).
        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var keys = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(database.Path, builder.Environment.ContentRootPath))!, "keys");
        builder.Services.AddDataProtection().SetApplicationName("ExposureWeb").PersistKeysToFileSystem(new DirectoryInfo(keys));

        builder.Services.AddAuthentication(SmartScheme)
            .AddPolicyScheme(SmartScheme, "Cookie or bearer token", o =>
                o.ForwardDefaultSelector = http => ApiTokenAuthenticationHandler.HasToken(http.Request)
                    ? ApiTokenAuthenticationHandler.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.Cookie.Name = "exposure.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.SlidingExpiration = true;
                o.LoginPath = AuthEndpoints.SignInPage;
                o.AccessDeniedPath = AuthEndpoints.SignInPage;
                o.Events.OnRedirectToLogin = ctx => StatusOrRedirect(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => StatusOrRedirect(ctx, StatusCodes.Status403Forbidden);
                o.Events.OnValidatePrincipal = SessionValidator.ValidatePrincipalAsync;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);
        builder.Services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((cookie, auth) => cookie.ExpireTimeSpan = TimeSpan.FromHours(auth.Value.SessionHours));

        builder.Services.AddAuthorization();
        builder.Services.AddCascadingAuthenticationState();

        // Each sign-in attempt writes a nonce: a client may not make more than a few a minute.
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = SignInRateLimitRejection.WriteAsync;
            o.AddPolicy(SignInRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                Hosting.ClientAddress.RateLimitKey(http.Connection.RemoteIpAddress),
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = http.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.SignInRequestsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
        });
        return builder;
    }

    public static WebApplication UseExposureAuth(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    /// <summary>APIs and the hub answer 401/403; pages redirect to the sign-in page.</summary>
    private static Task StatusOrRedirect(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        var path = ctx.Request.Path;
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs") || path.StartsWithSegments("/auth"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}
