using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace ExposureWeb.Sharing;

/// <summary>
/// The cookie a share link's viewer gets after proving a wallet with a signature: which link and which address, sealed by
/// the app's data-protection keys and dead at the link's expiry. It is scoped to the link's own URL path, so it reaches
/// only that link's page and dies with the URL when the link is rotated. It is no account and no session.
/// </summary>
public sealed class ShareProofs(IDataProtectionProvider protection)
{
    public const string CookieName = "xw_share";

    private readonly ITimeLimitedDataProtector _protector =
        protection.CreateProtector("ExposureWeb.ShareLinkProof.v1").ToTimeLimitedDataProtector();

    /// <summary>Sets the proof cookie on the response, for the page at <c>/s/{secret}</c>.</summary>
    public void Issue(HttpContext http, string secret, int linkId, string address, DateTimeOffset expiresAt) =>
        http.Response.Cookies.Append(CookieName, _protector.Protect($"{linkId}|{address}", expiresAt), new CookieOptions
        {
            Path = SharePaths.Page(secret),
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            // Lax: a link opened from a mail or a chat is a top-level navigation from another site, and must carry it.
            SameSite = SameSiteMode.Lax,
            Expires = expiresAt,
            IsEssential = true,
        });

    /// <summary>The address a cookie proves for <paramref name="linkId"/>, or null (absent, forged, expired, another link's).</summary>
    public string? AddressFor(string? cookie, int linkId)
    {
        if (string.IsNullOrEmpty(cookie)) return null;
        try
        {
            var parts = _protector.Unprotect(cookie, out _).Split('|');
            return parts.Length == 2 && parts[0] == linkId.ToString(System.Globalization.CultureInfo.InvariantCulture) ? parts[1] : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}

/// <summary>Where share links live.</summary>
public static class SharePaths
{
    public static string Page(string secret) => $"/s/{secret}";
}
