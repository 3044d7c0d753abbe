using System.Security.Cryptography;
using System.Text;
using ExposureWeb.Data.Entities;
using ExposureWeb.Data.Quotas;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Data.Accounts;

/// <summary>
/// Bearer tokens for outside clients of the API and the hub. The secret is returned once by
/// <see cref="CreateAsync"/>; only its SHA-256 is stored, so a copy of the database signs no one in.
/// </summary>
public sealed class ApiTokenStore(IDbContextFactory<ExposureDbContext> factory, TimeProvider time, IOptionsMonitor<QuotaOptions> quotas)
{
    /// <summary>Every secret starts with this, so a leaked one is easy to recognise (and to scan for).</summary>
    public const string SecretPrefix = "xw_";

    /// <summary>Raised with a token's id once it is revoked, so live connections made with it can be closed.</summary>
    public event Action<int>? Revoked;
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(365);

    /// <summary>Makes a token for <paramref name="userId"/>; returns it with the secret, which is not stored.</summary>
    public async Task<(ChangeResult Result, ApiToken? Token, string? Secret)> CreateAsync(int userId, string name, TimeSpan lifetime, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100) return (ChangeResult.Invalid("give the token a name of 1 to 100 characters"), null, null);
        if (lifetime <= TimeSpan.Zero || lifetime > MaxLifetime) return (ChangeResult.Invalid($"a token lives from 1 day to {MaxLifetime.TotalDays:0} days"), null, null);
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!await QuotaLocks.UserAsync(db, userId, ct)) return (ChangeResult.Missing, null, null);
        var now = time.GetUtcNow();
        // Counted in memory: SQLite cannot compare DateTimeOffset columns in SQL, and a user holds few tokens.
        var active = (await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId && t.RevokedAt == null).Select(t => t.ExpiresAt).ToListAsync(ct))
            .Count(expires => expires > now);
        if (active >= quotas.CurrentValue.ApiTokensPerUser) return (ChangeResult.OverQuota(QuotaMessages.ApiTokens(active)), null, null);
        var secret = SecretPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var token = new ApiToken
        {
            UserId = userId,
            Name = name.Trim(),
            SecretHash = Hash(secret),
            Prefix = secret[..(SecretPrefix.Length + 6)],
            CreatedAt = now,
            ExpiresAt = now + lifetime,
        };
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (ChangeResult.Done, token, secret);
    }

    /// <summary>The user a presented secret acts for, or null when it is unknown, revoked or expired.</summary>
    public async Task<int?> AuthenticateAsync(string secret, CancellationToken ct = default) => (await FindActiveAsync(secret, ct))?.UserId;

    /// <summary>The active token a presented secret belongs to, or null when it is unknown, revoked or expired.</summary>
    public async Task<ApiToken?> FindActiveAsync(string secret, CancellationToken ct = default)
    {
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal)) return null;
        var hash = Hash(secret);
        await using var db = await factory.CreateDbContextAsync(ct);
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.SecretHash == hash, ct);
        var now = time.GetUtcNow();
        if (token is null || token.RevokedAt is not null || token.ExpiresAt <= now) return null;
        // Recorded at most once a minute: a busy bot should not turn every request into a write.
        if (token.LastUsedAt is not { } last || now - last > TimeSpan.FromMinutes(1))
        {
            token.LastUsedAt = now;
            await db.SaveChangesAsync(ct);
        }
        return token;
    }

    public async Task<IReadOnlyList<ApiToken>> ListAsync(int userId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).OrderByDescending(t => t.Id).ToListAsync(ct);
    }

    /// <summary>Revokes one of the user's tokens at once: the next request or hub call made with it is refused.</summary>
    public async Task<ChangeResult> RevokeAsync(int userId, int tokenId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == tokenId && t.UserId == userId, ct);
        if (token is null) return ChangeResult.Missing;
        token.RevokedAt ??= time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        Revoked?.Invoke(token.Id);
        return ChangeResult.Done;
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
