using System.Security.Cryptography;

namespace ExposureWeb.Data.Alerts;

/// <summary>Webhook signing secrets: made on the server, 32 random bytes as base64url (43 characters, no padding).</summary>
public static class AlertSecrets
{
    public const int Bytes = 32;

    public static string New() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(Bytes))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
