using ExposureWeb.Engine.Publishing;
using ExposureWeb.Engine.Snapshots;

namespace ExposureWeb.Live;

/// <summary>
/// One portfolio as the process publishes it to its circuits: the snapshot the hub sent last (and the whole one behind
/// it, for paging positions), its number, and — once a circuit asked for it — the Greeks history kept current.
/// Every field is guarded by <see cref="Gate"/>; the snapshots themselves are immutable and shared by every circuit.
/// </summary>
internal sealed class PortfolioChannel(int historyCapacity, ILogger logger)
{
    public readonly Lock Gate = new();
    public readonly Listeners<LivePortfolio> Listeners = new(1, logger);
    public readonly int HistoryCapacity = historyCapacity;

    public ExposureSnapshot? Snapshot;
    public ExposureSnapshot? Whole;
    public long Sequence;

    /// <summary>The history, oldest first; null until a first subscriber had it loaded.</summary>
    public IReadOnlyList<GreeksPoint>? History;

    /// <summary>Points published while the history loads (appended to it when it arrives); null when not loading.</summary>
    public List<GreeksPoint>? Early;

    /// <summary>What a circuit shows now. Call under <see cref="Gate"/>.</summary>
    public LivePortfolio Current() => new(Snapshot, History ?? [], HistoryCapacity);
}
