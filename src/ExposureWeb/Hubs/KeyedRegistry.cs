using System.Collections.Concurrent;

namespace ExposureWeb.Hubs;

/// <summary>
/// Live things (hub connections, circuits) grouped by what they were opened with (an API token, a session), so that
/// revoking that one thing can reach everything still open with it.
/// </summary>
public sealed class KeyedRegistry<TKey, TValue> where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, ConcurrentDictionary<string, TValue>> _byKey = new();

    public void Add(TKey key, string id, TValue value) =>
        _byKey.GetOrAdd(key, _ => new ConcurrentDictionary<string, TValue>(StringComparer.Ordinal))[id] = value;

    public void Remove(TKey key, string id)
    {
        if (!_byKey.TryGetValue(key, out var items)) return;
        items.TryRemove(id, out _);
        // An emptied group is dropped, so the registry does not grow with every key ever seen.
        if (items.IsEmpty) _byKey.TryRemove(new KeyValuePair<TKey, ConcurrentDictionary<string, TValue>>(key, items));
    }

    /// <summary>How many are open with <paramref name="key"/>.</summary>
    public int Count(TKey key) => _byKey.TryGetValue(key, out var items) ? items.Count : 0;

    /// <summary>Removes and returns everything open with <paramref name="key"/>.</summary>
    public IReadOnlyList<TValue> TakeAll(TKey key) => _byKey.TryRemove(key, out var items) ? [.. items.Values] : [];
}
