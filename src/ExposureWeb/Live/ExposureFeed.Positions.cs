using ExposureWeb.Engine.Publishing;

namespace ExposureWeb.Live;

public sealed partial class ExposureFeed
{
    /// <summary>
    /// A page of a portfolio's positions from the snapshot last published (all of them: a large portfolio's live snapshot
    /// carries only its first ones, so a page beyond them comes from here).
    /// </summary>
    /// <remarks>The caller decides who may see the portfolio (as for its snapshot).</remarks>
    public Task<PositionPage> PositionsAsync(int portfolioId, int offset, int count, CancellationToken ct = default)
    {
        if (!_portfolios.TryGetValue(portfolioId, out var channel)) return Task.FromResult(PositionPage.Of(null, 0, offset, count));
        lock (channel.Gate) return Task.FromResult(PositionPage.Of(channel.Whole, channel.Sequence, offset, count));
    }
}
