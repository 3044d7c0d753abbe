namespace ExposureWeb.Data.Workspaces;

/// <summary>
/// Raised after a member joins, changes role, is removed or leaves, with the workspace and the user concerned, so open
/// pages and hub connections of that user re-check what they may see at once instead of at their next reload.
/// </summary>
public sealed class MembershipChangeSignal
{
    public event Action<int, int>? Changed;

    public void Raise(int workspaceId, int userId) => Changed?.Invoke(workspaceId, userId);
}
