using ExposureWeb.Auth;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Hosting;

/// <summary><c>Auth:PublicOrigin</c> is an origin: http or https, a host, maybe a port, and nothing after it.</summary>
internal sealed class PublicOriginValidation : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.PublicOrigin)) return ValidateOptionsResult.Success;
        var key = $"{AuthOptions.Section}:{nameof(AuthOptions.PublicOrigin)}";
        if (!Uri.TryCreate(options.PublicOrigin, UriKind.Absolute, out var origin) || (origin.Scheme != Uri.UriSchemeHttps && origin.Scheme != Uri.UriSchemeHttp))
        {
            return ValidateOptionsResult.Fail($"{key} '{options.PublicOrigin}' is not an http(s) origin; write it as the browser's address bar shows it, e.g. https://exposure.example.com");
        }
        if (origin.AbsolutePath != "/" || origin.Query.Length > 0 || origin.Fragment.Length > 0 || origin.UserInfo.Length > 0)
        {
            return ValidateOptionsResult.Fail($"{key} '{options.PublicOrigin}' has more than scheme, host and port; the app is served from the root of its origin, so give just {origin.GetLeftPart(UriPartial.Authority)}");
        }
        return ValidateOptionsResult.Success;
    }
}
