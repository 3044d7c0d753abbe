using System.Text.Json.Nodes;
using ExposureWeb.Engine.Snapshots;

namespace ExposureWeb.Engine.Publishing;

/// <summary>
/// A client's copy of what the hub serves for one portfolio, its snapshot and its Greeks history, kept current from the
/// hub's deltas. Not thread-safe: feed it from one place (a hub connection's handlers run one at a time).
/// </summary>
public sealed class SnapshotReplica
{
    private JsonObject? _state;

    /// <summary>Number of the snapshot held; 0 before any.</summary>
    public long Sequence { get; private set; }

    /// <summary>The snapshot held, or null.</summary>
    public ExposureSnapshot? Snapshot { get; private set; }

    /// <summary>The Greeks history held, oldest first; a new list whenever it changes.</summary>
    public IReadOnlyList<GreeksPoint> History { get; private set; } = [];

    /// <summary>How many points <see cref="History"/> keeps: as many as the hub serves.</summary>
    public int HistoryCapacity { get; private set; } = 1;

    /// <summary>Starts over from a subscription's answer.</summary>
    public void Reset(PortfolioSubscription subscription)
    {
        _state = subscription.Snapshot is null ? null : SnapshotDiff.ToJson(subscription.Snapshot);
        Snapshot = subscription.Snapshot;
        Sequence = subscription.Sequence;
        // A subscription that names no capacity keeps at least what it brought.
        HistoryCapacity = Math.Max(1, Math.Max(subscription.HistoryCapacity, subscription.History.Count));
        History = subscription.History;
    }

    /// <summary>
    /// Applies a delta. Returns <see cref="ApplyResult.Applied"/> with a new <see cref="Snapshot"/> and the delta's
    /// points appended to <see cref="History"/>, <see cref="ApplyResult.Stale"/> for a delta already reflected, or
    /// <see cref="ApplyResult.Gap"/> when updates were missed and the client must subscribe again.
    /// </summary>
    public ApplyResult Apply(SnapshotDelta delta)
    {
        if (!delta.Full)
        {
            if (delta.Sequence <= Sequence) return ApplyResult.Stale;
            if (delta.BaseSequence != Sequence || _state is null) return ApplyResult.Gap;
        }
        _state = SnapshotDiff.Apply(_state, delta);
        Snapshot = SnapshotDiff.FromJson(_state);
        Sequence = delta.Sequence;
        var history = History;
        foreach (var point in delta.Points) history = GreeksSeries.Append(history, point, HistoryCapacity);
        History = history;
        return ApplyResult.Applied;
    }
}

public enum ApplyResult
{
    Applied,
    Stale,
    Gap,
}
