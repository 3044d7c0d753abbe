using System.ComponentModel.DataAnnotations;

namespace ExposureWeb.Auth;

/// <summary>Sign-in settings, section <c>Auth</c>.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>
    /// The origin users reach the app at, e.g. <c>https://exposure.example.com</c>; the SIWE domain and URI are taken from
    /// it, never from a request's Host. Empty: the address the app listens on, which must then be loopback only
    /// (<see cref="Hosting.AppOrigin"/>).
    /// </summary>
    [Url]
    public string? PublicOrigin { get; set; }

    /// <summary>Statement shown in the wallet's signing prompt.</summary>
    [Required, MaxLength(200)]
    public string Statement { get; set; } = "Sign in to ExposureWeb to see your exposure. This does not send a transaction or cost gas.";

    /// <summary>How long a session lasts without activity, hours (sliding).</summary>
    [Range(0.25, 24 * 30)]
    public double SessionHours { get; set; } = 8;

    /// <summary>
    /// Sign-in requests (challenges and verifications) one client may make per minute: its real address behind the known
    /// proxies, an IPv6 client counted by its /64.
    /// </summary>
    [Range(1, 100_000)]
    public int SignInRequestsPerMinute { get; set; } = 30;

    /// <summary>Tolerance for the wallet's clock on Issued At, Not Before and Expiration Time, seconds.</summary>
    [Range(0, 600)]
    public int ClockSkewSeconds { get; set; } = 60;
}
