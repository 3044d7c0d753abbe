namespace ExposureWeb.Data.Entities;

/// <summary>Who a share link opens for.</summary>
public enum ShareAudience
{
    /// <summary>Whoever has the URL.</summary>
    Anyone,

    /// <summary>Only viewers who prove, with a Sign-In with Ethereum signature, that they hold one of the listed addresses.</summary>
    Addresses,
}

/// <summary>
/// A read-only link to one dashboard (live) or one snapshot (frozen) for people without an account. The URL's secret is stored only as its SHA-256, so
/// the database does not hold working links; rotating replaces the secret (the old URL dies), revoking or expiring ends
/// it and cuts its open viewers. The sharer pins the dashboard's variables here, on the server: the viewer cannot turn
/// the link to another portfolio of the workspace.
/// </summary>
public sealed class ShareLink
{
    public int Id { get; set; }

    public int WorkspaceId { get; set; }

    /// <summary>The dashboard it shows live; null for a snapshot's link.</summary>
    public int? DashboardId { get; set; }

    /// <summary>The snapshot it shows; null for a dashboard's link.</summary>
    public int? SnapshotId { get; set; }

    /// <summary>SHA-256 (hex) of the URL's secret.</summary>
    public required string TokenHash { get; set; }

    /// <summary>The secret's last characters, so the sharer can tell links apart without the secret being kept.</summary>
    public required string TokenHint { get; set; }

    /// <summary>What the sharer calls it ("for the auditors"); optional.</summary>
    public string? Label { get; set; }

    public ShareAudience Audience { get; set; }

    /// <summary>For <see cref="ShareAudience.Addresses"/>: the allowed wallets, EIP-55, comma-separated.</summary>
    public string? Addresses { get; set; }

    /// <summary>The portfolio variable, pinned: widgets without a portfolio of their own show this one.</summary>
    public int? PinnedPortfolioId { get; set; }

    /// <summary>The underlying variable, pinned (null: all underlyings).</summary>
    public string? PinnedUnderlying { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public int CreatedByUserId { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public DateTimeOffset? RotatedAt { get; set; }

    /// <summary>Page opens, counted on the server.</summary>
    public int Views { get; set; }

    public DateTimeOffset? LastViewedAt { get; set; }

    public Dashboard? Dashboard { get; set; }

    public DashboardSnapshot? Snapshot { get; set; }
}
