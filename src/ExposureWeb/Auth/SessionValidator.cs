using System.Collections.Concurrent;
using ExposureWeb.Data.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Auth;

/// <summary>
/// Checks a session cookie against its server-side record on every request: a revoked, unknown or idle session, or a
/// cookie from before sessions were recorded (no session id), signs the request out. Answers are cached for
/// <see cref="CacheFor"/> so a page's many requests cost one read; a revocation on this server updates the cache at once
/// (another server behind the same database notices within <see cref="CacheFor"/>).
/// </summary>
public sealed class SessionValidator : IDisposable
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(15);

    // Past this many cached sessions, stale entries are swept before adding another.
    private const int SweepAbove = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _cache = new(StringComparer.Ordinal);
    private readonly UserSessionStore _store;
    private readonly IOptions<AuthOptions> _options;
    private readonly TimeProvider _time;

    public SessionValidator(UserSessionStore store, IOptions<AuthOptions> options, TimeProvider time)
    {
        _store = store;
        _options = options;
        _time = time;
        store.Revoked += OnRevoked;
    }

    /// <summary>The cookie handler's <see cref="CookieAuthenticationEvents.OnValidatePrincipal"/>.</summary>
    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var validator = context.HttpContext.RequestServices.GetRequiredService<SessionValidator>();
        if (context.Principal is { } principal && principal.Session() is { } sessionId && principal.UserId() is { } userId
            && await validator.IsOpenAsync(sessionId, userId, context.HttpContext.RequestAborted))
        {
            return;
        }
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    /// <summary>Whether <paramref name="sessionId"/> is an open session of <paramref name="userId"/>; records that it was used.</summary>
    public async ValueTask<bool> IsOpenAsync(string sessionId, int userId, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        if (_cache.TryGetValue(sessionId, out var cached) && (cached.Revoked || now - cached.CheckedAt < CacheFor))
        {
            if (!cached.Open || cached.UserId != userId) return false;
            if (now - cached.LastSeen >= UserSessionStore.LastSeenResolution)
            {
                _cache.TryUpdate(sessionId, cached with { LastSeen = now }, cached);
                await _store.TouchAsync(sessionId, ct);
            }
            return true;
        }

        var session = await _store.FindAsync(sessionId, ct);
        var idleLimit = TimeSpan.FromHours(_options.Value.SessionHours);
        var open = session is { RevokedAt: null } && now - session.LastSeenAt < idleLimit;
        var lastSeen = session?.LastSeenAt ?? now;
        if (open && now - lastSeen >= UserSessionStore.LastSeenResolution) lastSeen = await _store.TouchAsync(sessionId, ct);
        if (_cache.Count > SweepAbove) Sweep(now);
        var fresh = new Entry(open, session?.UserId ?? 0, now, lastSeen, Revoked: false);
        // A revocation that landed while the record was read wins over what was read.
        _cache.AddOrUpdate(sessionId, fresh, (_, existing) => existing.Revoked ? existing : fresh);
        return open && session!.UserId == userId;
    }

    private void OnRevoked(IReadOnlyList<string> sessionIds)
    {
        var now = _time.GetUtcNow();
        foreach (var id in sessionIds) _cache[id] = new Entry(false, 0, now, now, Revoked: true);
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (id, entry) in _cache)
        {
            if (now - entry.CheckedAt >= CacheFor) _cache.TryRemove(new KeyValuePair<string, Entry>(id, entry));
        }
    }

    public void Dispose() => _store.Revoked -= OnRevoked;

    private sealed record Entry(bool Open, int UserId, DateTimeOffset CheckedAt, DateTimeOffset LastSeen, bool Revoked);
}
