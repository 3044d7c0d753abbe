namespace ExposureWeb.Engine.Alerts.Delivery;

/// <summary>One alert e-mail.</summary>
/// <param name="To">Recipient addresses (at least one).</param>
/// <param name="Subject">Subject line.</param>
/// <param name="TextBody">Plain-text body, always sent (mail clients without HTML, and filters).</param>
/// <param name="HtmlBody">Optional HTML alternative.</param>
/// <param name="IdempotencyKey">The delivery's key; the Message-Id is derived from it, so a resent duplicate has the same Message-Id.</param>
public sealed record EmailMessage(
    IReadOnlyList<string> To,
    string Subject,
    string TextBody,
    string? HtmlBody,
    string IdempotencyKey);
