namespace ExposureWeb.Data.Alerts;

/// <summary>
/// Decides whether a webhook URL may be stored. The hook point for the SSRF guard of the delivery code
/// (<c>WebhookUrlGuard</c>: no loopback, private, link-local or metadata addresses unless allow-listed): the web host
/// replaces <see cref="BasicWebhookUrlPolicy"/> with it once it is there.
/// </summary>
public interface IWebhookUrlPolicy
{
    /// <summary>Null when the URL is acceptable; otherwise a sentence saying what is wrong.</summary>
    string? Check(string url);
}

/// <summary>The minimum every webhook URL meets: absolute, http or https, a host, no credentials in it.</summary>
public sealed class BasicWebhookUrlPolicy : IWebhookUrlPolicy
{
    public const int MaxLength = 2000;

    public string? Check(string url)
    {
        if (string.IsNullOrWhiteSpace(url)) return "Webhook URL is required, e.g. https://hooks.example.com/exposure.";
        if (url.Length > MaxLength) return $"Webhook URL is at most {MaxLength} characters.";
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)) return $"\"{url}\" is not an absolute URL: write it with its scheme, e.g. https://hooks.example.com/exposure.";
        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) return $"Webhook URLs are http or https, not {uri.Scheme}.";
        if (string.IsNullOrEmpty(uri.Host)) return "Webhook URL needs a host name.";
        if (uri.UserInfo.Length > 0) return "Put no user name or password in the URL: deliveries are signed with the destination's secret instead.";
        return null;
    }
}
