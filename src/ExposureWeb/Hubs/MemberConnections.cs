using ExposureWeb.Data.Workspaces;
using Microsoft.AspNetCore.SignalR;

namespace ExposureWeb.Hubs;

/// <summary>
/// Exposure-hub connections by user: when a member is removed from a workspace (or their role changes), their
/// connections are closed at once, so the portfolio groups they joined stop reaching them now; a client that reconnects
/// may subscribe again only to what it may still see.
/// </summary>
public sealed class MemberConnections : IDisposable
{
    private readonly KeyedRegistry<int, HubCallerContext> _byUser = new();
    private readonly MembershipChangeSignal _memberships;

    public MemberConnections(MembershipChangeSignal memberships)
    {
        _memberships = memberships;
        memberships.Changed += OnMembershipChanged;
    }

    public void Add(int userId, HubCallerContext connection) => _byUser.Add(userId, connection.ConnectionId, connection);

    public void Remove(int userId, string connectionId) => _byUser.Remove(userId, connectionId);

    /// <summary>Open connections of the user (for tests and diagnostics).</summary>
    public int Count(int userId) => _byUser.Count(userId);

    private void OnMembershipChanged(int workspaceId, int userId)
    {
        foreach (var connection in _byUser.TakeAll(userId)) connection.Abort();
    }

    public void Dispose() => _memberships.Changed -= OnMembershipChanged;
}
