using System.Text.Json;
using System.Text.Json.Nodes;
using ExposureWeb.Engine.Snapshots;

namespace ExposureWeb.Engine.Publishing;

/// <summary>
/// Computes and applies <see cref="SnapshotDelta"/>s on the JSON form of snapshots. Working on JSON keeps it
/// complete as the snapshot grows: a property nobody taught it about is compared and sent whole.
/// </summary>
public static class SnapshotDiff
{
    /// <summary>The JSON conventions of the hub's protocol (camelCase).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Lists sent row by row, with the properties that identify a row.</summary>
    private static readonly Dictionary<string, string[]> KeyedLists = new(StringComparer.Ordinal)
    {
        ["assets"] = ["underlying"],
        ["positions"] = ["id"],
        ["liquidations"] = ["positionId", "underlying", "direction"],
    };

    public static JsonObject ToJson(ExposureSnapshot snapshot) => JsonSerializer.SerializeToNode(snapshot, Json)!.AsObject();

    public static ExposureSnapshot FromJson(JsonObject json) =>
        json.Deserialize<ExposureSnapshot>(Json) ?? throw new JsonException("a snapshot cannot be null");

    /// <summary>The delta from <paramref name="previous"/> (null: none, so a full delta) to <paramref name="next"/>.</summary>
    public static SnapshotDelta Diff(int portfolioId, JsonObject? previous, JsonObject next, long baseSequence)
    {
        var set = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        var lists = new Dictionary<string, ListChange>(StringComparer.Ordinal);
        foreach (var (name, value) in next)
        {
            var before = previous?[name];
            if (previous is not null && JsonNode.DeepEquals(before, value)) continue;
            if (previous is not null && KeyedLists.TryGetValue(name, out var key) && before is JsonArray oldRows && value is JsonArray newRows
                && DiffList(oldRows, newRows, key) is { } change)
            {
                lists[name] = change;
                continue;
            }
            set[name] = value?.DeepClone();
        }
        if (previous is not null)
        {
            // A property that disappeared (null values are written, so only a changed schema does this) is sent as null.
            foreach (var (name, _) in previous) if (!next.ContainsKey(name)) set[name] = null;
        }
        return new SnapshotDelta(portfolioId, baseSequence + 1, baseSequence, previous is null, set, lists);
    }

    /// <summary>Applies <paramref name="delta"/> to <paramref name="state"/> in place (to an empty object when full).</summary>
    public static JsonObject Apply(JsonObject? state, SnapshotDelta delta)
    {
        var result = delta.Full || state is null ? new JsonObject() : state;
        foreach (var (name, value) in delta.Set) result[name] = value?.DeepClone();
        foreach (var (name, change) in delta.Lists)
        {
            var key = KeyedLists[name];
            var rows = (result[name] as JsonArray)?.Select(r => r!).ToList() ?? [];
            var byKey = rows.ToDictionary(r => Key(r, key), r => r, StringComparer.Ordinal);
            foreach (var removed in change.Remove) byKey.Remove(removed);
            var order = change.Order ?? rows.Select(r => Key(r, key)).Where(byKey.ContainsKey).ToList();
            foreach (var row in change.Upsert)
            {
                var k = Key(row, key);
                if (!byKey.ContainsKey(k) && change.Order is null) order.Add(k);
                byKey[k] = row;
            }
            var array = new JsonArray();
            foreach (var k in order) array.Add(byKey[k].DeepClone());
            result[name] = array;
        }
        return result;
    }

    private static ListChange? DiffList(JsonArray before, JsonArray after, string[] key)
    {
        var oldKeys = before.Select(r => r is null ? null : Key(r, key)).ToList();
        var newKeys = after.Select(r => r is null ? null : Key(r, key)).ToList();
        // Rows without a key, or keys that repeat, cannot be matched: the caller sends the list whole.
        if (oldKeys.Any(k => k is null) || newKeys.Any(k => k is null)) return null;
        if (oldKeys.Distinct().Count() != oldKeys.Count || newKeys.Distinct().Count() != newKeys.Count) return null;
        var old = before.ToDictionary(r => Key(r!, key), r => r!, StringComparer.Ordinal);
        var upsert = after.Where(r => !old.TryGetValue(Key(r!, key), out var o) || !JsonNode.DeepEquals(o, r)).Select(r => r!.DeepClone()).ToList();
        var newSet = newKeys.ToHashSet(StringComparer.Ordinal);
        var remove = oldKeys.Where(k => !newSet.Contains(k!)).Select(k => k!).ToList();
        // The order is sent only when the surviving rows moved or new rows were not simply appended.
        var kept = oldKeys.Where(k => newSet.Contains(k!)).ToList();
        var expected = kept.Concat(newKeys.Where(k => !old.ContainsKey(k!))).ToList();
        var order = expected.SequenceEqual(newKeys) ? null : newKeys.Select(k => k!).ToList();
        return new ListChange(upsert, remove, order);
    }

    private static string Key(JsonNode row, string[] key) =>
        key.Length == 1 ? row[key[0]]?.ToJsonString() ?? "" : string.Join('|', key.Select(k => row[k]?.ToJsonString() ?? ""));
}
