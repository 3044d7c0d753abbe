using ExposureWeb.Auth;
using ExposureWeb.Stress;
using Microsoft.AspNetCore.SignalR;

namespace ExposureWeb.Hubs;

public sealed partial class ExposureHub
{
    /// <summary>
    /// Cancels a queued or running stress run of a portfolio the caller may edit; its end arrives as
    /// <see cref="IExposureClient.StressRunChanged"/> in the portfolio's group (joined with <see cref="SubscribePortfolio"/>).
    /// </summary>
    /// <exception cref="HubException">The run does not exist, is not the caller's, or the caller is a viewer.</exception>
    public async Task<StressRunView> CancelStressRun(long runId)
    {
        if (Context.User?.UserId() is not { } userId) throw new HubException("cancelling a stress run needs a signed-in user");
        var commands = Context.GetHttpContext()?.RequestServices.GetRequiredService<StressRunCommands>()
            ?? throw new HubException("no request context");
        var outcome = await commands.CancelAsync(userId, runId, Context.ConnectionAborted);
        return outcome.Access switch
        {
            StressAccess.Done => outcome.Value!,
            StressAccess.Forbidden => throw new HubException(outcome.Message),
            _ => throw new HubException($"stress run {runId} was not found"),
        };
    }
}
