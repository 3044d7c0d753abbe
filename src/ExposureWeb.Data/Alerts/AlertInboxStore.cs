using ExposureWeb.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace ExposureWeb.Data.Alerts;

/// <summary>Raised with the user's id after their inbox changed (acknowledged here, or a new entry), so badges refresh.</summary>
public sealed class AlertInboxSignal
{
    public event Action<int>? Changed;

    public void Raise(int userId) => Changed?.Invoke(userId);
}

/// <summary>One page of a user's inbox and how many entries are unread in all.</summary>
public sealed record AlertInboxPage(IReadOnlyList<AlertInboxEntry> Entries, int Unread);

/// <summary>
/// A user's in-app notifications. Every call is limited to the caller's own entries: another user's id is never
/// listed or acknowledged, whatever id is passed.
/// </summary>
public sealed class AlertInboxStore(IDbContextFactory<ExposureDbContext> factory, TimeProvider time, AlertInboxSignal signal)
{
    public const int DefaultPageSize = 200;

    /// <summary>The newest entries first (unread ones first when <paramref name="unreadOnly"/>), with the unread count.</summary>
    public async Task<AlertInboxPage> ListAsync(int userId, bool unreadOnly = false, int take = DefaultPageSize, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var query = db.AlertInbox.AsNoTracking().Where(e => e.UserId == userId);
        if (unreadOnly) query = query.Where(e => e.AcknowledgedAt == null);
        var entries = await query.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id).Take(Math.Clamp(take, 1, 1000)).ToListAsync(ct);
        var unread = await db.AlertInbox.CountAsync(e => e.UserId == userId && e.AcknowledgedAt == null, ct);
        return new(entries, unread);
    }

    public async Task<int> UnreadCountAsync(int userId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.AlertInbox.CountAsync(e => e.UserId == userId && e.AcknowledgedAt == null, ct);
    }

    /// <summary>Marks one of the user's entries read; false when it is not theirs or does not exist (already read counts as done).</summary>
    public async Task<bool> AcknowledgeAsync(int userId, long entryId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var entry = await db.AlertInbox.FirstOrDefaultAsync(e => e.Id == entryId && e.UserId == userId, ct);
        if (entry is null) return false;
        if (entry.AcknowledgedAt is null)
        {
            entry.AcknowledgedAt = time.GetUtcNow();
            await db.SaveChangesAsync(ct);
            signal.Raise(userId);
        }
        return true;
    }

    /// <summary>Marks every unread entry of the user read; returns how many.</summary>
    public async Task<int> AcknowledgeAllAsync(int userId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        var count = await db.AlertInbox.Where(e => e.UserId == userId && e.AcknowledgedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.AcknowledgedAt, now), ct);
        if (count > 0) signal.Raise(userId);
        return count;
    }
}
