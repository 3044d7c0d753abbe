using ExposureWeb.Hubs;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.SignalR;

namespace ExposureWeb.Auth;

public static class SessionExtensions
{
    /// <summary>
    /// Server-side sessions: the cookie's session checked on each request (<see cref="SessionValidator"/>), and the hub
    /// connections and circuits of a revoked session closed at once (<see cref="LiveSessions"/>).
    /// </summary>
    public static IServiceCollection AddExposureSessions(this IServiceCollection services)
    {
        services.AddSingleton<SessionValidator>();
        services.AddSingleton<LiveSessions>();
        services.AddSingleton<SessionHubFilter>();
        services.Configure<HubOptions>(o => o.AddFilter<SessionHubFilter>());
        services.AddScoped<SessionEnded>();
        services.AddScoped<CircuitHandler, SessionCircuitHandler>();
        return services;
    }
}
