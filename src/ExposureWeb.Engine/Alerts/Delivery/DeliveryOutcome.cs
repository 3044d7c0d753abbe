namespace ExposureWeb.Engine.Alerts.Delivery;

/// <summary>
/// What one delivery attempt came to: the entry the outbox writes to its per-attempt delivery log, and the input of
/// <see cref="DeliveryRetryPolicy"/>.
/// </summary>
/// <param name="Succeeded">The receiver took it (webhook 2xx, SMTP server accepted the message).</param>
/// <param name="Retryable">A failure worth another attempt (timeouts, connection errors, 408/425/429/5xx, SMTP 4xx); false for permanent ones.</param>
/// <param name="StatusCode">HTTP status or SMTP reply code, when the receiver answered.</param>
/// <param name="Error">Why it failed, for the delivery log and the dead letter; null on success. Never contains secrets.</param>
/// <param name="Duration">How long the attempt took.</param>
/// <param name="RetryAfter">The receiver's Retry-After (429/503): the next attempt should wait at least this long.</param>
public sealed record DeliveryOutcome(
    bool Succeeded,
    bool Retryable,
    int? StatusCode,
    string? Error,
    TimeSpan Duration,
    TimeSpan? RetryAfter = null)
{
    /// <summary>The receiver took it.</summary>
    public static DeliveryOutcome Success(int? statusCode, TimeSpan duration) => new(true, false, statusCode, null, duration);

    /// <summary>A failure another attempt may cure.</summary>
    public static DeliveryOutcome Transient(string error, TimeSpan duration, int? statusCode = null, TimeSpan? retryAfter = null) =>
        new(false, true, statusCode, error, duration, retryAfter);

    /// <summary>A failure that another attempt would repeat (bad address, refused URL, 4xx, SMTP 5xx).</summary>
    public static DeliveryOutcome Permanent(string error, TimeSpan duration, int? statusCode = null) =>
        new(false, false, statusCode, error, duration);
}
