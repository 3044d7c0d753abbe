namespace ExposureWeb.Data.Entities;

/// <summary>
/// A bearer token an outside client (a bot, a notebook) uses for the API and the hub, acting as its
/// user. Only the SHA-256 of the secret is stored; the secret is shown once, when it is made.
/// </summary>
public sealed class ApiToken
{
    public int Id { get; set; }

    public int UserId { get; set; }

    public required string Name { get; set; }

    /// <summary>Lower-case hex SHA-256 of the secret; unique.</summary>
    public required string SecretHash { get; set; }

    /// <summary>The secret's first characters, so the user can tell tokens apart.</summary>
    public required string Prefix { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public User? User { get; set; }
}
