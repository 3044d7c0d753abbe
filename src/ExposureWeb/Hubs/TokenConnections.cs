using System.Collections.Concurrent;
using ExposureWeb.Data.Accounts;
using Microsoft.AspNetCore.SignalR;

namespace ExposureWeb.Hubs;

/// <summary>
/// Hub connections opened with an API token, by token: revoking a token closes them at once, so a revoked bot stops
/// receiving updates now, not whenever it next reconnects.
/// </summary>
public sealed class TokenConnections : IDisposable
{
    private readonly ConcurrentDictionary<int, ConcurrentDictionary<string, HubCallerContext>> _byToken = new();
    private readonly ApiTokenStore _tokens;

    public TokenConnections(ApiTokenStore tokens)
    {
        _tokens = tokens;
        tokens.Revoked += Close;
    }

    public void Add(int tokenId, HubCallerContext connection) =>
        _byToken.GetOrAdd(tokenId, _ => new ConcurrentDictionary<string, HubCallerContext>())[connection.ConnectionId] = connection;

    public void Remove(int tokenId, string connectionId)
    {
        if (_byToken.TryGetValue(tokenId, out var connections)) connections.TryRemove(connectionId, out _);
    }

    /// <summary>Live connections opened with the token.</summary>
    public int Count(int tokenId) => _byToken.TryGetValue(tokenId, out var connections) ? connections.Count : 0;

    private void Close(int tokenId)
    {
        if (!_byToken.TryRemove(tokenId, out var connections)) return;
        foreach (var connection in connections.Values) connection.Abort();
    }

    public void Dispose() => _tokens.Revoked -= Close;
}
