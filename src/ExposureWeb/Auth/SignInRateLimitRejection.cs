using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace ExposureWeb.Auth;

/// <summary>The answer to a client over the sign-in rate limit: 429, when to come back (<c>Retry-After</c>) and why, as the other sign-in refusals say it.</summary>
internal static class SignInRateLimitRejection
{
    public static async ValueTask WriteAsync(OnRejectedContext context, CancellationToken ct)
    {
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        var response = context.HttpContext.Response;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await response.WriteAsJsonAsync(
            new AuthEndpoints.Refusal("TooManyRequests", $"too many sign-in requests from your address; try again in {seconds} s"), ct);
    }
}
