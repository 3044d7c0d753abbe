using ExposureWeb.Engine.Publishing;
using ExposureWeb.Engine.Snapshots;
using Microsoft.AspNetCore.SignalR;

namespace ExposureWeb.Hubs;

/// <summary>
/// The real-time API: a connection joins the groups of the portfolios it may see and receives each
/// new snapshot. Every method checks the caller; a connection without a valid token is dropped.
/// </summary>
public sealed class ExposureHub(InternalHubKey key, LatestState latest, ILogger<ExposureHub> logger) : Hub<IExposureClient>
{
    public const string Path = "/hubs/exposure";
    private const string InternalCaller = "internal";

    public override Task OnConnectedAsync()
    {
        var http = Context.GetHttpContext();
        var token = http?.Request.Query["access_token"].FirstOrDefault()
            ?? http?.Request.Headers.Authorization.FirstOrDefault()?.Replace("Bearer ", "", StringComparison.Ordinal);
        if (key.Matches(token))
        {
            Context.Items[InternalCaller] = true;
        }
        else
        {
            logger.LogWarning("Exposure hub: refused a connection from {Remote} without a valid token", http?.Connection.RemoteIpAddress);
            Context.Abort();
        }
        return base.OnConnectedAsync();
    }

    /// <summary>Joins a portfolio's group and returns its newest snapshot (null before the first block).</summary>
    public async Task<ExposureSnapshot?> SubscribePortfolio(int portfolioId)
    {
        EnsureAllowed();
        await Groups.AddToGroupAsync(Context.ConnectionId, HubGroups.Portfolio(portfolioId));
        return latest.Snapshot(portfolioId);
    }

    /// <summary>Joins a chain's status group and returns its current status.</summary>
    public async Task<ChainStatus?> SubscribeChain(string chainName)
    {
        EnsureAllowed();
        await Groups.AddToGroupAsync(Context.ConnectionId, HubGroups.Chain(chainName));
        return latest.Chain(chainName);
    }

    private void EnsureAllowed()
    {
        if (!Context.Items.ContainsKey(InternalCaller)) throw new HubException("not authorized");
    }
}
