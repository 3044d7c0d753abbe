using ExposureWeb.Data.Workspaces;

namespace ExposureWeb.Auth;

/// <summary>The audit log's "who" for a request: the signed-in user and the client's address (after trusted proxies).</summary>
public static class WorkspaceActors
{
    public static WorkspaceActor Actor(this HttpContext http, int userId, string address) =>
        new(userId, address, http.Connection.RemoteIpAddress?.ToString());

    /// <summary>The signed-in caller as an actor, or null for anonymous callers.</summary>
    public static WorkspaceActor? Actor(this HttpContext http) =>
        http.User.UserId() is { } id && http.User.WalletAddress() is { } address ? http.Actor(id, address) : null;
}
