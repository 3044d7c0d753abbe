namespace ExposureWeb.Data.Entities;

/// <summary>
/// A browser sign-in, recorded on the server: the session cookie carries only its id, so signing out (here or
/// everywhere) ends it for every copy of that cookie, and the user can see where they are signed in.
/// </summary>
public sealed class UserSession
{
    /// <summary>Random, 32 lower-case hex characters (128 bits).</summary>
    public required string Id { get; set; }

    public int UserId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When a request last came with this session, to within <c>UserSessionStore.LastSeenResolution</c>.</summary>
    public DateTimeOffset LastSeenAt { get; set; }

    /// <summary>When it was signed out; a revoked session never becomes valid again.</summary>
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>The client's address at sign-in, for the user's list of sessions.</summary>
    public string? ClientAddress { get; set; }

    /// <summary>The browser's User-Agent at sign-in (truncated), for the user's list of sessions.</summary>
    public string? UserAgent { get; set; }
}
