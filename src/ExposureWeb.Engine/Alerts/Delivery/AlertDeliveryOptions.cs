using System.ComponentModel.DataAnnotations;

namespace ExposureWeb.Engine.Alerts.Delivery;

/// <summary>The <c>Alerts:Delivery</c> section of appsettings.json: retries, timeouts, the webhook allow-list, SMTP.</summary>
public sealed class AlertDeliveryOptions : IValidatableObject
{
    public const string Section = "Alerts:Delivery";

    /// <summary>Attempts per delivery (the first one included) before it goes to the dead letter; default 8.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Backoff before the second attempt, doubled for each later one (before jitter), in seconds; default 2.</summary>
    [Range(1, 3600)]
    public int BaseDelaySeconds { get; set; } = 2;

    /// <summary>Ceiling of the backoff, in seconds; default 600.</summary>
    [Range(1, 86_400)]
    public int MaxDelaySeconds { get; set; } = 600;

    /// <summary>One attempt (connect, send, response headers), in seconds; slower counts as a retryable failure. Default 10.</summary>
    [Range(1, 300)]
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// Hosts (names or IP literals) and CIDR ranges that webhooks may reach although they are loopback, private or
    /// link-local, e.g. <c>["hooks.internal", "10.20.0.0/16", "127.0.0.1"]</c>. A listed name may be used in a URL and
    /// whatever it resolves to is trusted; a listed address or range is trusted whichever name led to it. Empty by default:
    /// only public endpoints.
    /// </summary>
    public string[] WebhookAllowList { get; set; } = [];

    /// <summary>The SMTP server alert e-mail goes through.</summary>
    /// <summary>
    /// The app's public address (e.g. <c>https://risk.example.com</c>), for links in e-mails; without it an e-mail names the
    /// page's path only. Never derived from a request: a Host header must not decide where links point.
    /// </summary>
    [Url]
    public string? PublicBaseUrl { get; set; }

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>The backoff these settings describe, with <paramref name="random"/> for the jitter.</summary>
    public DeliveryBackoff Backoff(Random random) =>
        new(TimeSpan.FromSeconds(BaseDelaySeconds), TimeSpan.FromSeconds(MaxDelaySeconds), random);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxDelaySeconds < BaseDelaySeconds)
            yield return new ValidationResult(
                $"{Section}:MaxDelaySeconds ({MaxDelaySeconds}) must not be below BaseDelaySeconds ({BaseDelaySeconds}).",
                [nameof(MaxDelaySeconds)]);
        foreach (var entry in WebhookAllowList ?? [])
        {
            if (WebhookAllowListEntry.TryParse(entry, out _) is false)
                yield return new ValidationResult(
                    $"{Section}:WebhookAllowList entry '{entry}' is neither a host name, an IP address nor a CIDR range.",
                    [nameof(WebhookAllowList)]);
        }
        // DataAnnotations does not descend into nested objects by itself.
        var smtpResults = new List<ValidationResult>();
        Validator.TryValidateObject(Smtp, new ValidationContext(Smtp), smtpResults, validateAllProperties: true);
        foreach (var result in smtpResults.Concat(Smtp.Validate(new ValidationContext(Smtp))))
            yield return new ValidationResult($"{Section}:Smtp: {result.ErrorMessage}", result.MemberNames);
    }
}

/// <summary>How the SMTP connection is secured.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain text (a relay on the same host or network only).</summary>
    None,

    /// <summary>Plain connection upgraded with STARTTLS, which the server must offer (submission port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,
}

/// <summary>The <c>Alerts:Delivery:Smtp</c> section. No <see cref="Host"/>: e-mail alerts are off.</summary>
public sealed class SmtpOptions : IValidatableObject
{
    /// <summary>SMTP server host name or address; empty turns e-mail delivery off.</summary>
    public string? Host { get; set; }

    /// <summary>SMTP port; default 587 (submission).</summary>
    [Range(1, 65_535)]
    public int Port { get; set; } = 587;

    /// <summary>Sender address, e.g. <c>ExposureWeb alerts &lt;alerts@example.com&gt;</c>; required with a host.</summary>
    public string? From { get; set; }

    /// <summary>Login; empty sends without authentication.</summary>
    public string? UserName { get; set; }

    /// <summary>Password for <see cref="UserName"/>. A secret: set it from the environment or a secret store; never logged.</summary>
    public string? Password { get; set; }

    /// <summary>Transport security; default <see cref="SmtpSecurity.StartTls"/>.</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>Whether e-mail delivery is configured at all.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Host))]
    public bool Enabled => string.IsNullOrWhiteSpace(Host) is false;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Enabled is false)
            yield break;
        if (string.IsNullOrWhiteSpace(From))
            yield return new ValidationResult("From is required when Host is set.", [nameof(From)]);
        else if (MimeKit.MailboxAddress.TryParse(From, out _) is false)
            yield return new ValidationResult($"From '{From}' is not an e-mail address.", [nameof(From)]);
        if (string.IsNullOrEmpty(Password) is false && string.IsNullOrEmpty(UserName))
            yield return new ValidationResult("Password is set but UserName is not.", [nameof(UserName)]);
    }

    /// <summary>Host, port, security and user, with the password redacted: safe for logs and exception messages.</summary>
    public override string ToString() =>
        $"smtp {Host}:{Port} ({Security}){(string.IsNullOrEmpty(UserName) ? "" : $" as {UserName}, password ***")}";
}
