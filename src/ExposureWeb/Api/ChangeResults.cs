using ExposureWeb.Data.Accounts;

namespace ExposureWeb.Api;

/// <summary>How the workspace and dashboard APIs answer a store's <see cref="ChangeResult"/>.</summary>
public static class ChangeResults
{
    /// <summary>
    /// <paramref name="ok"/> when done; otherwise 404 (missing or not the caller's), 403 (the role may not), 409 (changed
    /// since read, or a quota), else 400 with the store's reason. Nothing was changed in any of those.
    /// </summary>
    public static IResult ToResult(this ChangeResult result, Func<IResult> ok) =>
        result.Ok ? ok()
        : result.NotFound ? Results.NotFound()
        : result.Forbidden ? Results.Problem(result.Error, statusCode: StatusCodes.Status403Forbidden)
        : result.QuotaReached ? QuotaProblem.Of(result)
        : result.Conflict ? Results.Problem(result.Error, statusCode: StatusCodes.Status409Conflict, title: NothingChanged)
        : Invalid(result.Error!);

    public static IResult Invalid(string error) => Results.Problem(error, statusCode: StatusCodes.Status400BadRequest, title: NothingChanged);

    private const string NothingChanged = "Nothing was changed";
}
