using ExposureWeb.Data.Dashboards;
using ExposureWeb.Data.Entities;

namespace ExposureWeb.Data.Sharing;

/// <summary>What a sharer asks for: who may open the link, until when, and the variables pinned for its viewers.</summary>
/// <param name="Label">What the sharer calls it; optional.</param>
/// <param name="Addresses">Null or empty: anyone with the link; otherwise only viewers who prove one of these wallets.</param>
/// <param name="ExpiresAt">When the link dies; null: <see cref="ShareLinkRules.DefaultLifetime"/> from now.</param>
/// <param name="PortfolioId">The portfolio variable pinned for viewers; null: the dashboard's default.</param>
/// <param name="Underlying">The underlying variable pinned for viewers; null: the dashboard's default.</param>
public sealed record ShareLinkRequest(
    string? Label = null, IReadOnlyList<string>? Addresses = null, DateTimeOffset? ExpiresAt = null, int? PortfolioId = null, string? Underlying = null);

/// <summary>
/// A share link as its workspace's members see it (never its secret: that is shown once, when made or rotated). It shows
/// a dashboard live (<see cref="DashboardId"/>) or a snapshot (<see cref="SnapshotId"/>); <see cref="DashboardName"/> is the name of either.
/// </summary>
public sealed record ShareLinkView(
    int Id, int WorkspaceId, int? DashboardId, int? SnapshotId, string DashboardName, string? Label, ShareAudience Audience, IReadOnlyList<string> Addresses,
    int? PinnedPortfolioId, string? PinnedPortfolioName, string? PinnedUnderlying, string TokenHint, string CreatedBy, DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt, DateTimeOffset? RotatedAt, int Views, DateTimeOffset? LastViewedAt)
{
    public bool IsLive(DateTimeOffset now) => RevokedAt is null && ExpiresAt > now;
}

/// <summary>
/// What a share link's viewer may see: the dashboard's layout and name, the pinned variables, and the names of exactly the
/// portfolios its widgets show. Nothing else of the workspace (its name, members, other portfolios) is in here.
/// </summary>
/// <remarks>A snapshot's link (<see cref="SnapshotId"/> set) shows that snapshot's frozen state instead of the live one.</remarks>
public sealed record SharedDashboard(
    int LinkId, int WorkspaceId, int? DashboardId, int? SnapshotId, string DashboardName, DashboardLayout Layout, int? PortfolioVariable, string? UnderlyingVariable,
    IReadOnlyDictionary<int, string> Portfolios, ShareAudience Audience, IReadOnlyList<string> Addresses, DateTimeOffset ExpiresAt)
{
    /// <summary>Whether a proven wallet may open it (always, for "anyone with the link").</summary>
    public bool Admits(string? address) =>
        Audience == ShareAudience.Anyone || (address is not null && Addresses.Contains(address, StringComparer.OrdinalIgnoreCase));
}

/// <summary>Why a link stopped working while viewers had it open.</summary>
public enum ShareLinkEnd
{
    Revoked,
    Rotated,
    Expired,
}

/// <summary>
/// Raised when a link ends (revoked or rotated here; expiry is timed by whoever holds it open) so its open viewers are cut
/// at once, and when a workspace's links change so the pages listing them follow.
/// </summary>
public sealed class ShareLinkSignal
{
    public event Action<int, ShareLinkEnd>? Ended;

    public event Action<int>? Changed;

    public void RaiseEnded(int linkId, ShareLinkEnd why) => Ended?.Invoke(linkId, why);

    public void RaiseChanged(int workspaceId) => Changed?.Invoke(workspaceId);

    /// <summary>Links of a workspace that went with what they showed (a deleted dashboard or snapshot): cut like a revoke's.</summary>
    public void RaiseGone(int workspaceId, IReadOnlyCollection<int> linkIds)
    {
        if (linkIds.Count == 0) return;
        foreach (var id in linkIds) RaiseEnded(id, ShareLinkEnd.Revoked);
        RaiseChanged(workspaceId);
    }
}
