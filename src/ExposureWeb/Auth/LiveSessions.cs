using ExposureWeb.Data.Accounts;
using ExposureWeb.Hubs;
using Microsoft.AspNetCore.SignalR;

namespace ExposureWeb.Auth;

/// <summary>
/// What is open of each session on this server, so that revoking a session ends it now rather than when its cookie
/// is next presented: its exposure-hub connections are aborted at once; its Blazor circuits are first told they are
/// signed out (the page then sends the browser to the sign-in page) and their connections aborted after
/// <see cref="CircuitGrace"/> if the browser has not left by itself — so a client that ignores the navigation is cut
/// off all the same.
/// </summary>
public sealed class LiveSessions : IDisposable
{
    /// <summary>Time a circuit's browser gets to follow the sign-out navigation before its connection is cut.</summary>
    public static readonly TimeSpan CircuitGrace = TimeSpan.FromSeconds(1);

    private readonly KeyedRegistry<string, HubCallerContext> _hubConnections = new();
    private readonly KeyedRegistry<string, HubCallerContext> _circuitConnections = new();
    private readonly KeyedRegistry<string, Action> _circuits = new();
    private readonly UserSessionStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<LiveSessions> _logger;

    public LiveSessions(UserSessionStore store, TimeProvider time, ILogger<LiveSessions> logger)
    {
        _store = store;
        _time = time;
        _logger = logger;
        store.Revoked += OnRevoked;
    }

    /// <summary>A SignalR connection of the session: the exposure hub's, or the one a Blazor circuit runs over.</summary>
    public void AddConnection(string sessionId, HubCallerContext connection, bool carriesCircuit) =>
        (carriesCircuit ? _circuitConnections : _hubConnections).Add(sessionId, connection.ConnectionId, connection);

    public void RemoveConnection(string sessionId, string connectionId, bool carriesCircuit) =>
        (carriesCircuit ? _circuitConnections : _hubConnections).Remove(sessionId, connectionId);

    /// <summary>A circuit of the session; <paramref name="signOut"/> turns it anonymous. Dispose when the circuit closes.</summary>
    public IDisposable AddCircuit(string sessionId, string circuitId, Action signOut)
    {
        _circuits.Add(sessionId, circuitId, signOut);
        return new Registration(() => _circuits.Remove(sessionId, circuitId));
    }

    /// <summary>Open hub connections, circuits and circuit connections of the session (for tests and diagnostics).</summary>
    public (int HubConnections, int Circuits, int CircuitConnections) Count(string sessionId) =>
        (_hubConnections.Count(sessionId), _circuits.Count(sessionId), _circuitConnections.Count(sessionId));

    private void OnRevoked(IReadOnlyList<string> sessionIds)
    {
        foreach (var id in sessionIds)
        {
            foreach (var connection in _hubConnections.TakeAll(id)) connection.Abort();
            foreach (var signOut in _circuits.TakeAll(id)) signOut();
            _ = CutCircuitConnectionsAsync(id);
        }
    }

    private async Task CutCircuitConnectionsAsync(string sessionId)
    {
        try
        {
            await Task.Delay(CircuitGrace, _time);
            var left = _circuitConnections.TakeAll(sessionId);
            foreach (var connection in left) connection.Abort();
            if (left.Count > 0) _logger.LogInformation("Signed-out session: {Count} circuit connection(s) that did not leave by themselves were closed", left.Count);
        }
        catch (Exception ex)
        {
            _logger.LogWarning("Signed-out session: closing its circuit connections failed ({Error})", ex.Message);
        }
    }

    public void Dispose() => _store.Revoked -= OnRevoked;

    private sealed class Registration(Action remove) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) remove();
        }
    }
}
