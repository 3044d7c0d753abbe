using System.Security.Cryptography;
using ExposureWeb.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace ExposureWeb.Data.Accounts;

/// <summary>
/// Issues SIWE nonces and accepts each one once: the row is deleted by the sign-in that uses it, so two
/// requests racing with the same signed message cannot both succeed (only one DELETE affects a row).
/// </summary>
public sealed class SignInNonceStore(IDbContextFactory<ExposureDbContext> factory, TimeProvider time)
{
    /// <summary>How long a challenge may wait for its signature.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>Nonce length; EIP-4361 asks for at least 8 alphanumeric characters, 20 give ~119 bits.</summary>
    public const int NonceLength = 20;

    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    /// <summary>Stores and returns a fresh nonce for <paramref name="address"/> (EIP-55); purges expired ones.</summary>
    public async Task<SignInNonce> IssueAsync(string address, CancellationToken ct = default)
    {
        var now = time.GetUtcNow().ToUniversalTime();
        var nonce = new SignInNonce { Value = RandomNonce(), Address = address, IssuedAt = now, ExpiresAt = now + Lifetime };
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.SignInNonces.Where(n => n.ExpiresAt < now).ExecuteDeleteAsync(ct);
        db.SignInNonces.Add(nonce);
        await db.SaveChangesAsync(ct);
        return nonce;
    }

    /// <summary>
    /// Uses up <paramref name="nonce"/> for <paramref name="address"/>; returns why it cannot be used, or null when it was
    /// issued by this server to that address, had not expired and had not been used.
    /// </summary>
    public async Task<string?> ConsumeAsync(string nonce, string address, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var stored = await db.SignInNonces.AsNoTracking().FirstOrDefaultAsync(n => n.Value == nonce, ct);
        if (stored is null) return "the nonce was not issued by this server or has already been used; request a new sign-in message";
        // Deleted whatever happens next: a nonce that was presented once is never good again.
        var deleted = await db.SignInNonces.Where(n => n.Value == nonce).ExecuteDeleteAsync(ct);
        if (deleted == 0) return "the nonce has already been used; request a new sign-in message";
        if (stored.ExpiresAt <= time.GetUtcNow()) return $"the nonce expired at {stored.ExpiresAt:u}; request a new sign-in message";
        if (!string.Equals(stored.Address, address, StringComparison.OrdinalIgnoreCase))
        {
            return "the nonce was issued to another address; request a new sign-in message for this one";
        }
        return null;
    }

    private static string RandomNonce()
    {
        Span<char> chars = stackalloc char[NonceLength];
        for (var i = 0; i < chars.Length; i++) chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        return new string(chars);
    }
}
