using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace ExposureWeb.Auth;

/// <summary>
/// Tracks each circuit under the session it was opened with. When the session is revoked the circuit's user becomes
/// anonymous at once: the router shows every page as not authorized, which sends the browser to the sign-in page, and
/// no component of the circuit sees the signed-out user's data again.
/// </summary>
public sealed class SessionCircuitHandler(AuthenticationStateProvider authentication, LiveSessions sessions, SessionEnded ended) : CircuitHandler
{
    private IDisposable? _registration;

    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        if (user.Session() is { } sessionId) _registration = sessions.AddCircuit(sessionId, circuit.Id, SignOut);
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        _registration?.Dispose();
        return Task.CompletedTask;
    }

    private void SignOut()
    {
        ended.Revoked = true;
        // The server's provider is the one the circuit was given its user through; it raises the change to the components.
        if (authentication is IHostEnvironmentAuthenticationStateProvider host)
        {
            host.SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity()))));
        }
    }
}

/// <summary>
/// Whether this circuit's session was revoked (rather than never signed in): the redirect to the sign-in page then says
/// "you are signed out", the same page a sign-out form lands on, so it does not matter which of the two navigations wins.
/// </summary>
public sealed class SessionEnded
{
    public bool Revoked { get; set; }
}
