using ExposureWeb.Auth;
using Microsoft.AspNetCore.SignalR;

namespace ExposureWeb.Hubs;

/// <summary>
/// Registers every SignalR connection made with a session cookie — the exposure hub's and the one each Blazor circuit
/// runs over (a global filter sees both) — so that revoking the session closes them (<see cref="LiveSessions"/>).
/// </summary>
public sealed class SessionHubFilter(LiveSessions sessions) : IHubFilter
{
    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        if (context.Context.User?.Session() is { } sessionId) sessions.AddConnection(sessionId, context.Context, CarriesCircuit(context.Hub));
        await next(context);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        if (context.Context.User?.Session() is { } sessionId) sessions.RemoveConnection(sessionId, context.Context.ConnectionId, CarriesCircuit(context.Hub));
        await next(context, exception);
    }

    // The app's only hub of its own is the exposure hub; any other is Blazor's, carrying a circuit.
    private static bool CarriesCircuit(Hub hub) => hub is not ExposureHub;
}
