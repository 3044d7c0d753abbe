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
    Dictionary<string, ListChange> Lists);

/// <summary>Row changes of one keyed list.</summary>
/// <param name="Upsert">Rows added or changed, whole.</param>
/// <param name="Remove">Keys of rows gone.</param>
/// <param name="Order">The keys in their new order, only when the order (not just the rows) changed.</param>
public sealed record ListChange(List<JsonNode> Upsert, List<string> Remove, List<string>? Order);

/// <summary>A portfolio's subscription: the snapshot the hub last sent for it and its number (null before the first block).</summary>
/// <param name="Snapshot">The snapshot, or null before the first block.</param>
/// <param name="Sequence">Its number; deltas with this <see cref="SnapshotDelta.BaseSequence"/> follow.</param>
public sealed record PortfolioSubscription(Snapshots.ExposureSnapshot? Snapshot, long Sequence);
