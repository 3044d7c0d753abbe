using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ExposureWeb.Engine.Alerts.Delivery;

/// <summary>
/// The webhook signature, for the sender and for receivers (ours in tests, a customer's in their own code).
/// <para>
/// Each request carries <c>X-Timestamp</c>, the send time in unix seconds as a decimal string, and <c>X-Signature</c>,
/// <c>sha256=</c> followed by the lowercase hex HMAC-SHA256, keyed with the shared secret (its UTF-8 bytes), of the
/// UTF-8 timestamp, a '.', and the raw body bytes exactly as received. Signing the timestamp with the body lets a
/// receiver refuse replays older than its tolerance.
/// </para>
/// <para>
/// Secret rotation: while two secrets are active the sender signs with each and sends them all, comma separated
/// (<c>X-Signature: sha256=&lt;with old&gt;, sha256=&lt;with new&gt;</c>), so a receiver that holds either secret verifies.
/// Rotate by adding the new secret beside the old one, updating the receiver, then removing the old secret.
/// </para>
/// </summary>
public static class WebhookSignature
{
    /// <summary>The prefix of each signature in the header, naming the algorithm.</summary>
    public const string Scheme = "sha256=";

    /// <summary>One signature: <c>sha256=&lt;hex&gt;</c> of HMAC-SHA256(<paramref name="secret"/>, "<paramref name="timestamp"/>.<paramref name="body"/>").</summary>
    /// <param name="secret">The shared secret.</param>
    /// <param name="timestamp">Unix seconds, the value sent in <c>X-Timestamp</c>.</param>
    /// <param name="body">The request body bytes.</param>
    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body) =>
        Scheme + Convert.ToHexStringLower(Mac(secret, timestamp, body));

    /// <summary>The <c>X-Signature</c> value for all active <paramref name="secrets"/>: one signature each, joined by ", ".</summary>
    public static string Header(IReadOnlyList<string> secrets, long timestamp, ReadOnlySpan<byte> body)
    {
        if (secrets.Count == 0)
            throw new ArgumentException("At least one webhook secret is needed.", nameof(secrets));
        var signatures = new string[secrets.Count];
        for (var i = 0; i < secrets.Count; i++)
            signatures[i] = Sign(secrets[i], timestamp, body);
        return string.Join(", ", signatures);
    }

    /// <summary>
    /// Whether a request is authentic and fresh: <paramref name="timestampHeader"/> is unix seconds within
    /// <paramref name="tolerance"/> of <paramref name="now"/>, and some signature in <paramref name="signatureHeader"/>
    /// matches some secret in <paramref name="secrets"/> (compared in constant time).
    /// </summary>
    /// <param name="signatureHeader">The <c>X-Signature</c> value (one or more comma separated <c>sha256=</c> entries).</param>
    /// <param name="secrets">The secrets the receiver accepts.</param>
    /// <param name="timestampHeader">The <c>X-Timestamp</c> value.</param>
    /// <param name="body">The raw body bytes as received (before any JSON parsing).</param>
    /// <param name="now">The receiver's clock.</param>
    /// <param name="tolerance">How far the timestamp may be from <paramref name="now"/>, either way (e.g. 5 minutes).</param>
    public static bool Verify(
        string? signatureHeader,
        IReadOnlyList<string> secrets,
        string? timestampHeader,
        ReadOnlySpan<byte> body,
        DateTimeOffset now,
        TimeSpan tolerance)
    {
        if (string.IsNullOrEmpty(signatureHeader) || secrets.Count == 0)
            return false;
        if (long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp) is false)
            return false;
        var age = now.ToUnixTimeSeconds() - timestamp;
        if (Math.Abs((double)age) > tolerance.TotalSeconds)
            return false;

        var expected = new byte[secrets.Count][];
        for (var i = 0; i < secrets.Count; i++)
            expected[i] = Mac(secrets[i], timestamp, body);
        var matched = false;
        foreach (var part in signatureHeader.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith(Scheme, StringComparison.Ordinal) is false || part.Length != Scheme.Length + 64)
                continue;
            byte[] given;
            try
            {
                given = Convert.FromHexString(part.AsSpan(Scheme.Length));
            }
            catch (FormatException)
            {
                continue;
            }
            // No early exit: every candidate is compared against every secret, so timing says nothing about which matched.
            foreach (var mac in expected)
                matched |= CryptographicOperations.FixedTimeEquals(mac, given);
        }
        return matched;
    }

    private static byte[] Mac(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "."));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }
}
