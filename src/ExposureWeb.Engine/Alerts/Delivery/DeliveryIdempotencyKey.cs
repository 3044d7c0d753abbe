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

    private static void Check(string part, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(part, name);
        if (part.Contains(':'))
            throw new ArgumentException($"'{part}' contains ':', the idempotency key's separator.", name);
    }
}
