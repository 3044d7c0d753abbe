using ExposureWeb.Engine.Publishing;
using ExposureWeb.Hubs;
using Microsoft.AspNetCore.SignalR.Client;

namespace ExposureWeb.Live;

public sealed partial class ExposureFeed
{
    /// <summary>
    /// A page of a portfolio's positions, asked of the hub (<see cref="ExposureHub.GetPositions"/>): a large portfolio's
    /// live snapshot carries only its first ones, so a page beyond them comes from here.
    /// </summary>
    /// <remarks>The caller decides who may see the portfolio (as for its snapshot).</remarks>
    public async Task<PositionPage> PositionsAsync(int portfolioId, int offset, int count, CancellationToken ct = default)
    {
        var hub = await _connection.Task.WaitAsync(ct);
        return await hub.InvokeAsync<PositionPage>(nameof(ExposureHub.GetPositions), portfolioId, offset, count, ct);
    }
}
