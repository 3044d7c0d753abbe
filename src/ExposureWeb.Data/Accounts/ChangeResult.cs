namespace ExposureWeb.Data.Accounts;

/// <summary>
/// The outcome of a change a user asked for. <see cref="NotFound"/> covers "does not exist" and "not yours"
/// alike, so a refusal tells nothing about other workspaces.
/// </summary>
public sealed record ChangeResult(bool Ok, string? Error, bool NotFound = false, bool Forbidden = false, bool Conflict = false)
{
    public static readonly ChangeResult Done = new(true, null);

    public static readonly ChangeResult Missing = new(false, "not found, or you may not change it", NotFound: true);

    public static ChangeResult Invalid(string error) => new(false, error);

    /// <summary>The user may see the thing but their role may not change it (an API answers 403).</summary>
    public static ChangeResult Refused(string error) => new(false, error, Forbidden: true);

    /// <summary>Someone else changed the thing since the caller read it (an API answers 409); nothing was saved.</summary>
    public static ChangeResult Stale(string error) => new(false, error, Conflict: true);

    /// <summary>Refused because a quota (<see cref="Quotas.QuotaOptions"/>) is reached; nothing was written (an API answers 409).</summary>
    public bool QuotaReached { get; init; }

    public static ChangeResult OverQuota(string message) => new(false, message) { QuotaReached = true };
}
