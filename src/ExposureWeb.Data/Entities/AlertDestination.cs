namespace ExposureWeb.Data.Entities;

/// <summary>How a destination is reached.</summary>
public enum AlertDestinationKind
{
    Webhook = 0,
    Email = 1,
}

/// <summary>A workspace's webhook or e-mail destination that rules notify.</summary>
public sealed class AlertDestination
{
    public int Id { get; set; }

    public int WorkspaceId { get; set; }

    public required string Name { get; set; }

    public AlertDestinationKind Kind { get; set; }

    /// <summary>The webhook URL, or the e-mail addresses (comma-separated).</summary>
    public required string Target { get; set; }

    /// <summary>Webhook signing secret (HMAC-SHA256); null for e-mail.</summary>
    public string? Secret { get; set; }

    /// <summary>A second active secret during rotation: both sign every delivery until the old one is removed.</summary>
    public string? SecondarySecret { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
