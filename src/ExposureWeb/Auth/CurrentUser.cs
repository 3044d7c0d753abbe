using Microsoft.AspNetCore.Components.Authorization;

namespace ExposureWeb.Auth;

/// <summary>The signed-in user of a circuit, for components.</summary>
public sealed class CurrentUser(AuthenticationStateProvider authentication)
{
    /// <summary>The user's id; pages are behind [Authorize], so a missing id is a bug, not a state.</summary>
    public async Task<int> IdAsync() =>
        (await authentication.GetAuthenticationStateAsync()).User.UserId()
        ?? throw new InvalidOperationException("no signed-in user on this circuit");
}
