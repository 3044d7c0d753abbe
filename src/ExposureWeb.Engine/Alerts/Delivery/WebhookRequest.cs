namespace ExposureWeb.Engine.Alerts.Delivery;

/// <summary>One webhook delivery: where, signed with which secrets, under which idempotency key, with which JSON body.</summary>
/// <param name="Url">The receiver's http(s) URL (checked by <see cref="WebhookUrlGuard"/>).</param>
/// <param name="Secrets">The active signing secrets, one or two (two while rotating; see <see cref="WebhookSignature"/>).</param>
/// <param name="IdempotencyKey">Sent as <c>Idempotency-Key</c>; the same for every retry and replay (see <see cref="DeliveryIdempotencyKey"/>).</param>
/// <param name="Body">The UTF-8 JSON body, sent and signed byte for byte.</param>
public sealed record WebhookRequest(string Url, IReadOnlyList<string> Secrets, string IdempotencyKey, ReadOnlyMemory<byte> Body)
{
    /// <summary>Secrets are not printed (records print every member otherwise).</summary>
    public override string ToString() => $"webhook {IdempotencyKey} to {WebhookSender.Redact(Url)} ({Body.Length} bytes)";
}
