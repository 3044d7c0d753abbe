using System.Diagnostics.CodeAnalysis;

namespace ExposureWeb.Risk;

/// <summary>
/// A read-only map keyed by asset name, matched case-insensitively, with an exact-match fast path: names almost
/// always arrive spelled exactly as configured, and ordinal hashing is several times cheaper than case-insensitive
/// hashing — which matters when every position of every portfolio looks up prices on every block.
/// </summary>
internal sealed class NameMap<T>
{
    private readonly Dictionary<string, T> _exact;
    private readonly Dictionary<string, T> _ignoreCase;

    public NameMap(IEnumerable<KeyValuePair<string, T>> items)
    {
        _ignoreCase = new Dictionary<string, T>(StringComparer.OrdinalIgnoreCase);
        foreach (var (k, v) in items) _ignoreCase[k] = v;
        _exact = new Dictionary<string, T>(_ignoreCase, StringComparer.Ordinal);
    }

    public int Count => _ignoreCase.Count;

    public IReadOnlyDictionary<string, T> AsDictionary => _ignoreCase;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out T value) =>
        _exact.TryGetValue(key, out value) || _ignoreCase.TryGetValue(key, out value);
}
