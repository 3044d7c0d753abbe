using System.Security.Claims;
using System.Text.Encodings.Web;
using ExposureWeb.Data.Accounts;
using ExposureWeb.Hubs;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Auth;

/// <summary>
/// Bearer tokens: an API token made by a user (acts as that user). Read from <c>Authorization: Bearer</c>, or from <c>access_token</c> on the hub's path, where browsers'
/// WebSockets cannot send headers.
/// </summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokenStore tokens,
    AccountStore accounts)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    /// <summary>Whether a request carries a bearer token at all (the policy scheme sends it here, else to the cookie).</summary>
    public static bool HasToken(HttpRequest request) => Token(request) is not null;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Token(Request) is not { } token) return AuthenticateResult.NoResult();
        if (await tokens.FindActiveAsync(token, Context.RequestAborted) is not { } found
            || await accounts.AddressAsync(found.UserId, Context.RequestAborted) is not { } address)
        {
            return AuthenticateResult.Fail("the API token is unknown, revoked or expired");
        }
        var principal = ExposureClaims.ForUser(found.UserId, address, SchemeName);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(ExposureClaims.ApiTokenId, found.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }

    private static string? Token(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return header["Bearer ".Length..].Trim();
        if (request.Path.StartsWithSegments(ExposureHub.Path) && request.Query["access_token"].FirstOrDefault() is { Length: > 0 } query) return query;
        return null;
    }
}
