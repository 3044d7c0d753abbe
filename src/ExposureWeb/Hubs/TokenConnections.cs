using ExposureWeb.Data.Accounts;
using Microsoft.AspNetCore.SignalR;

namespace ExposureWeb.Hubs;

/// <summary>
/// Hub connections opened with an API token, by token: revoking a token closes them at once, so a revoked bot stops
/// receiving updates now, not whenever it next reconnects.
/// </summary>
public sealed class TokenConnections : IDisposable
{
    private readonly KeyedRegistry<int, HubCallerContext> _byToken = new();
    private readonly ApiTokenStore _tokens;

    public TokenConnections(ApiTokenStore tokens)
    {
        _tokens = tokens;
        tokens.Revoked += Close;
    }

    public void Add(int tokenId, HubCallerContext connection) => _byToken.Add(tokenId, connection.ConnectionId, connection);

    public void Remove(int tokenId, string connectionId) => _byToken.Remove(tokenId, connectionId);

    /// <summary>Live connections opened with the token.</summary>
    public int Count(int tokenId) => _byToken.Count(tokenId);

    private void Close(int tokenId)
    {
        foreach (var connection in _byToken.TakeAll(tokenId)) connection.Abort();
    }

    public void Dispose() => _tokens.Revoked -= Close;
}
