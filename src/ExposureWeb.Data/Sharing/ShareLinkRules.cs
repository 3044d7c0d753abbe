using ExposureWeb.Chain.Primitives;

namespace ExposureWeb.Data.Sharing;

/// <summary>What a share link may be: its lifetime, its address list and its pinned underlying.</summary>
public static class ShareLinkRules
{
    public const string SecretPrefix = "xws_";
    public const int MaxAddresses = 50;
    public const int MaxLabelLength = 100;
    public const int MaxUnderlyingLength = 16;
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(7);
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(365);

    /// <summary>The shortest lifetime: short enough to hand a link over a call, long enough to open it.</summary>
    public static readonly TimeSpan MinLifetime = TimeSpan.FromSeconds(10);

    /// <summary>The request's addresses as EIP-55, duplicates dropped; or every problem, naming each bad entry.</summary>
    public static (IReadOnlyList<string> Addresses, IReadOnlyList<string> Errors) Addresses(IReadOnlyList<string>? entered)
    {
        var addresses = new List<string>();
        var errors = new List<string>();
        foreach (var text in entered ?? [])
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            if (!Address.TryParseEntered(text, out var address, out var error)) errors.Add($"'{text.Trim()}' is not a wallet address: {error}");
            else if (!addresses.Contains(address.ToString(), StringComparer.OrdinalIgnoreCase)) addresses.Add(address.ToString());
        }
        if (addresses.Count > MaxAddresses) errors.Add($"a link may name at most {MaxAddresses} addresses ({addresses.Count} given); make two links");
        return (addresses, errors);
    }

    /// <summary>A problem with the expiry, or null when it is within <see cref="MinLifetime"/>..<see cref="MaxLifetime"/> from now.</summary>
    public static string? Expiry(DateTimeOffset expiresAt, DateTimeOffset now) =>
        expiresAt < now + MinLifetime ? $"the expiry {expiresAt:yyyy-MM-dd HH:mm:ss} UTC is past or too close; pick a time at least {MinLifetime.TotalSeconds:0} seconds from now"
        : expiresAt > now + MaxLifetime ? $"a link lasts at most {MaxLifetime.TotalDays:0} days; pick an earlier expiry"
        : null;

    /// <summary>A problem with the pinned underlying (a ticker such as ETH), or null.</summary>
    public static string? Underlying(string? underlying) =>
        underlying is null ? null
        : underlying.Length > MaxUnderlyingLength || !underlying.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')
            ? $"'{underlying}' is not an underlying (a ticker such as ETH, at most {MaxUnderlyingLength} letters and digits)"
            : null;
}
