using ExposureWeb.Data.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace ExposureWeb.Auth;

/// <summary>Ending sessions over HTTP: this one (sign out) or all of the user's ("sign out everywhere").</summary>
public static class SessionEndpoints
{
    public const string SignOutEverywherePath = "/auth/signout/everywhere";

    public const string SessionsPage = "/account/sessions";

    public static IEndpointRouteBuilder MapSessionEndpoints(this IEndpointRouteBuilder app)
    {
        // A form post with the antiforgery token, like sign-out: another site cannot end a user's sessions.
        app.MapPost(SignOutEverywherePath, async ([FromForm] string? returnUrl, HttpContext http) =>
        {
            await EndAsync(http, everywhere: true);
            return Results.LocalRedirect(AuthEndpoints.SignInPage + "?signedOut=1");
        }).RequireAuthorization().ExcludeFromDescription();
        return app;
    }

    /// <summary>Revokes the request's session (or every session of its user) and deletes the cookie.</summary>
    internal static async Task EndAsync(HttpContext http, bool everywhere)
    {
        var sessions = http.RequestServices.GetRequiredService<UserSessionStore>();
        if (http.User.UserId() is { } userId)
        {
            if (everywhere) await sessions.RevokeAllAsync(userId, http.RequestAborted);
            else if (http.User.Session() is { } sessionId) await sessions.RevokeAsync(userId, sessionId, http.RequestAborted);
        }
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }
}
