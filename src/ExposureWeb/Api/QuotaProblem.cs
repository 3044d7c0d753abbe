using ExposureWeb.Data.Accounts;

namespace ExposureWeb.Api;

/// <summary>
/// How the API answers a quota refusal: 409 Conflict (the request is fine, the owner is full) with a problem body whose
/// detail is the store's message (count, limit, setting, what to do); 429 with <c>Retry-After</c> for an hourly limit.
/// </summary>
public static class QuotaProblem
{
    public const string Title = "Quota reached";

    public static IResult Of(ChangeResult result) => Of(result.Error);

    public static IResult Of(string? message) =>
        Results.Problem(message, statusCode: StatusCodes.Status409Conflict, title: Title);

    public static IResult TooMany(HttpContext http, string? message, TimeSpan retryAfter)
    {
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Problem(message, statusCode: StatusCodes.Status429TooManyRequests, title: Title);
    }
}
