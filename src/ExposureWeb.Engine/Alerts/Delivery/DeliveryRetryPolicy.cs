namespace ExposureWeb.Engine.Alerts.Delivery;

/// <summary>What to do with a delivery after an attempt.</summary>
public abstract record DeliveryDecision
{
    private DeliveryDecision() { }

    /// <summary>Done: the receiver has it.</summary>
    public sealed record Delivered : DeliveryDecision;

    /// <summary>Try again after <paramref name="Delay"/>.</summary>
    public sealed record Retry(TimeSpan Delay) : DeliveryDecision;

    /// <summary>Give up: move it to the dead letter, from where an operator can replay it.</summary>
    public sealed record DeadLetter(string Reason) : DeliveryDecision;
}

/// <summary>
/// The one rule for what follows an attempt, pure so the outbox (and its tests) apply it the same way everywhere:
/// success → delivered; a permanent failure → dead letter at once (another attempt would fail the same way); a retryable
/// one → retry after the jittered backoff, but not sooner than the receiver's Retry-After, until the attempt limit, then
/// dead letter. A replay from the dead letter starts counting attempts from 1 again, with the same idempotency key.
/// </summary>
public sealed class DeliveryRetryPolicy(int maxAttempts, DeliveryBackoff backoff)
{
    /// <summary>The policy <paramref name="options"/> describe.</summary>
    public static DeliveryRetryPolicy From(AlertDeliveryOptions options, Random random) =>
        new(options.MaxAttempts, options.Backoff(random));

    /// <summary>Attempts before the dead letter.</summary>
    public int MaxAttempts { get; } = maxAttempts >= 1 ? maxAttempts : throw new ArgumentOutOfRangeException(nameof(maxAttempts));

    /// <summary>The decision after attempt number <paramref name="attempt"/> (1-based) ended in <paramref name="outcome"/>.</summary>
    public DeliveryDecision Decide(int attempt, DeliveryOutcome outcome)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        if (outcome.Succeeded)
            return new DeliveryDecision.Delivered();
        if (outcome.Retryable is false)
            return new DeliveryDecision.DeadLetter($"permanent failure: {outcome.Error}");
        if (attempt >= MaxAttempts)
            return new DeliveryDecision.DeadLetter($"gave up after {attempt} attempts; last: {outcome.Error}");
        var delay = backoff.Delay(attempt);
        // Retry-After is a floor, but capped at the backoff's maximum so a receiver cannot park a delivery for days.
        if (outcome.RetryAfter is { } hint)
            delay = TimeSpan.FromTicks(Math.Max(delay.Ticks, Math.Min(hint.Ticks, backoff.MaxDelay.Ticks)));
        return new DeliveryDecision.Retry(delay);
    }
}
