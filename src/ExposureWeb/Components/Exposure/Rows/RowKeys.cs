namespace ExposureWeb.Components.Exposure.Rows;

/// <summary>
/// Keys for table rows (<c>@key</c>): a row keeps its component from block to block while its figures change, so an
/// unchanged row renders nothing, and a row added or removed does not shift the others.
/// </summary>
public static class RowKeys
{
    /// <summary>Each item with its key; a key met again gets "#2", "#3"… (Blazor refuses two siblings with one key).</summary>
    public static IEnumerable<(T Item, string Key)> Of<T>(IEnumerable<T> items, Func<T, string> key)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(key);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var first = key(item);
            var unique = first;
            for (int n = 2; !seen.Add(unique); n++) unique = $"{first}#{n}";
            yield return (item, unique);
        }
    }
}
