using ExposureWeb.Data.Workspaces;
using Microsoft.AspNetCore.Components.Authorization;

namespace ExposureWeb.Auth;

/// <summary>The signed-in user of a circuit, for components.</summary>
public sealed class CurrentUser(AuthenticationStateProvider authentication, CircuitClient client)
{
    /// <summary>The user's id; pages are behind [Authorize], so a missing id is a bug, not a state.</summary>
    public async Task<int> IdAsync() =>
        (await authentication.GetAuthenticationStateAsync()).User.UserId()
        ?? throw new InvalidOperationException("no signed-in user on this circuit");

    /// <summary>The user as the audit log records them: id, wallet, and the browser's address.</summary>
    public async Task<WorkspaceActor> ActorAsync()
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        return new WorkspaceActor(
            user.UserId() ?? throw new InvalidOperationException("no signed-in user on this circuit"),
            user.WalletAddress() ?? "", client.Address);
    }
}
