namespace ExposureWeb.Api;

/// <summary>
/// Reads a request body under the strict JSON rules of the alert API (unknown members, numbers for enums and malformed
/// JSON refused with the field named), for endpoints whose bodies model binding would read leniently.
/// </summary>
public static class StrictBody
{
    public static async Task<(T? Value, IResult? Refusal)> ReadAsync<T>(HttpRequest request, string what) where T : class
    {
        var (value, errors) = AlertRuleBody.Parse<T>(await AlertRuleBody.ReadTextAsync(request, request.HttpContext.RequestAborted), what);
        return value is not null
            ? (value, null)
            : (null, Results.Problem(string.Join(" ", errors.Select(e => $"{e.Field}: {e.Message}")), statusCode: StatusCodes.Status400BadRequest, title: "Nothing was changed"));
    }
}
