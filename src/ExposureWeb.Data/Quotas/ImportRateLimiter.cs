using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Data.Quotas;

/// <summary>
/// <see cref="QuotaOptions.ManualPositionImportsPerHour"/>: a sliding hour of saved imports per workspace, kept in this
/// process's memory (like the sign-in rate limit), so it starts empty after a restart and counts per app instance. An
/// import takes a slot before it writes and gives it back when nothing was saved, so a refused file does not count.
/// </summary>
public sealed class ImportRateLimiter(IOptionsMonitor<QuotaOptions> quotas, TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _imports = new(StringComparer.Ordinal);

    /// <summary>A slot for one import of <paramref name="key"/>'s workspace, or the time until one frees up.</summary>
    public ImportSlot TryAcquire(string key)
    {
        var limit = quotas.CurrentValue.ManualPositionImportsPerHour;
        var now = time.GetUtcNow();
        var imports = _imports.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
        lock (imports)
        {
            while (imports.Count > 0 && imports.Peek() <= now - Window) imports.Dequeue();
            if (imports.Count >= limit) return new ImportSlot(null, imports.Peek() + Window - now, limit);
            imports.Enqueue(now);
            return new ImportSlot(() => Release(imports, now), TimeSpan.Zero, limit);
        }
    }

    /// <summary>The key of a portfolio's workspace; a portfolio outside any workspace counts on its own.</summary>
    public static string KeyOf(int? workspaceId, int portfolioId) => workspaceId is { } w ? $"workspace:{w}" : $"portfolio:{portfolioId}";

    private static void Release(Queue<DateTimeOffset> imports, DateTimeOffset taken)
    {
        lock (imports)
        {
            // Slots are taken in time order; giving back one of the same instant is giving back this one.
            var kept = imports.ToList();
            var index = kept.LastIndexOf(taken);
            if (index < 0) return;
            kept.RemoveAt(index);
            imports.Clear();
            foreach (var t in kept) imports.Enqueue(t);
        }
    }
}

/// <summary>A taken slot (<see cref="Granted"/>; <see cref="Release"/> gives it back) or the wait until one frees up.</summary>
public sealed record ImportSlot(Action? Release, TimeSpan RetryAfter, int Limit)
{
    public bool Granted => Release is not null;
}
