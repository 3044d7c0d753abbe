using System.Security.Cryptography;
using ExposureWeb.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace ExposureWeb.Data.Accounts;

/// <summary>
/// Server-side sessions: started by a sign-in, checked on every request (through a short cache in the web host),
/// ended by signing out. <see cref="Revoked"/> lets the host close what is still open of a session at once.
/// </summary>
public sealed class UserSessionStore(IDbContextFactory<ExposureDbContext> factory, TimeProvider time)
{
    /// <summary><see cref="UserSession.LastSeenAt"/> is written at most this often, so requests do not each become a write.</summary>
    public static readonly TimeSpan LastSeenResolution = TimeSpan.FromMinutes(1);

    /// <summary>Revoked and long-idle sessions are deleted after this (when their user next signs in).</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    public const int MaxUserAgentLength = 300;

    /// <summary>Raised with the ids of sessions just revoked.</summary>
    public event Action<IReadOnlyList<string>>? Revoked;

    /// <summary>Records a new session for <paramref name="userId"/>; clears the user's sessions past <see cref="Retention"/>.</summary>
    public async Task<UserSession> StartAsync(int userId, string? clientAddress, string? userAgent, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var session = new UserSession
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            UserId = userId,
            CreatedAt = now,
            LastSeenAt = now,
            ClientAddress = clientAddress is { Length: > 0 } a ? a[..Math.Min(a.Length, 64)] : null,
            UserAgent = userAgent is { Length: > 0 } ua ? ua[..Math.Min(ua.Length, MaxUserAgentLength)] : null,
        };
        await using var db = await factory.CreateDbContextAsync(ct);
        var cutoff = now - Retention;
        await db.UserSessions.Where(s => s.UserId == userId && s.LastSeenAt < cutoff).ExecuteDeleteAsync(ct);
        db.UserSessions.Add(session);
        await db.SaveChangesAsync(ct);
        return session;
    }

    /// <summary>The session, or null when no such id was ever issued (or it was deleted).</summary>
    public async Task<UserSession?> FindAsync(string id, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.UserSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
    }

    /// <summary>Records that the session was used now, unless that was already recorded within <see cref="LastSeenResolution"/>.</summary>
    public async Task<DateTimeOffset> TouchAsync(string id, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var stale = now - LastSeenResolution;
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.UserSessions.Where(s => s.Id == id && s.RevokedAt == null && s.LastSeenAt < stale)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastSeenAt, now), ct);
        return now;
    }

    /// <summary>The user's sessions that are neither revoked nor idle longer than <paramref name="idleLimit"/>, newest first.</summary>
    public async Task<IReadOnlyList<UserSession>> ListActiveAsync(int userId, TimeSpan idleLimit, CancellationToken ct = default)
    {
        var since = time.GetUtcNow() - idleLimit;
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.UserSessions.AsNoTracking()
            .Where(s => s.UserId == userId && s.RevokedAt == null && s.LastSeenAt >= since)
            .OrderByDescending(s => s.LastSeenAt)
            .ToListAsync(ct);
    }

    /// <summary>Ends one of the user's sessions; another user's session answers like a missing one.</summary>
    public async Task<ChangeResult> RevokeAsync(int userId, string id, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var session = await db.UserSessions.FirstOrDefaultAsync(s => s.Id == id && s.UserId == userId, ct);
        if (session is null) return ChangeResult.Missing;
        session.RevokedAt ??= time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        Revoked?.Invoke([session.Id]);
        return ChangeResult.Done;
    }

    /// <summary>Ends every session of the user ("sign out everywhere"); returns how many were still open.</summary>
    public async Task<int> RevokeAllAsync(int userId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        await using var db = await factory.CreateDbContextAsync(ct);
        var open = await db.UserSessions.Where(s => s.UserId == userId && s.RevokedAt == null).ToListAsync(ct);
        foreach (var session in open) session.RevokedAt = now;
        await db.SaveChangesAsync(ct);
        if (open.Count > 0) Revoked?.Invoke(open.Select(s => s.Id).ToList());
        return open.Count;
    }
}
