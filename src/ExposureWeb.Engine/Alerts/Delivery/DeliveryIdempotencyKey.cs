using System.Globalization;

namespace ExposureWeb.Engine.Alerts.Delivery;

/// <summary>
/// The idempotency key of an alert delivery: <c>rule:instance:transition</c>. The same alert transition always gets
/// the same key, however often it is retried or replayed, so a receiver can drop duplicates (Hangfire and the outbox
/// deliver at least once).
/// </summary>
public static class DeliveryIdempotencyKey
{
    /// <summary>The key of <paramref name="transition"/> (e.g. <c>firing</c>, <c>resolved</c>) of one instance of a rule.</summary>
    /// <exception cref="ArgumentException">A part is empty or contains ':' (the key would be ambiguous).</exception>
    public static string Create(string ruleId, string instanceId, string transition)
    {
        Check(ruleId, nameof(ruleId));
        Check(instanceId, nameof(instanceId));
        Check(transition, nameof(transition));
        return $"{ruleId}:{instanceId}:{transition}";
    }

    /// <summary>The key of a stored transition: its rule, its instance and its own id.</summary>
    public static string Of(int ruleId, long instanceId, long transitionId) =>
        Create(ruleId.ToString(CultureInfo.InvariantCulture), instanceId.ToString(CultureInfo.InvariantCulture), transitionId.ToString(CultureInfo.InvariantCulture));

    /// <summary>The key of the <paramref name="number"/>th reminder of a still-firing transition: <c>{key}:r{n}</c>.</summary>
    public static string Repeat(string key, int number) => string.Create(CultureInfo.InvariantCulture, $"{key}:r{number}");

    /// <summary>Which reminder <paramref name="key"/> is of <paramref name="baseKey"/> (the inverse of <see cref="Repeat"/>); 0 for the original or another key.</summary>
    public static int RepeatNumber(string key, string baseKey) =>
        key.Length > baseKey.Length + 2 && key.StartsWith(baseKey + ":r", StringComparison.Ordinal)
        && int.TryParse(key.AsSpan(baseKey.Length + 2), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    private static void Check(string part, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(part, name);
        if (part.Contains(':'))
            throw new ArgumentException($"'{part}' contains ':', the idempotency key's separator.", name);
    }
}
