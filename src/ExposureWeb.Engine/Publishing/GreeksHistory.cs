using System.Collections.Concurrent;
using ExposureWeb.Data.Entities;
using ExposureWeb.Data.History;
using ExposureWeb.Engine.Snapshots;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Engine.Publishing;

/// <summary>
/// Each portfolio's Greeks history. Every point the engine produces is written to the database, where it is kept for
/// the retention settings (<see cref="EngineOptions.GreeksHistoryRetentionHours"/>,
/// <see cref="EngineOptions.GreeksHistoryRetentionBlocks"/>) and so survives a restart; the newest <see cref="Capacity"/>
/// points of each portfolio are also held in memory: that window is what the hub serves a subscriber.
/// </summary>
/// <remarks>
/// <para>Memory first, then the database, both before the snapshot is published. A write that fails is logged and the
/// engine goes on serving from memory; only the database misses that block.</para>
/// <para>After a restart a portfolio's window is loaded from the database on its first read, not at start (a thousand
/// portfolios need not load before the first block). Points the engine added before that read stay; the stored ones
/// older than them go in front.</para>
/// <para>Each window is an immutable array replaced on change: readers take it without a lock and may keep it.</para>
/// </remarks>
public sealed class GreeksHistory(GreeksHistoryStore store, IOptions<EngineOptions> options, TimeProvider time, ILogger<GreeksHistory> logger)
{
    /// <summary>The database is pruned at most this often, by the write of the first block after it.</summary>
    public static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<int, Window> _windows = new();
    private readonly EngineOptions _options = options.Value;
    // One writer: several chains' monitors add concurrently, and SQLite takes one write transaction at a time anyway.
    private readonly SemaphoreSlim _writing = new(1, 1);
    // The first write after start prunes, so points that aged out while the app was down go at once.
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    /// <summary>Points served (and held in memory) per portfolio.</summary>
    public int Capacity => _options.GreeksHistoryPoints;

    /// <summary>
    /// Adds the points of one block's snapshots (normally one per portfolio, up to every portfolio of a chain) and
    /// writes them to the database in one transaction. A snapshot at or below a height already held replaces the points
    /// from that height up (<see cref="GreeksSeries.Append"/>), in memory and in the database. Does not throw when the
    /// database fails; it logs.
    /// </summary>
    public async Task AddAsync(IReadOnlyList<ExposureSnapshot> snapshots, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        if (snapshots.Count == 0) return;
        var added = new Dictionary<int, GreeksPoint[]>();
        foreach (var snapshot in snapshots)
        {
            var point = GreeksPoint.From(snapshot);
            added[snapshot.PortfolioId] = GreeksSeries.Append(added.GetValueOrDefault(snapshot.PortfolioId) ?? [], point, int.MaxValue);
            var window = _windows.GetOrAdd(snapshot.PortfolioId, _ => new Window());
            lock (window.Gate) window.Points = GreeksSeries.Append(window.Points, point, Capacity);
        }

        await _writing.WaitAsync(ct);
        try
        {
            var entries = added.SelectMany(a => a.Value.Select(p => ToEntry(a.Key, p))).ToList();
            try
            {
                await store.WriteAsync(entries, ct);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Greeks history: writing {Count} point(s) of block {Block} to the database failed; they are served from memory but will be missing after a restart",
                    entries.Count, snapshots[0].BlockNumber);
            }
            if (time.GetUtcNow() - _lastPrune >= PruneInterval) await PruneLockedAsync(ct);
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>
    /// The portfolio's newest points (at most <see cref="Capacity"/>), oldest first: what the hub serves. The first
    /// read after a start loads them from the database; if that fails, the points held in memory are returned and the
    /// next read tries again.
    /// </summary>
    public async ValueTask<IReadOnlyList<GreeksPoint>> RecentAsync(int portfolioId, CancellationToken ct = default)
    {
        var window = _windows.GetOrAdd(portfolioId, _ => new Window());
        if (window.Loaded) return window.Points;
        IReadOnlyList<GreeksHistoryEntry> stored;
        try
        {
            stored = await store.RecentAsync(portfolioId, Capacity, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Greeks history: reading portfolio {Portfolio}'s points from the database failed; serving the ones in memory", portfolioId);
            return window.Points;
        }
        lock (window.Gate)
        {
            if (window.Loaded) return window.Points;
            // Stored points at or above the first one added since the start were replaced by it (a reorg, a chain that went back).
            var first = window.Points.Length > 0 ? window.Points[0].BlockNumber : ulong.MaxValue;
            window.Points = [.. stored.Select(ToPoint).Where(p => p.BlockNumber < first).Concat(window.Points).TakeLast(Capacity)];
            window.Loaded = true;
            return window.Points;
        }
    }

    /// <summary>
    /// Deletes the stored points past the retention settings: older than <see cref="EngineOptions.GreeksHistoryRetentionHours"/>
    /// by block time, and more than <see cref="EngineOptions.GreeksHistoryRetentionBlocks"/> blocks below the newest
    /// point of each portfolio held in memory. Runs by itself every <see cref="PruneInterval"/>; does not throw when the
    /// database fails (it logs and returns 0).
    /// </summary>
    /// <returns>Points deleted.</returns>
    public async Task<int> PruneAsync(CancellationToken ct = default)
    {
        await _writing.WaitAsync(ct);
        try
        {
            return await PruneLockedAsync(ct);
        }
        finally
        {
            _writing.Release();
        }
    }

    private async Task<int> PruneLockedAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        _lastPrune = now;
        var keepFrom = new Dictionary<int, long>();
        foreach (var (portfolioId, window) in _windows)
        {
            var points = window.Points;
            if (points.Length == 0) continue;
            var from = (long)points[^1].BlockNumber - _options.GreeksHistoryRetentionBlocks + 1;
            if (from > 0) keepFrom[portfolioId] = from;
        }
        try
        {
            var deleted = await store.PruneAsync(now - TimeSpan.FromHours(_options.GreeksHistoryRetentionHours), keepFrom, ct);
            if (deleted > 0) logger.LogDebug("Greeks history: pruned {Count} point(s) past the retention settings", deleted);
            return deleted;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Greeks history: pruning the database failed; tried again in {Interval}", PruneInterval);
            return 0;
        }
    }

    private static GreeksHistoryEntry ToEntry(int portfolioId, GreeksPoint point) => new()
    {
        PortfolioId = portfolioId,
        BlockNumber = checked((long)point.BlockNumber),
        BlockTime = point.BlockTime.ToUniversalTime(),
        NetUsdDelta = point.NetUsdDelta,
        DollarGammaPerPercent = point.DollarGammaPerPercent,
        VegaPerVolPoint = point.VegaPerVolPoint,
        ThetaPerDay = point.ThetaPerDay,
        ValueUsd = point.ValueUsd,
    };

    private static GreeksPoint ToPoint(GreeksHistoryEntry entry) => new(
        (ulong)entry.BlockNumber, entry.BlockTime, entry.NetUsdDelta, entry.DollarGammaPerPercent, entry.VegaPerVolPoint, entry.ThetaPerDay, entry.ValueUsd);

    private sealed class Window
    {
        public readonly Lock Gate = new();
        public volatile GreeksPoint[] Points = [];
        public volatile bool Loaded;
    }
}
