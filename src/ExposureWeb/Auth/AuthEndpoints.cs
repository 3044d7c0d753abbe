using ExposureWeb.Data.Accounts;
using ExposureWeb.Data.Workspaces;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Auth;

/// <summary>
/// The sign-in flow's HTTP side. The browser's wallet script asks for a message, has the wallet sign it and posts
/// it back; the session cookie is set on that response, so sign-in happens over HTTP, not over the Blazor circuit.
/// </summary>
public static class AuthEndpoints
{
    public const string ChallengePath = "/auth/siwe/challenge";
    public const string VerifyPath = "/auth/siwe/verify";
    public const string SignOutPath = "/auth/signout";
    public const string SignInPage = "/signin";

    public sealed record ChallengeRequest(string? Address, ulong ChainId);

    public sealed record ChallengeResponse(string Message);

    public sealed record VerifyRequest(string? Message, string? Signature, string? ReturnUrl);

    public sealed record VerifyResponse(string Address, bool FirstSignIn, string Redirect);

    public sealed record Refusal(string Code, string Error);

    public static IEndpointRouteBuilder MapExposureAuth(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/auth").AllowAnonymous().RequireRateLimiting(AuthExtensions.SignInRateLimit).ExcludeFromDescription();

        auth.MapPost("/siwe/challenge", async Task<IResult> (ChallengeRequest body, SiweSignIn siwe, HttpContext http) =>
        {
            var outcome = await siwe.ChallengeAsync(body.Address, body.ChainId, http.RequestAborted);
            return outcome.Ok ? Results.Ok(new ChallengeResponse(outcome.Value!)) : Results.BadRequest(new Refusal(outcome.Code!, outcome.Reason!));
        });

        auth.MapPost("/siwe/verify", async Task<IResult> (VerifyRequest body, SiweSignIn siwe, HttpContext http, IOptions<AuthOptions> options) =>
        {
            var outcome = await siwe.VerifyAsync(body.Message, body.Signature, http.RequestAborted);
            if (!outcome.Ok) return Results.BadRequest(new Refusal(outcome.Code!, outcome.Reason!));
            var user = outcome.Value!;
            await StartSessionAsync(http, user);
            return Results.Ok(new VerifyResponse(user.Address, user.FirstSignIn, Landing(body.ReturnUrl, user)));
        });

        // A form post with the antiforgery token, so another site cannot sign the user out.
        // Revokes the session on the server too, so a copy of the cookie taken before signing out opens nothing.
        app.MapPost(SignOutPath, async ([FromForm] string? returnUrl, HttpContext http) =>
        {
            await SessionEndpoints.EndAsync(http, everywhere: false);
            return Results.LocalRedirect(SignInPage + "?signedOut=1");
        }).ExcludeFromDescription();
        app.MapSessionEndpoints();
        return app;
    }

    /// <summary>Records a server-side session for a verified sign-in, sets the cookie that carries its id, and joins the workspaces that invited this wallet (signing in accepts).</summary>
    internal static async Task StartSessionAsync(HttpContext http, SignedInUser user)
    {
        var session = await http.RequestServices.GetRequiredService<UserSessionStore>()
            .StartAsync(user.UserId, http.Connection.RemoteIpAddress?.ToString(), http.Request.Headers.UserAgent.ToString(), http.RequestAborted);
        var principal = ExposureClaims.ForUser(user.UserId, user.Address, CookieAuthenticationDefaults.AuthenticationScheme);
        ((System.Security.Claims.ClaimsIdentity)principal.Identity!).AddClaim(new System.Security.Claims.Claim(ExposureClaims.SessionId, session.Id));
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal,
            new AuthenticationProperties { IsPersistent = false, AllowRefresh = true });
        await http.RequestServices.GetRequiredService<MembershipStore>().AcceptPendingAsync(http.Actor(user.UserId, user.Address), http.RequestAborted);
    }

    /// <summary>Where a fresh session lands: the page that sent the user to sign in, if it is ours, else their first portfolio.</summary>
    internal static string Landing(string? returnUrl, SignedInUser user) =>
        ReturnUrls.Local(returnUrl) ?? (user.HomePortfolioId is { } id ? $"/portfolios/{id}" : "/");
}
