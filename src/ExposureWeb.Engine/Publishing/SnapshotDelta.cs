using System.Text.Json.Nodes;

namespace ExposureWeb.Engine.Publishing;

/// <summary>
/// What changed in a portfolio's snapshot since the one sent before: the message the hub sends per update. A client
/// holding snapshot <see cref="BaseSequence"/> applies it to get <see cref="Sequence"/>; a client holding anything else
/// subscribes again (which returns the whole current snapshot).
/// </summary>
/// <param name="PortfolioId">Portfolio it belongs to.</param>
/// <param name="Sequence">Number of the snapshot this delta produces (per portfolio, from 1, per server process).</param>
/// <param name="BaseSequence">Number of the snapshot it applies to; ignored when <paramref name="Full"/>.</param>
/// <param name="Full">True when <paramref name="Set"/> holds every property (no base needed).</param>
/// <param name="Set">Top-level properties whose value changed (camelCase JSON names), with their new values.</param>
/// <param name="Lists">Keyed lists (assets, positions, liquidations) changed row by row.</param>
public sealed record SnapshotDelta(
    int PortfolioId,
    long Sequence,
    long BaseSequence,
    bool Full,
    Dictionary<string, JsonNode?> Set,
    Dictionary<string, ListChange> Lists)
{
    /// <summary>
    /// The Greeks history points of every snapshot published since the base, oldest first: several when blocks were
    /// coalesced into this delta, so a client's history misses none of them. A client appends each with
    /// <see cref="GreeksSeries.Append"/> (a point at or below a height it holds replaces from there up).
    /// </summary>
    public IReadOnlyList<GreeksPoint> Points { get; init; } = [];
}

/// <summary>Row changes of one keyed list.</summary>
/// <param name="Upsert">Rows added or changed, whole.</param>
/// <param name="Remove">Keys of rows gone.</param>
/// <param name="Order">The keys in their new order, only when the order (not just the rows) changed.</param>
public sealed record ListChange(List<JsonNode> Upsert, List<string> Remove, List<string>? Order);

/// <summary>
/// A portfolio's subscription: the snapshot the hub last sent for it, its number, and the portfolio's recent Greeks
/// history. Everything a client shows starts from this; deltas then carry the changes of both.
/// </summary>
/// <param name="Snapshot">The snapshot, or null before the first block since the app started.</param>
/// <param name="Sequence">Its number; deltas with this <see cref="SnapshotDelta.BaseSequence"/> follow.</param>
public sealed record PortfolioSubscription(Snapshots.ExposureSnapshot? Snapshot, long Sequence)
{
    /// <summary>
    /// The newest points of the portfolio's Greeks history (at most <see cref="HistoryCapacity"/>), oldest first; kept
    /// in the database, so it is there after a restart, before the first block. It may already hold the points of
    /// blocks published but not yet sent: the deltas that bring them carry them again, which appending makes harmless.
    /// </summary>
    public IReadOnlyList<GreeksPoint> History { get; init; } = [];

    /// <summary>How many points the hub serves per portfolio: a client keeps as many.</summary>
    public int HistoryCapacity { get; init; }
}
