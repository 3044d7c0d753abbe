using System.Globalization;
using System.Security.Claims;

namespace ExposureWeb.Auth;

/// <summary>The claims a signed-in principal carries, and how to read them.</summary>
public static class ExposureClaims
{
    /// <summary>The user's EIP-55 wallet address.</summary>
    public const string Address = "exposure:address";

    /// <summary>The id of the API token a request or hub connection authenticated with (absent for cookie sessions).</summary>
    public const string ApiTokenId = "exposure:api-token";

    /// <summary>The id of the server-side session a cookie stands for (absent for API tokens).</summary>
    public const string SessionId = "exposure:session";

    public static ClaimsPrincipal ForUser(int userId, string address, string scheme) =>
        new(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, userId.ToString(CultureInfo.InvariantCulture)), new Claim(ClaimTypes.Name, address), new Claim(Address, address)],
            scheme));

    /// <summary>The user's id, or null for anonymous callers.</summary>
    public static int? UserId(this ClaimsPrincipal principal) =>
        int.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    public static string? WalletAddress(this ClaimsPrincipal principal) => principal.FindFirstValue(Address);

    public static int? ApiToken(this ClaimsPrincipal principal) =>
        int.TryParse(principal.FindFirstValue(ApiTokenId), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>The server-side session of a cookie principal, or null (API tokens, cookies from before sessions were recorded).</summary>
    public static string? Session(this ClaimsPrincipal principal) => principal.FindFirstValue(SessionId);
}
