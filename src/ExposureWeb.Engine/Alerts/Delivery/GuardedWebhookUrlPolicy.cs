using ExposureWeb.Data.Alerts;

namespace ExposureWeb.Engine.Alerts.Delivery;

/// <summary>
/// What a webhook URL must meet to be stored: the basic form (absolute http(s), a host, no credentials) and then the SSRF
/// guard (no loopback, private, link-local or metadata address unless allow-listed). The same guard runs again at every
/// delivery, on the resolved addresses.
/// </summary>
public sealed class GuardedWebhookUrlPolicy(WebhookUrlGuard guard) : IWebhookUrlPolicy
{
    private readonly BasicWebhookUrlPolicy _basic = new();

    public string? Check(string url) => _basic.Check(url) ?? guard.Validate(url.Trim());
}
